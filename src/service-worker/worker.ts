/**
 * Our part of the site's service worker. It is placed before JupyterLite's
 * own worker code in the same file: it answers the session endpoint and stops
 * the event there, and leaves every other request to JupyterLite's handler
 * (drive, stdin, heartbeat, caching).
 */
import type { ISiteConfig } from '../site-config';
import { openSessionDatabase, readStoredRecord } from '../store/session-store';
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
  event.respondWith(
    isScriptRead(event.request)
      ? answer()
      : Promise.resolve(refusedEndpointResponse())
  );
});
