// A static file server for the built site (and the demo host page), with the
// MIME types JupyterLite needs and an optional sub-path prefix.
import http from 'node:http';
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

/**
 * Serve `dir` at `http://host:port{prefix}`. Resolves once listening.
 * `headers` are added to every response (e.g. a CSP frame-ancestors policy).
 */
export function serveStatic({ dir, port = 0, host = '127.0.0.1', prefix = '/', headers = {} }) {
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
