// Entry point of the lab page. It runs before any JupyterLab code so that
// (1) webpack loads its chunks from the site's own build folder, wherever the
// site is deployed, and (2) prebuilt (federated) extensions can join the
// shared-module scope before the application modules are evaluated.

function pageOption(name) {
  const el = document.getElementById('jupyter-config-data');
  const data = el ? JSON.parse(el.textContent || '{}') : {};
  return data[name] || '';
}

// eslint-disable-next-line no-undef
__webpack_public_path__ = pageOption('fullStaticUrl') + '/';

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.onerror = () => reject(new Error(`Could not load ${url}`));
    script.onload = resolve;
    script.async = true;
    script.src = url;
    document.head.appendChild(script);
  });
}

async function joinSharedScope(extension) {
  const base = pageOption('fullLabextensionsUrl');
  await loadScript(`${base}/${extension.name}/${extension.load}`);
  // eslint-disable-next-line no-undef
  await __webpack_init_sharing__('default');
  const container = window._JUPYTERLAB[extension.name];
  // eslint-disable-next-line no-undef
  await container.init(__webpack_share_scopes__.default);
}

void (async () => {
  const federated = pageOption('federated_extensions') || [];
  const results = await Promise.allSettled(federated.map(joinSharedScope));
  for (const result of results) {
    if (result.status === 'rejected') {
      console.error(result.reason);
    }
  }
  const { main } = await import('./main.js');
  await main();
})();
