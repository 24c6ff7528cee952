import { defineConfig } from '@playwright/test';

import { chromiumPath, strictChromiumArgs, userChromiumArgs } from './browser';
import { SITE_PORT, SUBPATH_PORT, SUBPATH_PREFIX } from './ports';

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: '../test-results/ui-results.json' }]
  ],
  outputDir: '../test-results/ui',
  use: {
    baseURL: `http://127.0.0.1:${SITE_PORT}/`,
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: chromiumPath, args: userChromiumArgs },
    trace: 'off',
    screenshot: 'only-on-failure'
  },
  projects: [
    // What users run: Chromium's own defaults (see browser.ts). Every spec but the strict ones.
    { name: 'chromium', testIgnore: /\.strict\.spec\.ts$/ },
    // A browser that denies third-party storage, on purpose: only *.strict.spec.ts.
    {
      name: 'strict',
      testMatch: /\.strict\.spec\.ts$/,
      use: {
        launchOptions: {
          executablePath: chromiumPath,
          args: strictChromiumArgs
        }
      }
    }
  ],
  metadata: { subpathUrl: `http://127.0.0.1:${SUBPATH_PORT}${SUBPATH_PREFIX}` }
});
