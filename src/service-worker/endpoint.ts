/**
 * The service-worker side of `GET {baseUrl}heavyai/session`: which requests
 * are ours, and the response built from the browser's session store.
 * No JupyterLab imports: bundled into the site's service worker.
 */
import { readHeavyAIConfig, type HeavyAIConfig } from '../contract/config';
import { endpointBody, type SessionRecord } from '../contract/endpoint';

/** The endpoint paths under the site root, the current one and the OmniSci-era one. */
export const ENDPOINT_PATHS = ['heavyai/session', 'omnisci/session'];

/** Whether `url` is the session endpoint of the site whose root is `siteRoot`. */
export function isEndpointRequest(method: string, url: URL, siteRoot: URL): boolean {
  if (method !== 'GET' || url.origin !== siteRoot.origin) {
    return false;
  }
  return ENDPOINT_PATHS.some(path => url.pathname === `${siteRoot.pathname}${path}`);
}

export function endpointResponse(record: SessionRecord | undefined, config: HeavyAIConfig): Response {
  return new Response(JSON.stringify(endpointBody(record, config)), {
    status: 200,
    headers: {
      'Content-Type': 'application/json',
      // The body carries a live credential: never keep it in any cache.
      'Cache-Control': 'no-store'
    }
  });
}

/** The site's `heavyai` settings, read from its jupyter-lite.json (defaults when unreadable). */
export async function fetchSiteConfig(siteRoot: URL, fetcher: typeof fetch = fetch): Promise<HeavyAIConfig> {
  try {
    const response = await fetcher(new URL('jupyter-lite.json', siteRoot).href, { cache: 'no-cache' });
    const json = response.ok ? await response.json() : {};
    return readHeavyAIConfig(json['jupyter-config-data'] ?? {}).config;
  } catch {
    return readHeavyAIConfig({}).config;
  }
}
