// Builds only the combined service worker, into SW_OUTPUT (default labextension/):
// the file a deployer places at the root of an existing JupyterLite site.
const path = require('path');

const { serviceWorkerConfig } = require('./webpack.extra');

const root = path.resolve(__dirname, '..');
const outputDir = path.resolve(root, process.env.SW_OUTPUT || 'labextension');

module.exports = serviceWorkerConfig({
  root,
  outputDir,
  staticDir: path.join(root, 'lite', 'build', 'service-worker'),
  mode: process.env.NODE_ENV === 'development' ? 'development' : 'production'
});
