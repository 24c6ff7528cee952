// The "core" description a prebuilt (federated) extension is built against:
// which packages the application provides and which must be singletons. It
// plays the role of JupyterLab's own core metadata package for our app.
const path = require('path');
const fs = require('fs-extra');

const app = require('./app.json');

/** The installed version, read from node_modules (some packages' `exports` hide package.json). */
function installedVersion(name) {
  const file = path.join(__dirname, '..', 'node_modules', name, 'package.json');
  return fs.existsSync(file) ? fs.readJSONSync(file).version : undefined;
}

/** Write `<dir>/package.json` and return the directory (for `build-labextension --core-path`). */
function writeCoreMeta(dir) {
  const names = [
    ...new Set([
      ...app.singletonPackages,
      ...app.extensions,
      ...app.mimeExtensions
    ])
  ];
  const dependencies = {};
  for (const name of names) {
    const version = installedVersion(name);
    if (version) {
      dependencies[name] = `~${version}`;
    }
  }
  fs.ensureDirSync(dir);
  fs.writeJSONSync(
    path.join(dir, 'package.json'),
    {
      name: 'jupyterlite-heavyai-core-meta',
      version: require('../package.json').version,
      private: true,
      dependencies,
      jupyterlab: { singletonPackages: app.singletonPackages }
    },
    { spaces: 2 }
  );
  return dir;
}

module.exports = { writeCoreMeta, installedVersion };

if (require.main === module) {
  console.log(
    writeCoreMeta(
      path.resolve(process.argv[2] || path.join(__dirname, 'build', 'core'))
    )
  );
}
