// The two small bundles that live beside the application:
// - the site's service worker: our session endpoint followed by JupyterLite's worker;
// - the host-page SDK (`heavyai-embed.js`), a standalone ES module for the Immerse side.
const path = require('path');
const fs = require('fs-extra');
const glob = require('glob');

/** Our worker bundle, then JupyterLite's own worker, written to `<outputDir>/service-worker.js`. */
function serviceWorkerConfig({ root, outputDir, staticDir, mode }) {
  return {
    name: 'service-worker',
    mode,
    devtool: false,
    stats: 'errors-warnings',
    target: 'webworker',
    entry: path.join(root, 'lib', 'service-worker', 'worker.js'),
    output: { path: staticDir, filename: 'heavyai-service-worker.js' },
    resolve: { fallback: { util: false } },
    plugins: [
      {
        apply(compiler) {
          compiler.hooks.done.tap('CombineServiceWorkers', stats => {
            if (stats.hasErrors()) {
              return;
            }
            // Our fetch listener must be registered first: it stops the event for the endpoint.
            const ours = fs.readFileSync(
              path.join(staticDir, 'heavyai-service-worker.js'),
              'utf8'
            );
            const jupyterlite = fs.readFileSync(
              require.resolve('@jupyterlite/apputils/lib/service-worker.js'),
              'utf8'
            );
            fs.writeFileSync(
              path.join(outputDir, 'service-worker.js'),
              `// jupyterlite-heavyai: the HeavyAI session endpoint\n${ours}\n;\n` +
                `// @jupyterlite/apputils service worker\n${jupyterlite}`
            );
          });
        }
      }
    ]
  };
}

function embedSdkConfig({ root, outputDir, mode }) {
  return {
    name: 'embed',
    mode,
    devtool: false,
    stats: 'errors-warnings',
    entry: path.join(root, 'lib', 'embed', 'index.js'),
    experiments: { outputModule: true },
    output: {
      path: outputDir,
      filename: 'heavyai-embed.js',
      library: { type: 'module' }
    },
    plugins: [
      {
        apply(compiler) {
          compiler.hooks.done.tap('EmbedTypes', () => {
            // Declarations for SDK users: the embed entry and the wire types it exposes.
            const typesDir = path.join(outputDir, 'heavyai-embed-types');
            fs.removeSync(typesDir);
            for (const folder of ['embed', 'wire']) {
              for (const file of glob.sync('*.d.ts', {
                cwd: path.join(root, 'lib', folder)
              })) {
                fs.copySync(
                  path.join(root, 'lib', folder, file),
                  path.join(typesDir, folder, file)
                );
              }
            }
            fs.writeFileSync(
              path.join(outputDir, 'heavyai-embed.d.ts'),
              "export * from './heavyai-embed-types/embed/index';\n"
            );
          });
        }
      }
    ]
  };
}

module.exports = { serviceWorkerConfig, embedSdkConfig };
