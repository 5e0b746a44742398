// `npm run build && node bench/uploads.mjs`: what streaming uploads through the gateway cost, on loopback.
//
// Starts, each in its own process: the connectFi simulator (upload limit 64 MiB, so it never refuses) and the gateway
// as `npm start` runs it (dist/main.js, NODE_ENV=production, UPLOAD_MAX_BYTES 10 MiB). Then, from this process:
//   1. time: one 10 MiB akepa upload through the gateway (POST /uploads/<token>), the same body straight to the
//      simulator (POST /akepa/document/upload/:id), and through a bare pass-through hop (a process piping the request
//      to the simulator, no parsing: what any extra hop costs on this machine), interleaved in rotating order,
//      BENCH_UPLOAD_ROUNDS times; medians and ratios to the straight upload, and the CPU each upload cost the process
//      that forwarded it (/proc/<pid>/stat, mean over the rounds). With BENCH_UPLOAD_BEFORE=<checkout> (its dist/
//      built, node_modules reachable from it), that build's gateway is a fourth kind: a change's before and after
//      from the same run.
//   2. memory: the gateway's RSS before, at most during, and after BENCH_UPLOAD_CONCURRENCY concurrent 10 MiB uploads
//      (sampled every 20 ms from /proc/<pid>/status). A gateway that held files whole would grow by about their sum.
// Env: BENCH_UPLOAD_ROUNDS (7) BENCH_UPLOAD_CONCURRENCY (20) BENCH_UPLOAD_MIB (10) BENCH_UPLOAD_BEFORE.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { request } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCommand } from '../scripts/start-command.mjs';
import { cpuUs } from './lib/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { UploadTargets } = await import(path.join(ROOT, 'dist/uploads/targets.js'));
const ROUNDS = Number(process.env.BENCH_UPLOAD_ROUNDS ?? 7);
const CONCURRENCY = Number(process.env.BENCH_UPLOAD_CONCURRENCY ?? 20);
const SIZE = Number(process.env.BENCH_UPLOAD_MIB ?? 10) * 1024 * 1024;
const LOGIN = 'bench_uploads';
const PASSWORD = `bench-${randomBytes(9).toString('base64url')}`;
const SECRET = randomBytes(32).toString('hex');
const children = [];
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

const freePort = () => new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

async function waitFor(url) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} never answered`);
}

function start(args, env) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

const simPort = await freePort();
const simUrl = `http://127.0.0.1:${simPort}`;
const simulator = start(['--input-type=module', '-e', `
  import { startSimulator } from './dist/simulator/index.js';
  await startSimulator({ port: ${simPort}, login: '${LOGIN}', password: '${PASSWORD}', maxUploadBytes: 64 * 1024 * 1024 });`]);
const gwPort = await freePort();
const gwUrl = `http://127.0.0.1:${gwPort}`;
const { flags, entry } = startCommand();
const gatewayEnv = (port) => ({
  NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', GATEWAY_ALLOW_ANONYMOUS: 'true',
  CONNECTFI_BASE_URL: simUrl, CONNECTFI_LOGIN: LOGIN, CONNECTFI_PASSWORD: PASSWORD, GATEWAY_UPLOAD_SECRET: SECRET,
});
const gateway = start([...flags, entry], gatewayEnv(gwPort));
const BEFORE = process.env.BENCH_UPLOAD_BEFORE;
const beforePort = BEFORE ? await freePort() : undefined;
const beforeGateway = BEFORE ? start([...flags, path.resolve(BEFORE, 'dist/main.js')], gatewayEnv(beforePort)) : undefined;
const hopPort = await freePort();
const hop = start(['--input-type=module', '-e', `
  import { createServer, request, Agent } from 'node:http';
  const agent = new Agent({ keepAlive: true });
  createServer((req, res) => {
    const out = request('${simUrl}' + req.url, { method: req.method, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    req.pipe(out);
  }).listen(${hopPort}, '127.0.0.1');`]);
await waitFor(`${simUrl}/__sim/stats`);
await waitFor(`${gwUrl}/health`);
if (beforeGateway) await waitFor(`http://127.0.0.1:${beforePort}/health`);
await waitFor(`http://127.0.0.1:${hopPort}/__sim/stats`);

const token = (await (await fetch(`${simUrl}/auth/get-token`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: { login: LOGIN, password: PASSWORD } }),
})).json()).data.token;
const targets = new UploadTargets(SECRET, { ttlS: 600, maxBytes: SIZE, baseUrl: () => gwUrl });

async function newDocument() {
  const res = await fetch(`${simUrl}/akepa/document/generate`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-connectfi-token': token },
    body: JSON.stringify({ workflow: 'PERSONAL', name: 'Bench', extension: 'png', type: 'license' }),
  });
  return (await res.json()).data.id;
}

// One multipart body in memory, sent by every upload: the client's cost is the same for both targets.
const boundary = `bench${randomBytes(8).toString('hex')}`;
const file = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(SIZE - 8)]);
const body = Buffer.concat([
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.png"\r\nContent-Type: image/png\r\n\r\n`),
  file,
  Buffer.from(`\r\n--${boundary}--\r\n`),
]);

/** One upload; resolves with its milliseconds, rejects unless the answer is 200. */
function send(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length, ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${url.split('/uploads/')[0]}: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const throughGateway = async () => send(targets.issue({ flow: 'akepa', customerId: 'cstap_bench', documentId: await newDocument(), extension: 'png' }).url);
const beforeTargets = new UploadTargets(SECRET, { ttlS: 600, maxBytes: SIZE, baseUrl: () => `http://127.0.0.1:${beforePort}` });
const throughBefore = async () => send(beforeTargets.issue({ flow: 'akepa', customerId: 'cstap_bench', documentId: await newDocument(), extension: 'png' }).url);
const direct = async () => send(`${simUrl}/akepa/document/upload/${await newDocument()}`, { 'x-connectfi-token': token });
const bareHop = async () => send(`http://127.0.0.1:${hopPort}/akepa/document/upload/${await newDocument()}`, { 'x-connectfi-token': token });

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const cpuMs = (pid) => cpuUs(pid) / 1000;
const rssMb = () => Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${gateway.pid}/status`, 'utf8'))[1]) / 1024;

// Warm-up: the gateway's login, JIT, sockets.
const kinds = { gateway: throughGateway, straight: direct, 'bare hop': bareHop, ...(beforeGateway ? { before: throughBefore } : {}) };
// The process that forwards each kind's uploads: its CPU per upload is reported (the simulator's for straight ones).
const forwarder = { gateway, straight: simulator, 'bare hop': hop, before: beforeGateway };
for (const run of Object.values(kinds)) await run();
const times = Object.fromEntries(Object.keys(kinds).map((name) => [name, []]));
const cpu = Object.fromEntries(Object.keys(kinds).map((name) => [name, 0]));
for (let i = 0; i < ROUNDS; i++) {
  // Interleaved, each round starting with the next kind, so drift on a shared machine hits every kind alike.
  const names = Object.keys(kinds);
  for (let k = 0; k < names.length; k++) {
    const name = names[(i + k) % names.length];
    const { pid } = forwarder[name];
    const cpu0 = cpuMs(pid);
    times[name].push(await kinds[name]());
    cpu[name] += cpuMs(pid) - cpu0;
  }
}
const straight = median(times.straight);
// On a shared machine the fastest run is the least disturbed one: both are shown.
const fastest = Math.min(...times.straight);
console.log(`one ${SIZE / 1048576} MiB upload, ${ROUNDS} rounds (ms: median, ratio to straight; fastest, ratio; ` +
  'CPU ms per upload of the forwarding process (straight: the simulator); all runs):');
for (const [name, ms] of Object.entries(times)) {
  const min = Math.min(...ms);
  console.log(`  ${name.padEnd(9)} ${median(ms).toFixed(1).padStart(7)} x${(median(ms) / straight).toFixed(2)}  ${min.toFixed(1).padStart(6)} x${(min / fastest).toFixed(2)}  ` +
    `cpu ${(cpu[name] / ROUNDS).toFixed(1).padStart(5)}  [${ms.map((x) => x.toFixed(0)).join(' ')}]`);
}

global.gc?.();
await new Promise((resolve) => setTimeout(resolve, 500));
const before = rssMb();
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 20);
const urls = await Promise.all(Array.from({ length: CONCURRENCY }, async () =>
  targets.issue({ flow: 'akepa', customerId: 'cstap_bench', documentId: await newDocument(), extension: 'png' }).url));
const started = performance.now();
const each = await Promise.all(urls.map((url) => send(url)));
const wall = performance.now() - started;
clearInterval(sampler);
await new Promise((resolve) => setTimeout(resolve, 1000));
console.log(`${CONCURRENCY} concurrent ${SIZE / 1048576} MiB uploads (${(CONCURRENCY * SIZE / 1048576).toFixed(0)} MiB in all) in ${wall.toFixed(0)} ms ` +
  `(each ${median(each).toFixed(0)} ms median): gateway RSS ${before.toFixed(1)} MB before, ${peak.toFixed(1)} MB at most during ` +
  `(+${(peak - before).toFixed(1)} MB), ${rssMb().toFixed(1)} MB 1 s after`);
process.exit(0);
