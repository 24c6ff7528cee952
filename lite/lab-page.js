// The lab page (`lab/index.html`), written by HtmlWebpackPlugin from this function rather than from
// a template file: a template file is compiled by a child compilation, which inherited module
// federation's shared packages and built our whole extension a second time for Node, leaving
// about 3 MB of CommonJS chunks in the site that nothing loads (docs/decisions.md).

/** `text` safe inside an HTML attribute or element. */
function escapeHtml(text) {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The page's HTML; `bundleUrl` and `cacheBuster` come from the compilation. */
function labPage({ title, bundleUrl, cacheBuster }) {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    <link rel="icon" type="image/svg+xml" href="favicon.svg" />
    <link id="jupyter-lite-main" rel="preload" as="script" href="${escapeHtml(bundleUrl)}" />
    <script id="jupyter-config-data" type="application/json" data-jupyter-lite-root="..">
      {}
    </script>
    <script type="module" src="../config-loader.js?v=${escapeHtml(cacheBuster)}"></script>
    <style>
      body { margin: 0; padding: 0; }
    </style>
  </head>
  <body class="jp-ThemedContainer" data-notebook="lab">
    <noscript>JupyterLite needs JavaScript.</noscript>
  </body>
</html>
`;
}

module.exports = { labPage };
