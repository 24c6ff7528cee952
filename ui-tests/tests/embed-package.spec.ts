/**
 * Each documented way for a host page to load the host SDK: the site's standalone
 * `heavyai-embed.js` imported cross-origin (refused without `Access-Control-Allow-Origin`, taken
 * with it), and the npm package packed from the same build, installed into a fresh folder and
 * imported by its name — in Node, and in a host page through an import map.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Page } from '@playwright/test';

import { serveStatic } from '../../scripts/lib/static-server.mjs';
import { serveTestSite } from '../../scripts/lib/test-site-config.mjs';
import { expect, test, testSessionId } from '../fixtures';
import { SITE_DIR } from '../site-dir';
import {
  SDK_CORS_SITE_ORIGIN,
  SDK_CORS_SITE_PORT,
  SDK_HOST_ORIGIN,
  SDK_HOST_PORT,
  SITE_ORIGIN
} from '../ports';

const root = path.resolve(__dirname, '..', '..');
let hostApp: string;
let servers: { close(): Promise<void> }[] = [];

test.beforeAll(async () => {
  const output = execFileSync(
    process.execPath,
    [path.join(root, 'scripts', 'build-embed-package.mjs')],
    { cwd: root, encoding: 'utf8' }
  );
  const tarball = output.trim().split('\n').pop()!;
  hostApp = mkdtempSync(path.join(tmpdir(), 'heavyai-host-app-'));
  writeFileSync(
    path.join(hostApp, 'package.json'),
    JSON.stringify({ name: 'host-app', private: true, type: 'module' })
  );
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--offline', tarball],
    { cwd: hostApp, encoding: 'utf8' }
  );
  servers = [
    // A plain host page, with the installed package where its import map points.
    await serveStatic({
      dir: path.join(__dirname, '..', 'pages'),
      port: SDK_HOST_PORT,
      mounts: { '/node_modules/': path.join(hostApp, 'node_modules') }
    }),
    // The site, sending the header the README asks for so the host page may import its SDK.
    await serveTestSite({
      dir: SITE_DIR,
      port: SDK_CORS_SITE_PORT,
      headers: { 'Access-Control-Allow-Origin': SDK_HOST_ORIGIN },
      siteConfig: { heavyai: { allowedOrigins: [SDK_HOST_ORIGIN] } }
    })
  ];
});
test.afterAll(async () => {
  await Promise.all(servers.map(server => server.close()));
  if (hostApp) {
    rmSync(hostApp, { recursive: true, force: true });
  }
});

async function openHost(page: Page, sdk: string, site: string) {
  await page.goto(
    `${SDK_HOST_ORIGIN}/sdk-host.html?sdk=${encodeURIComponent(sdk)}&site=${encodeURIComponent(`${site}/`)}`
  );
  return page.evaluate(() => (window as any).sdkOutcome as Promise<string>);
}

async function sendSession(page: Page): Promise<string> {
  return page.evaluate(async session => {
    try {
      await (window as any).heavyaiSite.sendSession({
        session,
        connection: { protocol: 'http', host: '127.0.0.1', port: 6278 }
      });
      return 'accepted';
    } catch (error) {
      return `rejected: ${(error as Error).message}`;
    }
  }, testSessionId('sdk-package'));
}

test('the standalone SDK from a site without Access-Control-Allow-Origin is refused cross-origin', async ({
  page
}) => {
  const response = await page.request.get(`${SITE_ORIGIN}/heavyai-embed.js`);
  expect(response.ok()).toBe(true);
  expect(response.headers()['access-control-allow-origin']).toBeUndefined();
  expect(
    await openHost(page, `${SITE_ORIGIN}/heavyai-embed.js`, SITE_ORIGIN)
  ).toMatch(/^import failed: .*Failed to fetch dynamically imported module/);
});

test('the standalone SDK from a site sending Access-Control-Allow-Origin loads cross-origin and hands over', async ({
  page
}) => {
  expect(
    await openHost(
      page,
      `${SDK_CORS_SITE_ORIGIN}/heavyai-embed.js`,
      SDK_CORS_SITE_ORIGIN
    )
  ).toBe('connected');
  expect(await sendSession(page)).toBe('accepted');
});

test('the packed npm package installs, imports in Node, and hands over from a host page by its name', async ({
  page
}) => {
  const installed = path.join(hostApp, 'node_modules', 'heavyai-embed');
  expect(existsSync(path.join(installed, 'heavyai-embed.d.ts'))).toBe(true);
  const exported = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const sdk = await import('heavyai-embed'); console.log(Object.keys(sdk).sort().join(' '));"
    ],
    { cwd: hostApp, encoding: 'utf8' }
  ).trim();
  for (const name of [
    'buildHandoffUrl',
    'connect',
    'createHandoffLink',
    'openSite',
    'validateSessionPayload'
  ]) {
    expect(exported.split(' ')).toContain(name);
  }

  expect(await openHost(page, 'heavyai-embed', SDK_CORS_SITE_ORIGIN)).toBe(
    'connected'
  );
  expect(await sendSession(page)).toBe('accepted');
});
