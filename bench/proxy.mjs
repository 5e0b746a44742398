// The benchmark's floor: a bare Node keep-alive proxy. For each POST it forwards the request body, as is, to
// connectFi's POST /customer/kyc/add-attributes with a token obtained once at start-up, and relays the answer;
// GET /customer/kyc/status/<id> goes to connectFi as it came (the read the gateway makes for `customer`).
// No GraphQL, no validation, no logging: what any gateway in front of connectFi costs at the very least.
//
// Env: PROXY_PORT (0: a free port), PROXY_HOST (127.0.0.1), UPSTREAM_URL (e.g. http://127.0.0.1:4010),
//      CONNECTFI_LOGIN, CONNECTFI_PASSWORD, PROXY_MAX_SOCKETS (256, as the gateway's connectFi pool).
// Prints one JSON line {"url": ...} when it is ready. GET /health answers 200.
import http from 'node:http';

const upstream = new URL(process.env.UPSTREAM_URL ?? 'http://127.0.0.1:4010');
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(process.env.PROXY_MAX_SOCKETS ?? 256), scheduling: 'lifo' });
const TARGET_PATH = '/customer/kyc/add-attributes';

const READ_PATH = '/customer/kyc/status/';

function upstreamPost(path, body, headers) {
  return upstreamCall('POST', path, body, { ...headers, 'content-length': body.length });
}

function upstreamCall(method, path, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: upstream.hostname, port: upstream.port, path, method, agent, headers },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const login = await upstreamPost(
  '/auth/get-token',
  Buffer.from(JSON.stringify({ user: { login: process.env.CONNECTFI_LOGIN ?? 'demo', password: process.env.CONNECTFI_PASSWORD ?? 'demo-password' } })),
  { 'content-type': 'application/json' },
);
const token = login.status === 200 ? JSON.parse(login.body.toString('utf8'))?.data?.token : undefined;
if (typeof token !== 'string' || token === '') {
  process.stderr.write(`proxy: connectFi login failed with HTTP ${login.status}\n`);
  process.exit(1);
}
const forwardHeaders = { 'content-type': 'application/json', accept: 'application/json', 'x-connectfi-token': token };

const readHeaders = { accept: 'application/json', 'x-connectfi-token': token };

function relay(res, call) {
  call.then(
    ({ status, body }) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      res.end(body);
    },
    () => {
      res.writeHead(502, { 'content-type': 'application/json', 'content-length': 2 });
      res.end('{}');
    },
  );
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url.startsWith(READ_PATH)) {
    req.resume();
    return relay(res, upstreamCall('GET', req.url, undefined, readHeaders));
  }
  if (req.method !== 'POST') {
    res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json', 'content-length': 2 });
    res.end('{}');
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => relay(res, upstreamPost(TARGET_PATH, Buffer.concat(chunks), forwardHeaders)));
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PROXY_PORT ?? 0), process.env.PROXY_HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  process.stdout.write(`${JSON.stringify({ url: `http://${address}:${port}` })}\n`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
