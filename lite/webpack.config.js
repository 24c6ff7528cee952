// Builds the JupyterLite lab application from npm packages into `_output/`
// (no `jupyter lite build`: no Python packaging is available where we build).
//
// Environment:
//   HEAVYAI_OUTPUT   output folder (default: _output)
//   HEAVYAI_PLUGINS  "0" leaves our extension out (benchmarks' baseline, drop-in variant)
const path = require('path');
const fs = require('fs-extra');
const webpack = require('webpack');
const { merge } = require('webpack-merge');
const Handlebars = require('handlebars');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { Build } = require('@jupyterlab/builder');
const baseConfig = require('@jupyterlab/builder/lib/webpack.config.base');

const { labPage } = require('./lab-page');
const { siteAssetsPlugin } = require('./site-assets');
const { PipliteAssetsPlugin } = require('./piplite-assets');
const { UnnamedLazyChunksPlugin } = require('./unnamed-lazy-chunks');
const { EagerCompileHintPlugin } = require('./eager-compile-hint');
const { serviceWorkerConfig, embedSdkConfig } = require('./webpack.extra');
const { installedVersion } = require('./core-meta');

const root = path.resolve(__dirname, '..');
const ourPackage = require('../package.json');
const app = require('./app.json');

const outputDir = path.resolve(root, process.env.HEAVYAI_OUTPUT || '_output');
const staticDir = path.join(outputDir, 'build');
const generatedDir = path.join(__dirname, 'build');
const withOurPlugins = process.env.HEAVYAI_PLUGINS !== '0';

const extensionPackages = withOurPlugins
  ? [...app.extensions, ourPackage.name]
  : app.extensions;
const packageNames = [...extensionPackages, ...app.mimeExtensions];

function packageJsonOf(name) {
  return name === ourPackage.name
    ? ourPackage
    : require(`${name}/package.json`);
}

function entryModule(name, key) {
  const value = packageJsonOf(name).jupyterlab[key];
  return value === true ? '' : value;
}

fs.ensureDirSync(generatedDir);

// Schemas and themes of every plugin package, and the CSS import list.
const themeConfigs = Build.ensureAssets({
  packageNames: packageNames.filter(name => name !== ourPackage.name),
  packagePaths: withOurPlugins ? [root] : [],
  output: generatedDir,
  schemaOutput: staticDir,
  themeOutput: staticDir
});

Handlebars.registerHelper('json', value => JSON.stringify(value));
const mainTemplate = Handlebars.compile(
  fs.readFileSync(path.join(__dirname, 'main.template.js'), 'utf8')
);
fs.writeFileSync(
  path.join(generatedDir, 'main.js'),
  mainTemplate({
    appClassName: 'JupyterLab',
    extensions: Object.fromEntries(
      extensionPackages.map(name => [name, entryModule(name, 'extension')])
    ),
    mimeExtensions: Object.fromEntries(
      app.mimeExtensions.map(name => [name, entryModule(name, 'mimeExtension')])
    ),
    disabledExtensions: app.disabledExtensions
  })
);
fs.copySync(
  path.join(__dirname, 'bootstrap.js'),
  path.join(generatedDir, 'bootstrap.js')
);

// Module federation: every singleton and every plugin package is shared, so a
// prebuilt extension loaded at run time uses the application's copies.
function sharedModules() {
  const shared = {};
  for (const name of [...app.singletonPackages, ...packageNames]) {
    if (name === ourPackage.name) {
      continue;
    }
    const version = installedVersion(name);
    if (version) {
      shared[name] = {
        requiredVersion: `^${version}`,
        singleton: app.singletonPackages.includes(name)
      };
    }
  }
  if (withOurPlugins) {
    // Prebuilt extensions (e.g. a custom session manager) use our tokens: share our package too.
    // The application itself loads only our extension entry (package.json `jupyterlab.extension`),
    // never the package's main module: webpack provides a package request only when the build
    // imports it, so the main module is named by its path, which webpack always provides.
    shared[ourPackage.name] = {
      import: path.join(root, ourPackage.main),
      version: ourPackage.version,
      requiredVersion: `^${ourPackage.version}`,
      singleton: true
    };
  }
  return shared;
}

const isProduction = process.env.NODE_ENV === 'production';

const mode = isProduction ? 'production' : 'development';

module.exports = [
  merge(baseConfig, {
    name: 'lab',
    mode,
    devtool: isProduction ? false : 'source-map',
    context: root,
    entry: { 'lab/bundle': path.join(generatedDir, 'bootstrap.js') },
    resolve: {
      alias: { [ourPackage.name]: root },
      fallback: { util: false }
    },
    output: {
      path: staticDir,
      library: { type: 'var', name: ['_JUPYTERLAB', 'CORE_OUTPUT'] },
      filename: '[name].js?_=[contenthash:8]',
      chunkFilename: '[name].[contenthash:8].js',
      assetModuleFilename: '[name][ext][query]',
      clean: false
    },
    module: {
      rules: [
        // Our style sheets ship without comments or needless whitespace (see compact-css.js).
        {
          test: /\.css$/,
          include: path.join(root, 'style'),
          enforce: 'pre',
          use: path.join(__dirname, 'compact-css.js')
        },
        // JupyterLite's service worker is imported as `./service-worker?text`.
        {
          resourceQuery: /text/,
          type: 'asset/resource',
          generator: { filename: '[name][ext]' }
        },
        // The Pyodide kernel's bundled wheels and their piplite index stay side by side.
        {
          test: /pyodide-kernel[\\/]pypi[\\/]/,
          type: 'asset/resource',
          generator: { filename: 'pypi/[name][ext]' }
        },
        // The Pyodide kernel's workers are prebuilt ES modules it starts with
        // `new Worker(new URL('./comlink.worker.js', import.meta.url), { type: 'module' })`:
        // they must be emitted as files, not bundled as modules (a bundled one gives the
        // Worker a URL that does not exist).
        {
          test: /pyodide-kernel[\\/]lib[\\/][^\\/]+\.worker\.js$/,
          type: 'asset/resource',
          generator: { filename: 'pyodide-kernel/[name].[contenthash:8][ext]' }
        },
        {
          test: /\.(jpe?g|png|gif|ico|eot|ttf|map|woff2?)(\?v=\d+\.\d+\.\d+)?$/i,
          type: 'asset/resource'
        }
      ]
    },
    ignoreWarnings: [{ module: /mathjax/, message: /__dirname/ }],
    optimization: {
      moduleIds: 'deterministic',
      splitChunks: {
        chunks: 'all',
        cacheGroups: {
          jlab_core: {
            test: /[\\/]node_modules[\\/]@(jupyterlab|lumino(?!\/datagrid))[\\/]/,
            name: 'jlab_core'
          }
        }
      }
    },
    performance: { hints: false },
    stats: 'errors-warnings',
    plugins: [
      new webpack.container.ModuleFederationPlugin({
        library: {
          type: 'var',
          name: ['_JUPYTERLAB', 'CORE_LIBRARY_FEDERATION']
        },
        name: 'CORE_FEDERATION',
        shared: sharedModules()
      }),
      new HtmlWebpackPlugin({
        inject: false,
        minify: false,
        filename: '../lab/index.html',
        chunks: ['lab/bundle'],
        templateParameters: (compilation, assets) => {
          const bundleUrl = assets.js.find(file => file.includes('lab/bundle'));
          return {
            title: app.title,
            bundleUrl: `../build/${bundleUrl.replace(/^.*lab\//, 'lab/')}`,
            cacheBuster: compilation.hash.slice(0, 8)
          };
        },
        templateContent: labPage
      }),
      // Wheels the kernel's piplite index lists but no code imports (see piplite-assets.js).
      new PipliteAssetsPlugin({
        indexes: [
          {
            index: require.resolve('@jupyterlite/pyodide-kernel/pypi/all.json'),
            outputDir: 'pypi'
          }
        ]
      }),
      siteAssetsPlugin({ root, outputDir, staticDir, withOurPlugins }),
      // Production files of our lazy chunks are named by id (see unnamed-lazy-chunks.js).
      ...(isProduction ? [new UnnamedLazyChunksPlugin('heavyai-')] : []),
      // What the deep link runs right after the restore (see eager-compile-hint.js): apache-arrow's
      // browser build (not the CommonJS copy the connector's chunk holds), Lumino's DataGrid and
      // our SQL editor's module. A site without our plugins keeps JupyterLab's chunks as they are.
      ...(withOurPlugins
        ? [
            new EagerCompileHintPlugin(
              /node_modules[\\/]apache-arrow[\\/].*\.mjs$|node_modules[\\/]@lumino[\\/]datagrid[\\/]|(src|lib)[\\/]sql-editor[\\/]widget\.[jt]s$/
            )
          ]
        : [])
    ]
  })
]
  .concat(
    withOurPlugins
      ? [
          serviceWorkerConfig({ root, outputDir, staticDir, mode }),
          embedSdkConfig({ root, outputDir, mode })
        ]
      : []
  )
  .concat(themeConfigs);
