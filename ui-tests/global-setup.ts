import { readFileSync } from 'node:fs';
import path from 'node:path';

import { serveStatic } from '../scripts/lib/static-server.mjs';
import { PYODIDE_CDN_PACKAGES } from './pyodide-helpers';
import { SITE_DIR } from './site-dir';
import {
  languagePackSite,
  serveTestSite
} from '../scripts/lib/test-site-config.mjs';
import {
  COOP_HOST_ORIGIN,
  COOP_HOST_PORT,
  COOP_SITE_PORT,
  CUSTOM_MANAGER_FAILING_ORIGIN,
  CUSTOM_MANAGER_FAILING_PORT,
  CUSTOM_MANAGER_ORIGIN,
  CUSTOM_MANAGER_PORT,
  CUSTOM_SESSION_URL,
  CROSS_HOST_ORIGIN,
  CROSS_SITE_PORT,
  DROPIN_PORT,
  DROPIN_SW_PORT,
  HANDOFF_DISABLED_PORT,
  LOCALSTORAGE_CONTENTS_PORT,
  NO_MANAGER_PORT,
  HOST_ORIGIN,
  HOST_PORT,
  PYODIDE_SITE_ORIGIN,
  PYODIDE_SITE_PORT,
  SITE_PORT,
  SUBPATH_PORT,
  TRANSLATED_SITE_PORT,
  SUBPATH_PREFIX,
  TEST_PYODIDE_PATH
} from './ports';

/**
 * The example prebuilt extensions (a session manager and an unrelated one),
 * installed the way a deployer would: files under extensions/, entries in
 * federated_extensions, the manager selected by heavyai.sessionManagerId.
 */
function exampleExtensionsSite(root: string, sessionUrl = CUSTOM_SESSION_URL) {
  const examples = ['custom-session-manager', 'hello-prebuilt'].map(name => {
    const folder = path.join(root, 'examples', name, 'labextension');
    return {
      folder,
      meta: JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'))
    };
  });
  return {
    mounts: Object.fromEntries(
      examples.map(({ folder, meta }) => [`/extensions/${meta.name}/`, folder])
    ),
    siteConfig: {
      federated_extensions: examples.map(({ meta }) => ({
        name: meta.name,
        ...meta.jupyterlab._build
      })),
      heavyai: {
        sessionManagerId: 'heavyai-example:url-session-manager',
        sessionUrl
      }
    }
  };
}

/**
 * npm `pyodide` and the test worker that runs it, served under TEST_PYODIDE_PATH by the test
 * servers of the site (never part of `_output/`).
 */
function testPyodide(root: string) {
  return {
    mounts: { [TEST_PYODIDE_PATH]: path.join(root, 'node_modules', 'pyodide') },
    extraFiles: {
      [`${TEST_PYODIDE_PATH}runner.mjs`]: path.join(
        __dirname,
        'pages',
        'pyodide-runner.mjs'
      )
    }
  };
}

/**
 * The Pyodide kernel's settings for a site that loads the Pyodide core from the test server's copy
 * of npm `pyodide`. That copy has no packages, so `packageBaseUrl` sends package requests
 * (micropip, IPython's dependencies) to Pyodide's CDN, as a deployer self-hosting only the core must.
 */
function localPyodideKernelSettings(dir: string) {
  const plugin = '@jupyterlite/pyodide-kernel-extension:kernel';
  const built = JSON.parse(
    readFileSync(path.join(dir, 'jupyter-lite.json'), 'utf8')
  )['jupyter-config-data'];
  return {
    litePluginSettings: {
      ...built.litePluginSettings,
      [plugin]: {
        ...built.litePluginSettings?.[plugin],
        pyodideUrl: `${PYODIDE_SITE_ORIGIN}${TEST_PYODIDE_PATH}pyodide.mjs`,
        loadPyodideOptions: { packageBaseUrl: PYODIDE_CDN_PACKAGES }
      }
    }
  };
}

/**
 * Every server of a built site goes through `serveTestSite`, which adds the
 * test hooks (`exposeAppInBrowser`) to its served jupyter-lite.json: the
 * shipped configuration has none.
 *
 * One built site, served at the root of one origin (allowing the demo host
 * page's origin) and under a sub-path of another; plus the demo host page.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = path.resolve(__dirname, '..');
  const dir = SITE_DIR;
  const dropInDir = path.join(
    root,
    process.env.HEAVYAI_DROPIN_OUTPUT ?? '_output-dropin'
  );
  const servers = [
    await serveTestSite({
      dir,
      port: SITE_PORT,
      siteConfig: {
        heavyai: { allowedOrigins: [HOST_ORIGIN, COOP_HOST_ORIGIN] }
      },
      ...testPyodide(root)
    }),
    // The site with a test config whose Pyodide kernel loads the local copy of the Pyodide core.
    await serveTestSite({
      dir,
      port: PYODIDE_SITE_PORT,
      siteConfig: localPyodideKernelSettings(dir),
      ...testPyodide(root)
    }),
    // Cross-Origin-Opener-Policy on either side of a new-tab hand-off (coop.spec.ts).
    await serveTestSite({
      dir,
      port: COOP_SITE_PORT,
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin' },
      siteConfig: { heavyai: { allowedOrigins: [HOST_ORIGIN] } }
    }),
    await serveStatic({
      dir: path.join(root, 'demo'),
      port: COOP_HOST_PORT,
      extraFiles: { '/heavyai-embed.js': path.join(dir, 'heavyai-embed.js') },
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin-allow-popups' }
    }),
    await serveTestSite({
      dir,
      port: SUBPATH_PORT,
      prefix: SUBPATH_PREFIX,
      // This origin is not allowed by the site: it doubles as a foreign page embedding it.
      extraFiles: {
        '/foreign-host.html': path.join(__dirname, 'pages', 'foreign-host.html')
      }
    }),
    await serveStatic({
      dir: path.join(root, 'demo'),
      port: HOST_PORT,
      extraFiles: {
        '/heavyai-embed.js': path.join(dir, 'heavyai-embed.js'),
        '/custom-session.json': path.join(
          __dirname,
          'pages',
          'custom-session.json'
        )
      },
      // The example session manager fetches its session from here with credentials.
      headers: {
        'Access-Control-Allow-Origin': CUSTOM_MANAGER_ORIGIN,
        'Access-Control-Allow-Credentials': 'true'
      }
    }),
    await serveTestSite({
      dir,
      port: CUSTOM_MANAGER_PORT,
      ...exampleExtensionsSite(root)
    }),
    // The same, with a session URL that answers 404: the selected manager throws on every read.
    await serveTestSite({
      dir,
      port: CUSTOM_MANAGER_FAILING_PORT,
      ...exampleExtensionsSite(
        root,
        `${CUSTOM_MANAGER_FAILING_ORIGIN}/no-such-session.json`
      )
    }),
    // Notebooks and files in localStorage (localforage's driver): a full quota makes saving fail.
    await serveTestSite({
      dir,
      port: LOCALSTORAGE_CONTENTS_PORT,
      siteConfig: { contentsStorageDrivers: ['localStorageWrapper'] }
    }),
    // A deployer disabled our hand-off plugin: nothing of it may listen or keep data.
    await serveTestSite({
      dir,
      port: HANDOFF_DISABLED_PORT,
      siteConfig: {
        disabledExtensions: ['jupyterlite-heavyai:handoff'],
        heavyai: { allowedOrigins: [HOST_ORIGIN] }
      }
    }),
    // No session manager at all: the hand-off plugin fails to activate, its early inputs must stop.
    await serveTestSite({
      dir,
      port: NO_MANAGER_PORT,
      siteConfig: {
        disabledExtensions: ['jupyterlite-heavyai:default-session-manager'],
        heavyai: { allowedOrigins: [HOST_ORIGIN] }
      }
    }),
    await serveTestSite({
      dir: dropInDir,
      port: DROPIN_PORT,
      siteConfig: { heavyai: { allowedOrigins: [HOST_ORIGIN] } }
    }),
    await serveTestSite({
      dir: dropInDir,
      port: DROPIN_SW_PORT,
      siteConfig: { heavyai: { allowedOrigins: [HOST_ORIGIN] } },
      // The one step a deployer takes: our service worker replaces the site's.
      extraFiles: {
        '/service-worker.js': path.join(
          root,
          'labextension',
          'service-worker.js'
        )
      }
    }),
    // Embedded cross-site: the demo host page reached as localhost hands the session over.
    await serveTestSite({
      dir,
      port: CROSS_SITE_PORT,
      siteConfig: { heavyai: { allowedOrigins: [CROSS_HOST_ORIGIN] } }
    }),
    // The interface in French for our domain only, from a test language pack (translation.spec.ts).
    await serveTestSite({
      dir,
      port: TRANSLATED_SITE_PORT,
      ...languagePackSite({
        locale: 'fr_FR',
        packFile: path.join(__dirname, 'pages', 'language-pack-fr_FR.json')
      })
    })
  ];
  return async () => {
    await Promise.all(servers.map(server => server.close()));
  };
}
