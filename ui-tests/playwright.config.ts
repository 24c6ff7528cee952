import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

import { SITE_PORT, SUBPATH_PORT, SUBPATH_PREFIX } from './ports';

// Debian's Chromium where it exists (these machines cannot download Playwright's browsers).
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: '../test-results/ui-results.json' }]],
  outputDir: '../test-results/ui',
  use: {
    baseURL: `http://127.0.0.1:${SITE_PORT}/`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    },
    trace: 'off',
    screenshot: 'only-on-failure'
  },
  metadata: { subpathUrl: `http://127.0.0.1:${SUBPATH_PORT}${SUBPATH_PREFIX}` }
});
