// Chromium compiles a script's functions lazily, on the main thread, the first time each is called;
// a script whose first line is `//# allFunctionsCalledOnLoad` has all of them compiled while it
// streams in, on a background thread (V8's explicit compile hints; other engines read a comment).
// The deep link calls most of apache-arrow, Lumino's DataGrid and our editor's module within the
// first ~0.3 s after the app's restore: compiled lazily, they held JupyterLab's theme and the
// frame that shows the first rows (docs/decisions.md, "…carry V8's eager-compile hint"). This
// plugin marks the JS files of every chunk that holds a module whose path matches `modules`, and
// only those: a hint on a chunk whose code mostly never runs costs background compile time and
// memory for nothing.
const { ConcatSource } = require('webpack').sources;

const HINT = '//# allFunctionsCalledOnLoad\n';

class EagerCompileHintPlugin {
  /** @param {RegExp} modules matched against each module's resource path */
  constructor(modules) {
    this.modules = modules;
  }

  apply(compiler) {
    compiler.hooks.thisCompilation.tap(
      'EagerCompileHintPlugin',
      compilation => {
        compilation.hooks.processAssets.tap(
          {
            name: 'EagerCompileHintPlugin',
            // After minification, which strips comments; before the real content hash, so each
            // file's name still matches its content.
            stage: compilation.constructor.PROCESS_ASSETS_STAGE_DEV_TOOLING
          },
          () => {
            for (const chunk of compilation.chunks) {
              const holdsHinted = compilation.chunkGraph
                .getChunkModules(chunk)
                .some(module =>
                  this.modules.test(module.nameForCondition() ?? '')
                );
              if (!holdsHinted) {
                continue;
              }
              for (const file of chunk.files) {
                if (file.endsWith('.js')) {
                  compilation.updateAsset(
                    file,
                    source => new ConcatSource(HINT, source)
                  );
                }
              }
            }
          }
        );
      }
    );
  }
}

module.exports = { EagerCompileHintPlugin };
