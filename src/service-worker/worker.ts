/**
 * Our part of the site's service worker. It is placed before JupyterLite's
 * own worker code in the same file: it answers the session endpoint and stops
 * the event there, and leaves every other request to JupyterLite's handler
 * (drive, stdin, heartbeat, caching).
 */
import { RENEW_PARAM, SESSION_INVALID_NOTICE } from '../ids';
import type { ISiteConfig } from '../site-config';
import {
  openSessionDatabase,
  readStoredRecord
} from '../store/session-database';
import {
  endpointResponse,
  fetchSiteConfig,
  isEndpointRequest,
  isScriptRead,
  refusedEndpointResponse
} from './endpoint';

// The few service-worker types used here; the DOM and WebWorker libs cannot share one program.
interface ISessionFetchEvent extends Event {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
declare const self: {
  readonly registration: { readonly scope: string };
  readonly clients: {
    matchAll(options: {
      type: 'window';
    }): Promise<readonly { postMessage(message: unknown): void }[]>;
  };
  addEventListener(
    type: 'fetch',
    listener: (event: ISessionFetchEvent) => void
  ): void;
};

const siteRoot = new URL(self.registration.scope);
const database = openSessionDatabase();
let config: Promise<ISiteConfig> | undefined;

async function answer(): Promise<Response> {
  config ??= fetchSiteConfig(siteRoot);
  const [record, siteConfig] = await Promise.all([
    readStoredRecord(database).catch(() => undefined),
    config
  ]);
  return endpointResponse(record, siteConfig);
}

self.addEventListener('fetch', event => {
  if (
    !isEndpointRequest(
      event.request.method,
      new URL(event.request.url),
      siteRoot
    )
  ) {
    return;
  }
  // JupyterLite's listener, registered after this one, would answer it from the network.
  event.stopImmediatePropagation();
  const scriptRead = isScriptRead(event.request);
  if (scriptRead && new URL(event.request.url).searchParams.has(RENEW_PARAM)) {
    // A kernel found the session refused: the site's pages ask their host for a new one.
    void self.clients
      .matchAll({ type: 'window' })
      .then(pages =>
        pages.forEach(page =>
          page.postMessage({ type: SESSION_INVALID_NOTICE })
        )
      );
  }
  event.respondWith(
    scriptRead ? answer() : Promise.resolve(refusedEndpointResponse())
  );
});
