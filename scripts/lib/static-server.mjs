// A static file server for the built site (and the demo host page), with the
// MIME types JupyterLite needs and an optional sub-path prefix.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import sirv from 'sirv';

const EXTRA_TYPES = {
  '.whl': 'application/zip',
  '.wasm': 'application/wasm',
  '.mjs': 'text/javascript',
  '.ipynb': 'application/json'
};

function extensionOf(pathname) {
  const match = /\.[a-z0-9]+$/i.exec(pathname);
  return match ? match[0].toLowerCase() : '';
}

async function serveMergedConfig(file, extra, res) {
  const config = JSON.parse(await readFile(file, 'utf8'));
  const data = config['jupyter-config-data'] ?? {};
  for (const [key, value] of Object.entries(extra)) {
    data[key] = value && typeof value === 'object' && !Array.isArray(value) ? { ...(data[key] ?? {}), ...value } : value;
  }
  config['jupyter-config-data'] = data;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-cache');
  res.end(JSON.stringify(config));
}

/**
 * Serve `dir` at `http://host:port{prefix}`. Resolves once listening.
 * `headers` are added to every response (e.g. a CSP frame-ancestors policy).
 * `siteConfig` is merged into the served `jupyter-lite.json` (the demo and the
 * tests allow their host-page origin this way without changing the build).
 * `extraFiles` maps URL paths to files outside `dir` (the demo page's copy of the SDK);
 * `mounts` maps URL folders (`/extensions/name/`) to folders outside `dir`.
 */
export function serveStatic({
  dir,
  port = 0,
  host = '127.0.0.1',
  prefix = '/',
  headers = {},
  siteConfig = undefined,
  extraFiles = {},
  mounts = {}
}) {
  const normalizedPrefix = prefix.endsWith('/') ? prefix : `${prefix}/`;
  const files = sirv(dir, {
    dev: true, // no in-memory cache: a rebuild shows at once
    dotfiles: false,
    setHeaders(res, pathname) {
      const type = EXTRA_TYPES[extensionOf(pathname)];
      if (type) {
        res.setHeader('Content-Type', type);
      }
    }
  });
  const mounted = Object.entries(mounts).map(([urlFolder, folder]) => [urlFolder, sirv(folder, { dev: true })]);
  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) {
      res.setHeader(name, value);
    }
    if (!req.url.startsWith(normalizedPrefix)) {
      res.statusCode = 404;
      res.end('Not found');
      return;
    }
    req.url = `/${req.url.slice(normalizedPrefix.length)}`;
    const extra = extraFiles[req.url.split('?')[0]];
    if (extra) {
      void readFile(extra).then(
        body => {
          const types = { '.html': 'text/html', '.json': 'application/json' };
          res.setHeader('Content-Type', types[extensionOf(extra)] ?? 'text/javascript');
          res.end(body);
        },
        () => {
          res.statusCode = 404;
          res.end('Not found');
        }
      );
      return;
    }
    const mount = mounted.find(([urlFolder]) => req.url.startsWith(urlFolder));
    if (mount) {
      req.url = `/${req.url.slice(mount[0].length)}`;
      mount[1](req, res, () => {
        res.statusCode = 404;
        res.end('Not found');
      });
      return;
    }
    if (siteConfig && req.url.split('?')[0] === '/jupyter-lite.json') {
      void serveMergedConfig(path.join(dir, 'jupyter-lite.json'), siteConfig, res);
      return;
    }
    files(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        server,
        port: address.port,
        url: `http://${host}:${address.port}${normalizedPrefix}`,
        close: () => new Promise(done => server.close(() => done()))
      });
    });
  });
}
