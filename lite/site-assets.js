// The non-bundle files of the static site: settings index, service worker at
// the site root, configuration files and the small pages around the app.
const path = require('path');
const fs = require('fs-extra');
const glob = require('glob');

const CONFIG_KEY = 'jupyter-config-data';

/** One `all.json` with every plugin schema: JupyterLite's settings service reads only this. */
function writeSettingsIndex(staticDir) {
  const schemaDir = path.join(staticDir, 'schemas');
  // Schemas live in one folder per package; the top level holds only the indexes.
  const files = glob
    .sync('**/*.json', { cwd: schemaDir })
    .filter(file => file.includes('/'));
  const all = files.sort().map(file => {
    const packageDir = path.dirname(file);
    const { version } = fs.readJSONSync(
      path.join(schemaDir, packageDir, 'package.json.orig')
    );
    return {
      id: `${packageDir}:${path.basename(file, '.json')}`,
      raw: '{}',
      schema: fs.readJSONSync(path.join(schemaDir, file)),
      settings: {},
      version
    };
  });
  fs.writeFileSync(path.join(schemaDir, 'all.json'), JSON.stringify(all));
  // Schemas of prebuilt extensions are listed in jupyter-lite.json's federated_extensions; none are baked in.
  fs.writeFileSync(path.join(schemaDir, 'all_federated.json'), '[]');
}

/** JupyterLite reads language packs as static JSON; English is built in. */
function writeTranslations(outputDir) {
  const dir = path.join(outputDir, 'api', 'translations');
  fs.ensureDirSync(dir);
  const english = { displayName: 'English', nativeName: 'English' };
  fs.writeJSONSync(path.join(dir, 'all.json'), {
    data: { en: english },
    message: ''
  });
  fs.writeJSONSync(path.join(dir, 'en.json'), { data: {}, message: '' });
}

/** The project's jupyter-lite.json over the build's defaults; plugin settings merge per plugin. */
function mergeSiteConfig(defaults, overrides) {
  const result = {
    ...defaults,
    ...overrides,
    [CONFIG_KEY]: { ...defaults[CONFIG_KEY] }
  };
  for (const [key, value] of Object.entries(overrides[CONFIG_KEY] || {})) {
    const current = result[CONFIG_KEY][key];
    if (key === 'litePluginSettings' || key === 'settingsOverrides') {
      const mergedPlugins = { ...(current || {}) };
      for (const [plugin, settings] of Object.entries(value || {})) {
        mergedPlugins[plugin] = {
          ...(mergedPlugins[plugin] || {}),
          ...settings
        };
      }
      result[CONFIG_KEY][key] = mergedPlugins;
    } else if (key === 'heavyai' && current && typeof value === 'object') {
      result[CONFIG_KEY][key] = { ...current, ...value };
    } else {
      result[CONFIG_KEY][key] = value;
    }
  }
  return result;
}

function writeSiteFiles({ root, outputDir, staticDir, withOurPlugins }) {
  const lite = path.join(root, 'lite');
  const defaults = fs.readJSONSync(path.join(lite, 'site-config.json'));
  const projectConfig = fs.readJSONSync(path.join(root, 'jupyter-lite.json'));
  const extraConfig = process.env.HEAVYAI_SITE_CONFIG
    ? fs.readJSONSync(process.env.HEAVYAI_SITE_CONFIG)
    : {};
  const siteConfig = mergeSiteConfig(
    mergeSiteConfig(defaults.root, projectConfig),
    extraConfig
  );

  fs.writeJSONSync(path.join(outputDir, 'jupyter-lite.json'), siteConfig, {
    spaces: 2
  });
  fs.ensureDirSync(path.join(outputDir, 'lab'));
  fs.writeJSONSync(
    path.join(outputDir, 'lab', 'jupyter-lite.json'),
    defaults.lab,
    { spaces: 2 }
  );
  writeTranslations(outputDir);
  fs.copySync(
    path.join(lite, 'config-loader.js'),
    path.join(outputDir, 'config-loader.js')
  );
  fs.copySync(
    path.join(lite, 'site-index.html'),
    path.join(outputDir, 'index.html')
  );
  fs.copySync(
    path.join(lite, 'favicon.svg'),
    path.join(outputDir, 'lab', 'favicon.svg')
  );
  if (!withOurPlugins) {
    // A service worker controls only its own folder and below: it must sit at the site root.
    // With our plugins, the service-worker build writes the combined worker there instead.
    fs.copySync(
      path.join(staticDir, 'service-worker.js'),
      path.join(outputDir, 'service-worker.js')
    );
  }
}

function siteAssetsPlugin(options) {
  return {
    apply(compiler) {
      compiler.hooks.done.tap('HeavyAISiteAssets', stats => {
        if (stats.hasErrors()) {
          return;
        }
        writeSettingsIndex(options.staticDir);
        writeSiteFiles(options);
      });
    }
  };
}

module.exports = { siteAssetsPlugin, mergeSiteConfig };
