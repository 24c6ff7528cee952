// Our lazily loaded chunks are named in the source (`webpackChunkName`) so that modules always
// loaded together share one chunk. Webpack's runtime in bundle.js, which every page loads, maps
// each named chunk's id to its name to build the file name; in a production build this plugin
// drops the names of the chunks whose name starts with `prefix` once the chunks are formed, so
// those files are named by id like JupyterLab's own and the runtime carries no names for them.
class UnnamedLazyChunksPlugin {
  constructor(prefix) {
    this.prefix = prefix;
  }

  apply(compiler) {
    compiler.hooks.thisCompilation.tap(
      'UnnamedLazyChunksPlugin',
      compilation => {
        compilation.hooks.beforeChunkIds.tap(
          'UnnamedLazyChunksPlugin',
          chunks => {
            for (const chunk of chunks) {
              if (chunk.name?.startsWith(this.prefix) && !chunk.hasRuntime()) {
                compilation.namedChunks.delete(chunk.name);
                chunk.name = undefined;
              }
            }
          }
        );
      }
    );
  }
}

module.exports = { UnnamedLazyChunksPlugin };
