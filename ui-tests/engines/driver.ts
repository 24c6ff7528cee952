/**
 * What the engine suites need from a browser, whatever drives it: Firefox over WebDriver BiDi
 * (puppeteer-core) or WebKitGTK over classic WebDriver (selenium-webdriver). The scenarios in
 * scenarios.ts are written once against this interface.
 *
 * Code that runs in the page is passed as the source text of a function expression, not as a
 * function: tsx (which runs these suites) rewrites functions with a `__name` helper that does not
 * exist in the page.
 */

/** Where page code runs: the top-level page, or the site's frame inside the demo host page. */
export type Target = 'top' | 'site';

export interface IEngineDriver {
  /** The engine's name in test titles and failures. */
  readonly name: string;
  /** Open `url` as a typed address (no referrer) and wait for its load event. */
  goto(url: string): Promise<void>;
  /**
   * Call the page function `source` (e.g. `'(a, b) => a + b'`) with JSON `args` in `target` and
   * resolve with its (awaited, JSON) result.
   */
  evaluate<T>(target: Target, source: string, ...args: unknown[]): Promise<T>;
  /**
   * Every console line and uncaught error of every page and frame since the start, or `null` when
   * this engine cannot observe the console.
   */
  consoleLines(): Promise<string[] | null>;
  close(): Promise<void>;
}

/** Call `source` in `target` until it returns a truthy value; resolve with that value. */
export async function waitFor<T>(
  driver: IEngineDriver,
  target: Target,
  what: string,
  source: string,
  args: unknown[] = [],
  timeoutMs = 30_000
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await driver.evaluate<T>(target, source, ...args);
      if (value) {
        return value;
      }
      last = value;
    } catch (error) {
      // A page that is navigating or a frame not yet attached: try again.
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${driver.name}: timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`
      );
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}
