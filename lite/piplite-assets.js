// Every wheel a bundled piplite index lists is emitted beside it.
//
// `@jupyterlite/pyodide-kernel` imports its `pypi/all.json` and each wheel as asset modules, but
// the kernel only uses the index and piplite's URLs: in a production build webpack drops the
// unused wheel imports, and the kernel then fails to install `pyodide_kernel`/`ipykernel` from an
// index that names them. This plugin emits every file of each index at the URL the index gives
// (relative to the index), and fails the build on a listed file that is missing or whose sha256
// differs from the index.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

/** `[{ url, sha256 }]` of every release file an `all.json` (piplite's PyPI-like index) lists. */
function listedFiles(index) {
  const files = [];
  for (const project of Object.values(index)) {
    for (const releaseFiles of Object.values(project.releases || {})) {
      for (const file of releaseFiles) {
        files.push({
          url: file.url,
          sha256: file.digests && file.digests.sha256
        });
      }
    }
  }
  return files;
}

/**
 * `indexes`: `[{ index: <path of an all.json on disk>, outputDir: <folder under the output path> }]`.
 */
class PipliteAssetsPlugin {
  constructor({ indexes }) {
    this.indexes = indexes;
  }

  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('PipliteAssets', compilation => {
      compilation.hooks.processAssets.tap(
        {
          name: 'PipliteAssets',
          stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL
        },
        () => {
          for (const { index, outputDir } of this.indexes) {
            compilation.fileDependencies.add(index);
            const folder = path.dirname(index);
            const entries = [
              { url: 'all.json' },
              ...listedFiles(JSON.parse(fs.readFileSync(index, 'utf8')))
            ];
            for (const { url, sha256 } of entries) {
              const source = path.resolve(folder, url);
              const name = path.posix.join(
                outputDir,
                path.posix.normalize(url)
              );
              if (!fs.existsSync(source)) {
                compilation.errors.push(
                  new Error(`${index} lists ${url}, which does not exist`)
                );
                continue;
              }
              const bytes = fs.readFileSync(source);
              if (
                sha256 &&
                crypto.createHash('sha256').update(bytes).digest('hex') !==
                  sha256
              ) {
                compilation.errors.push(
                  new Error(`${url}: sha256 differs from ${index}`)
                );
                continue;
              }
              if (!compilation.getAsset(name)) {
                compilation.emitAsset(name, new sources.RawSource(bytes));
              }
            }
          }
        }
      );
    });
  }
}

module.exports = { PipliteAssetsPlugin, listedFiles };
