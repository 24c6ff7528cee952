/**
 * The service-worker side of `GET {baseUrl}heavyai/session`: which requests
 * are ours, and the response built from the browser's session store.
 * No JupyterLab imports: bundled into the site's service worker.
 */
import { SESSION_ENDPOINT_PATHS } from '../ids';
import { readHeavyAIConfig, type ISiteConfig } from '../site-config';
import { endpointBody, type ISessionRecord } from '../store/record';

/** Whether `url` is the session endpoint of the site whose root is `siteRoot`. */
export function isEndpointRequest(
  method: string,
  url: URL,
  siteRoot: URL
): boolean {
  if (method !== 'GET' || url.origin !== siteRoot.origin) {
    return false;
  }
  return SESSION_ENDPOINT_PATHS.some(
    path => url.pathname === `${siteRoot.pathname}${path}`
  );
}

/** What of a request decides whether the endpoint answers it. */
export interface IRequestKind {
  mode: string;
  destination: string;
}

/**
 * Only script reads answer: `fetch`/XHR from pages and workers of the site
 * (destination ''). A navigation (a tab or frame opened on the endpoint's
 * URL) or a subresource load (`<script>`, `<img>`, a worker script) gets no
 * session, so the session is never shown on screen or handed to a loader.
 */
export function isScriptRead(request: IRequestKind): boolean {
  return request.mode !== 'navigate' && request.destination === '';
}

const COMMON_HEADERS = {
  // The body carries a live credential: never keep it in any cache.
  'Cache-Control': 'no-store',
  // Never let a browser reinterpret the JSON as script or HTML.
  'X-Content-Type-Options': 'nosniff'
};

/**
 * The endpoint's answer to a script read: the session JSON (empty values when none), never cached.
 */
export function endpointResponse(
  record: ISessionRecord | undefined,
  config: ISiteConfig
): Response {
  return new Response(JSON.stringify(endpointBody(record, config)), {
    status: 200,
    headers: { 'Content-Type': 'application/json', ...COMMON_HEADERS }
  });
}

/** The answer to a navigation or subresource load of the endpoint: no session. */
export function refusedEndpointResponse(): Response {
  return new Response(
    'The HeavyAI session endpoint answers fetch requests from the site only.\n',
    {
      status: 403,
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        ...COMMON_HEADERS
      }
    }
  );
}

/** The site's `heavyai` settings, read from its jupyter-lite.json (defaults when unreadable). */
export async function fetchSiteConfig(
  siteRoot: URL,
  fetcher: typeof fetch = fetch
): Promise<ISiteConfig> {
  try {
    const response = await fetcher(
      new URL('jupyter-lite.json', siteRoot).href,
      { cache: 'no-cache' }
    );
    const json = response.ok ? await response.json() : {};
    return readHeavyAIConfig(json['jupyter-config-data'] ?? {}).config;
  } catch {
    return readHeavyAIConfig({}).config;
  }
}
