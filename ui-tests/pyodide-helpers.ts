import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Frame, Page } from '@playwright/test';

import { TEST_PYODIDE_PATH } from './ports';
import { SITE_DIR } from './site-dir';

/** Pyodide's CDN folder for the version `@jupyterlite/pyodide-kernel` 0.8.6 declares (its packages). */
export const PYODIDE_CDN_PACKAGES =
  'https://cdn.jsdelivr.net/pyodide/v314.0.6/full/';
/** The kernel's default `pyodideUrl` (the site's jupyter-lite.json sets the same). */
export const PYODIDE_CDN_CORE = `${PYODIDE_CDN_PACKAGES}pyodide.mjs`;

/** The URL, on `siteOrigin`, of the `heavyai-lite` wheel that the site's `pypi/all.json` lists. */
export function siteWheelUrl(siteOrigin: string): string {
  const index = JSON.parse(
    readFileSync(path.join(SITE_DIR, 'pypi', 'all.json'), 'utf8')
  );
  const releases = Object.values(index['heavyai-lite'].releases) as {
    url: string;
  }[][];
  return new URL(releases[0][0].url, `${siteOrigin}/pypi/all.json`).href;
}

/**
 * Start the Pyodide test worker (`ui-tests/pages/pyodide-runner.mjs`) from `frame` as a module
 * Worker and load Pyodide in it; resolves to Pyodide's version and start-up time.
 */
export async function startPyodide(
  frame: Frame | Page
): Promise<{ version: string; ms: number }> {
  await frame.evaluate(url => {
    const worker = new Worker(url, { type: 'module' });
    const pending = new Map<number, (reply: unknown) => void>();
    worker.onmessage = ({ data }) => {
      pending.get(data.id)?.(data);
      pending.delete(data.id);
    };
    let next = 0;
    (window as any).heavyaiTestPyodide = (message: Record<string, unknown>) =>
      new Promise(resolve => {
        const id = next++;
        pending.set(id, resolve);
        worker.postMessage({ ...message, id });
      });
  }, `${TEST_PYODIDE_PATH}runner.mjs`);
  return (await callPyodide(frame, { op: 'load' })) as {
    version: string;
    ms: number;
  };
}

export interface IPyodideReply {
  ok: boolean;
  result?: unknown;
  error?: string;
  output: string[];
}

/** Send one message to the test worker; resolves to its whole reply (errors included). */
export async function pyodideReply(
  frame: Frame | Page,
  message: Record<string, unknown>
): Promise<IPyodideReply> {
  return frame.evaluate(
    data => (window as any).heavyaiTestPyodide(data),
    message
  );
}

/** Send one message to the test worker; rejects with Python's error text when it failed. */
export async function callPyodide(
  frame: Frame | Page,
  message: Record<string, unknown>
): Promise<unknown> {
  const reply = await pyodideReply(frame, message);
  if (!reply.ok) {
    throw new Error(`Pyodide: ${reply.error}\n${reply.output.join('\n')}`);
  }
  return reply.result;
}

/** Run Python whose last expression is a JSON string; resolves to the parsed value. */
export async function runPythonJson<T = any>(
  frame: Frame | Page,
  code: string
): Promise<T> {
  return JSON.parse(String(await callPyodide(frame, { op: 'run', code })));
}
