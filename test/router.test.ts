// The router over real HTTP: a handler that fails, before or after its first await, is answered 500 without detail
// and logged once; with CORS on, an actual request from an allowed origin reaches its handler in the same turn.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { corsStep } from '../src/http/cors.js';
import { createRouter, type Route } from '../src/http/router.js';
import { createLogger } from '../src/logger.js';

const ORIGIN = 'https://app.example';
const lines: string[] = [];
const routes: Route[] = [
  { path: '/sync-throw', browser: true, handle: () => { throw new Error('secret detail A'); } },
  { path: '/async-throw', browser: true, handle: async () => { await Promise.resolve(); throw new Error('secret detail B'); } },
  { path: '/ok', browser: true, handle: (_req, res) => void res.end('ok') },
];
let server: Server;
let base: string;

beforeAll(async () => {
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  server = createServer(createRouter(routes, logger, corsStep([ORIGIN])));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

it.each([
  ['/sync-throw', 'secret detail A', {}],
  ['/async-throw', 'secret detail B', {}],
  ['/sync-throw', 'secret detail A', { origin: ORIGIN }],
  ['/async-throw', 'secret detail B', { origin: ORIGIN }],
])('%s: 500 without "%s" in the answer (request headers %j)', async (path, detail, headers) => {
  lines.length = 0;
  const res = await fetch(base + path, { headers });
  const text = await res.text();
  expect({ status: res.status, body: JSON.parse(text) }).toEqual({
    status: 500, body: { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
  });
  expect(text).not.toContain(detail);
  expect(lines.map((line) => JSON.parse(line).event)).toEqual(['http.unhandled']);
});

it('adds the CORS headers to an allowed origin\'s actual request and none to another origin\'s', async () => {
  const allowed = await fetch(`${base}/ok`, { headers: { origin: ORIGIN } });
  const other = await fetch(`${base}/ok`, { headers: { origin: 'https://evil.example' } });
  expect([allowed.status, await allowed.text(), allowed.headers.get('access-control-allow-origin')]).toEqual([200, 'ok', ORIGIN]);
  expect([other.status, await other.text(), other.headers.get('access-control-allow-origin')]).toEqual([200, 'ok', null]);
});
