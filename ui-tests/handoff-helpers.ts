import type { Frame, JSHandle, Page } from '@playwright/test';

import { conWithLogin } from '../heavydb-standin/testkit';
import { openLab } from './fixtures';
import { heavyaiFragment } from './links';
import { HOST_ORIGIN, SITE_ORIGIN } from './ports';

/**
 * Open the demo host page (without its automatic hand-off) and return the site's frame once it is
 * ready. `hostOrigin` names the host page's server (CROSS_HOST_ORIGIN makes the frame cross-site).
 */
export async function openHostPage(
  page: Page,
  siteOrigin = SITE_ORIGIN,
  hostOrigin = HOST_ORIGIN
): Promise<Frame> {
  await page.goto(
    `${hostOrigin}/?auto=0&site=${encodeURIComponent(`${siteOrigin}/`)}`
  );
  await page.evaluate(() => (window as any).heavyaiHost.site.ready);
  return siteFrame(page, siteOrigin);
}

export function siteFrame(page: Page, siteOrigin = SITE_ORIGIN): Frame {
  const frame = page
    .frames()
    .find(candidate => candidate.url().startsWith(siteOrigin));
  if (!frame) {
    throw new Error('The site frame is not loaded');
  }
  return frame;
}

/** Hand over `payload` with the SDK from the host page; resolves to 'accepted' or the rejection reason. */
export async function sendWithSdk(
  page: Page,
  payload: unknown
): Promise<string> {
  return page.evaluate(async data => {
    try {
      await (window as any).heavyaiHost.site.sendSession(data);
      return 'accepted';
    } catch (error) {
      return `rejected: ${(error as Error).message}`;
    }
  }, payload);
}

/** Post anything to the site frame, bypassing the SDK's own checks, and return the site's reply. */
export async function postRaw(
  page: Page,
  data: unknown
): Promise<{ type: string; reason?: string } | null> {
  return page.evaluate(
    ([message, siteOrigin]) =>
      new Promise(resolve => {
        const frame = document.getElementById('site') as HTMLIFrameElement;
        const onReply = (event: MessageEvent) => {
          if (
            event.origin !== siteOrigin ||
            event.source !== frame.contentWindow
          ) {
            return;
          }
          const type = event.data?.type;
          if (
            type === 'heavyai:session-accepted' ||
            type === 'heavyai:session-rejected'
          ) {
            window.removeEventListener('message', onReply);
            resolve(event.data);
          }
        };
        window.addEventListener('message', onReply);
        frame.contentWindow!.postMessage(message, siteOrigin);
        setTimeout(() => {
          window.removeEventListener('message', onReply);
          resolve(null);
        }, 5000);
      }),
    [data, SITE_ORIGIN] as const
  );
}

/** GET the session endpoint from the site page (relative to the lab page, like notebook code would). */
export async function endpointFromPage(frame: Frame | Page): Promise<any> {
  return frame.evaluate(async () => {
    const response = await fetch(new URL('../heavyai/session', location.href));
    return {
      status: response.status,
      cacheControl: response.headers.get('cache-control'),
      body: await response.json()
    };
  });
}

/** GET the endpoint from a dedicated Worker started by the site page, where kernels run. */
export async function endpointFromWorker(frame: Frame | Page): Promise<any> {
  return frame.evaluate(async () => {
    const url = new URL('../heavyai/session', location.href).href;
    const source = `fetch(${JSON.stringify(url)}).then(async r => postMessage({ status: r.status, body: await r.json() }), e => postMessage({ error: String(e) }));`;
    const worker = new Worker(
      URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))
    );
    const result = await new Promise(
      resolve => (worker.onmessage = event => resolve(event.data))
    );
    worker.terminate();
    return result;
  });
}

/** Wait until a service worker controls the page (it claims clients once activated). */
export async function waitForServiceWorker(frame: Frame | Page): Promise<void> {
  await frame.waitForFunction(
    () => navigator.serviceWorker.controller !== null,
    null,
    { timeout: 20_000 }
  );
}

/**
 * The page's HeavyAI session manager (whichever plugin provides it), as a handle for the caller's
 * own `evaluate`: found by its token's name, as another extension would depend on it.
 */
export function sessionManager(page: Frame | Page): Promise<JSHandle<any>> {
  return page.evaluateHandle(async () => {
    const app = (window as any).jupyterapp;
    const registry = app.pluginRegistry ?? app._pluginRegistry;
    const token = [...registry._services.keys()].find(
      (candidate: any) =>
        candidate.name === 'jupyterlite-heavyai:IHeavyAISessionManager'
    );
    return app.resolveRequiredService(token);
  });
}

/**
 * Store a session through the page's session manager, as the hand-off sink does after accepting
 * a message. Resolves with `Date.now()` in the page just before the store was asked.
 */
export async function storeSession(
  page: Frame | Page,
  payload: { session: string; connection: unknown }
): Promise<number> {
  const manager = await sessionManager(page);
  return manager.evaluate(async (store, record) => {
    const at = Date.now();
    await store.setSession({
      ...record,
      environment: {},
      query: '',
      receivedAt: at,
      senderOrigin: location.origin,
      via: 'message'
    });
    return at;
  }, payload);
}

/**
 * Log in at the stand-in on `port` as its admin user and open the lab with a link carrying that
 * session, followed from the allowed host page: a session the stand-in can later expire or
 * interrupt like any real login.
 */
export async function openLabWithLoginSession(
  page: Page,
  port: number
): Promise<void> {
  const login = conWithLogin(port, 'admin', 'HyperInteractive');
  await login.connectAsync();
  const payload = {
    session: login.sessionId()[0],
    connection: { protocol: 'http', host: '127.0.0.1', port }
  };
  await openLab(page, `lab/index.html${heavyaiFragment(payload)}`);
}
