// CORS for the Thrift endpoint: only configured origins get an Access-Control-Allow-Origin.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const DEFAULT_ORIGINS = [
  'http://127.0.0.1:8000',
  'http://localhost:8000',
  'http://localhost:8001'
];

/**
 * Applies CORS to a request. Returns true when the request was fully answered here
 * (a preflight, or a refused origin); false when the caller should go on and process it.
 */
export function handleCors(
  req: IncomingMessage,
  res: ServerResponse,
  allowed: ReadonlySet<string>
): boolean {
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  const permitted = origin !== undefined && allowed.has(origin);
  if (permitted) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Accept');
    res.setHeader('Access-Control-Max-Age', '600');
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(permitted ? 204 : 403, { 'Content-Length': '0' });
    res.end();
    return true;
  }
  if (origin !== undefined && !permitted) {
    // Browsers from other origins are refused outright; clients without Origin pass.
    res.writeHead(403, { 'Content-Type': 'text/plain' });
    res.end(`Origin ${origin} is not allowed by this HeavyDB stand-in\n`);
    return true;
  }
  return false;
}
