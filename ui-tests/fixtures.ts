import {
  test as base,
  expect,
  type BrowserContext,
  type Frame,
  type Page,
  type ConsoleMessage
} from '@playwright/test';

import { HOST_ORIGIN } from './ports';

export interface IConsoleRecord {
  type: string;
  text: string;
  url: string;
}

/**
 * Every session ID used by the UI tests contains this mark, so the fixture can
 * check that no console message, in any test, ever shows a session ID.
 */
export const SESSION_MARK = 'Zq7SECRET';
export function testSessionId(label: string): string {
  return `${label}-${SESSION_MARK}-${Math.random().toString(36).slice(2, 10)}`;
}

// Messages that mean the app is broken, whatever the test is about.
const FATAL_PATTERNS = [
  /failed to activate/i,
  /Plugin '.*' failed/i,
  /No provider for/i,
  /Uncaught/i,
  // A prebuilt extension that cannot join the application's shared modules, or cannot be loaded.
  /Shared module .* doesn't exist/i,
  /Could not load .*remoteEntry/i
];

/** Record every console message, page error and worker console line of `context`'s pages. */
function recordConsole(context: BrowserContext, log: IConsoleRecord[]): void {
  const watch = (page: Page) => {
    page.on('console', (message: ConsoleMessage) =>
      log.push({ type: message.type(), text: message.text(), url: page.url() })
    );
    page.on('pageerror', error =>
      log.push({ type: 'pageerror', text: String(error), url: page.url() })
    );
    page.on('worker', worker =>
      worker.on('console', (message: ConsoleMessage) =>
        log.push({
          type: message.type(),
          text: message.text(),
          url: worker.url()
        })
      )
    );
  };
  context.pages().forEach(watch);
  context.on('page', watch);
}

export const test = base.extend<{
  consoleLog: IConsoleRecord[];
  noSessionInConsole: void;
}>({
  // Every test, whether or not it asks: no console line or page error may show a test session ID.
  noSessionInConsole: [
    async ({ context }, use) => {
      const log: IConsoleRecord[] = [];
      recordConsole(context, log);
      await use();
      const leaks = log.filter(entry => entry.text.includes(SESSION_MARK));
      expect(leaks, 'no session ID in any console message').toEqual([]);
    },
    { auto: true }
  ],
  /** Tests that ask for it also fail on plugin activation failures and uncaught errors. */
  consoleLog: async ({ context }, use, testInfo) => {
    const log: IConsoleRecord[] = [];
    recordConsole(context, log);
    await use(log);
    await testInfo.attach('console.json', {
      body: JSON.stringify(log, null, 2),
      contentType: 'application/json'
    });
    const fatal = log.filter(
      entry =>
        entry.type === 'pageerror' ||
        FATAL_PATTERNS.some(pattern => pattern.test(entry.text))
    );
    expect(fatal, 'no plugin activation failures or uncaught errors').toEqual(
      []
    );
  }
});

export { expect };

/**
 * Open a lab URL and wait until JupyterLab has restored its layout. The page
 * is opened as a link followed from `referer` — by default the demo Immerse
 * page, which the test sites allow, so a `#heavyai=` link in `url` is taken
 * without a question when it keeps the server in use (the site's own origin
 * is no sender: a link from it asks); `null` opens it like a typed URL (no
 * referrer).
 */
export async function openLab(
  page: Page,
  url = 'lab/index.html',
  { referer = `${HOST_ORIGIN}/` as string | null } = {}
): Promise<void> {
  await page.goto(url, referer === null ? {} : { referer });
  await page.waitForFunction(
    () => (window as any).jupyterapp?.restored !== undefined,
    null,
    { timeout: 45_000 }
  );
  await page.evaluate(() => (window as any).jupyterapp.restored);
  await page.locator('#jp-main-dock-panel').waitFor();
}

/** Run a command of the application by id. */
export async function runCommand(
  page: Page | Frame,
  id: string,
  args: Record<string, unknown> = {}
): Promise<unknown> {
  return page.evaluate(
    ([commandId, commandArgs]) =>
      (window as any).jupyterapp.commands.execute(commandId, commandArgs),
    [id, args] as const
  );
}

/** Resolve a service of the running app by its token's name (tokens are compared by identity). */
export async function serviceProperty<T>(
  page: Page,
  tokenName: string,
  property: string
): Promise<T> {
  return page.evaluate(
    async ([name, prop]) => {
      const app = (window as any).jupyterapp;
      const registry = app.pluginRegistry ?? app._pluginRegistry;
      const token = [...registry._services.keys()].find(
        (candidate: any) => candidate.name === name
      );
      if (!token) {
        throw new Error(`No service named ${name}`);
      }
      const service = await app.resolveRequiredService(token);
      return service[prop];
    },
    [tokenName, property] as const
  );
}

/** Answer the "Use this HeavyDB server?" question a `#heavyai=` link may raise; returns the server it showed. */
export async function answerLinkQuestion(
  page: Page | Frame,
  use: boolean
): Promise<string> {
  const dialog = page.locator('.jp-Dialog', {
    hasText: 'Use this HeavyDB server?'
  });
  await dialog.waitFor({ timeout: 20_000 });
  const server =
    (await dialog.locator('.jp-HeavyAI-confirm-value').first().textContent()) ??
    '';
  await dialog
    .locator('button', { hasText: use ? 'Use this server' : 'Ignore the link' })
    .click();
  await dialog.waitFor({ state: 'detached' });
  return server;
}
