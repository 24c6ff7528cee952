/**
 * WebKitGTK (Safari's engine) over classic WebDriver: WebKitWebDriver drives webkit-browser.py (a
 * small WebKitGTK browser with a persistent or ephemeral profile and console capture) on an Xvfb
 * display, through selenium-webdriver.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Builder, By, type WebDriver } from 'selenium-webdriver';

import type { IEngineDriver, Target } from './driver';

export const WEBKIT_DRIVER_PATH =
  process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
const BROWSER = path.join(__dirname, 'webkit-browser.py');

export interface IWebKitOptions {
  /** A profile kept on disk (IndexedDB, service worker registrations), else an ephemeral one. */
  persistent: boolean;
  /** The port WebKitWebDriver listens on. */
  driverPort: number;
}

/** Start Xvfb on a free display; resolves with the display name once it accepts clients. */
function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const xvfb = spawn(
      'Xvfb',
      ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] }
    );
    let errors = '';
    xvfb.stderr!.on('data', chunk => (errors += chunk));
    xvfb.stdio[3]!.on('data', chunk =>
      resolve({ display: `:${String(chunk).trim()}`, process: xvfb })
    );
    xvfb.once('exit', code =>
      reject(new Error(`Xvfb exited (${code}): ${errors}`))
    );
  });
}

async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(`http://127.0.0.1:${port}/status`);
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }
}

export async function launchWebKit({
  persistent,
  driverPort
}: IWebKitOptions): Promise<IEngineDriver> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'heavyai-webkit-'));
  const consoleLog = path.join(scratch, 'console.log');
  writeFileSync(consoleLog, '');
  const xvfb = await startXvfb();
  const webdriver = spawn(WEBKIT_DRIVER_PATH, [`--port=${driverPort}`], {
    env: { ...process.env, DISPLAY: xvfb.display },
    stdio: 'ignore'
  });
  const stop = () => {
    webdriver.kill();
    xvfb.process.kill();
    rmSync(scratch, { recursive: true, force: true });
  };
  let driver: WebDriver;
  try {
    await waitForPort(driverPort);
    driver = await new Builder()
      .usingServer(`http://127.0.0.1:${driverPort}`)
      .withCapabilities({
        browserName: 'HeavyAITestBrowser',
        'webkitgtk:browserOptions': {
          binary: BROWSER,
          args: [
            '--automation',
            `--console-log=${consoleLog}`,
            ...(persistent
              ? [`--profile=${path.join(scratch, 'profile')}`]
              : [])
          ]
        }
      })
      .build();
    await driver
      .manage()
      .setTimeouts({ script: 120_000, pageLoad: 120_000, implicit: 0 });
  } catch (error) {
    stop();
    throw error;
  }

  const enter = async (target: Target) => {
    await driver.switchTo().defaultContent();
    if (target === 'site') {
      await driver.switchTo().frame(await driver.findElement(By.id('site')));
    }
  };

  return {
    name: persistent
      ? 'WebKit (persistent profile)'
      : 'WebKit (ephemeral profile)',
    async goto(url) {
      await driver.switchTo().defaultContent();
      await driver.get(url);
    },
    async evaluate<T>(target: Target, source: string, ...args: unknown[]) {
      await enter(target);
      return (await driver.executeScript(
        `return (${source})(...arguments);`,
        ...args
      )) as T;
    },
    async consoleLines() {
      return readFileSync(consoleLog, 'utf8').split('\n').filter(Boolean);
    },
    async close() {
      // The browser ends with its last window, which can race the session's end.
      await driver.quit().catch(() => undefined);
      stop();
    }
  };
}
