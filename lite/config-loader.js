// Runs first on every app page. It merges the site's `jupyter-lite.json`
// files into the page's `jupyter-config-data` and turns the relative URLs in
// them into absolute paths, so the same static files work under any sub-path
// (`/`, `/notebooks/`, an Immerse proxy prefix...). It also switches JupyterLite
// to memory storage where the browser denies IndexedDB. Then it starts the bundle.

const CONFIG_ID = 'jupyter-config-data';
const configScript = document.getElementById(CONFIG_ID);

// The folder of this page, with a trailing slash.
const pageFolder = new URL('.', window.location.href);
const siteRoot = new URL(
  configScript.dataset.jupyterLiteRoot || '.',
  pageFolder
);

// Joined with baseUrl by JupyterLab itself: leave them relative.
const JOINED_BY_APP = new Set(['themesUrl', 'licensesUrl']);

function isRelative(value) {
  return (
    typeof value === 'string' &&
    (value.startsWith('./') || value.startsWith('../'))
  );
}

function absolutize(config, folder) {
  const result = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === 'litePluginSettings' || key === 'settingsOverrides') {
      result[key] = Object.fromEntries(
        Object.entries(value || {}).map(([plugin, settings]) => [
          plugin,
          absolutize(settings || {}, folder)
        ])
      );
    } else if (
      key.endsWith('Url') &&
      !JOINED_BY_APP.has(key) &&
      isRelative(value)
    ) {
      result[key] = new URL(value, folder).pathname;
    } else if (key.endsWith('Urls') && Array.isArray(value)) {
      result[key] = value.map(item =>
        isRelative(item) ? new URL(item, folder).pathname : item
      );
    } else {
      result[key] = value;
    }
  }
  return result;
}

function merge(into, config) {
  for (const [key, value] of Object.entries(config)) {
    if (key === 'federated_extensions' || key === 'disabledExtensions') {
      into[key] = [...(into[key] || []), ...value];
    } else if (key === 'litePluginSettings' || key === 'settingsOverrides') {
      into[key] = into[key] || {};
      for (const [plugin, settings] of Object.entries(value || {})) {
        into[key][plugin] = { ...(into[key][plugin] || {}), ...settings };
      }
    } else {
      into[key] = value;
    }
  }
  return into;
}

async function readSiteConfig(folder) {
  const url = new URL('jupyter-lite.json', folder);
  try {
    const response = await fetch(url, { cache: 'no-cache' });
    if (!response.ok) {
      return {};
    }
    const json = await response.json();
    return absolutize(json[CONFIG_ID] || {}, folder);
  } catch (error) {
    console.warn(`Could not read ${url.pathname}: ${error}`);
    return {};
  }
}

function uniqueByName(extensions) {
  const byName = new Map();
  for (const extension of extensions || []) {
    byName.set(extension.name, extension);
  }
  return [...byName.values()];
}

// JupyterLite keeps contents, settings and workspaces in IndexedDB (through localforage). Where
// the browser denies it (a strict browser's third-party frame, some private modes) it fails with
// "No available storage method found" and the page stays blank. JupyterLite's own remedy is memory
// storage; it must be chosen before its storage plugins activate, so here. The probe opens an empty
// database of its own (never JupyterLite's or our session store's, whose versions it would
// disturb) and runs alongside the jupyter-lite.json fetches.
const PROBE_DATABASE = 'jupyterlite-heavyai-probe';
const MEMORY_DRIVERS = ['memoryStorageDriver'];
/** Tells our extension the loader chose memory storage (it tells the user once). */
const MEMORY_STORAGE_OPTION = 'heavyaiMemoryStorage';

function probeIndexedDB() {
  const started = performance.now();
  return new Promise(resolve => {
    const settle = usable => {
      performance.measure('heavyai:storage-probe', { start: started });
      resolve(usable);
    };
    let request;
    try {
      request = indexedDB.open(PROBE_DATABASE);
    } catch {
      settle(false); // no indexedDB at all, or one that throws (older private modes)
      return;
    }
    request.onsuccess = () => {
      request.result.close();
      settle(true);
    };
    request.onerror = event => {
      event.preventDefault(); // denied: an answer, not an error of the page
      settle(false);
    };
  });
}

function useMemoryStorage(config) {
  config.enableMemoryStorage = true;
  config.contentsStorageDrivers = MEMORY_DRIVERS;
  config.settingsStorageDrivers = MEMORY_DRIVERS;
  config.workspacesStorageDrivers = MEMORY_DRIVERS;
  config[MEMORY_STORAGE_OPTION] = true;
}

const indexedDBUsable = probeIndexedDB();
const folders = [siteRoot.href];
if (pageFolder.href !== siteRoot.href) {
  folders.push(pageFolder.href);
}
const fileConfigs = await Promise.all(folders.map(readSiteConfig));
const inline = absolutize(
  JSON.parse(configScript.textContent || '{}'),
  pageFolder
);
const config = [...fileConfigs, inline].reduce(merge, {});
config.federated_extensions = uniqueByName(config.federated_extensions);
if (!(await indexedDBUsable)) {
  useMemoryStorage(config);
}
configScript.textContent = JSON.stringify(config);

if (config.faviconUrl) {
  document
    .querySelector('link[rel="icon"]')
    ?.setAttribute('href', config.faviconUrl);
}

const bundle = document.createElement('script');
bundle.src = document.getElementById('jupyter-lite-main').href;
document.head.appendChild(bundle);
