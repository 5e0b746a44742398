// `npm run bench` (= npm run build && node bench/run.mjs): the gateway against a bare keep-alive proxy, on loopback.
//
// Starts, each in its own process: the connectFi simulator (zero latency), bench/proxy.mjs (the floor: forwards the
// REST body to the simulator over a keep-alive agent) and the gateway in its production configuration (dist/main.js,
// NODE_ENV=production, LOG_LEVEL=info, an API key in GATEWAY_API_KEYS and on every request). Drives each with
// autocannon from another process (bench/drive.mjs) at 1 and 64 connections, interleaved, 3 rounds; prints medians
// and ratios to the proxy measured in the same run; writes everything to bench/results/<timestamp>.json and latest.json.
//
// Two reference servers run beside them at the highest connection count only (bench/references/): Apollo Server 5
// alone and graphql-js alone, each with the same schema shape and connectFi call and nothing else. They are not
// products: they show, in the same run, what the GraphQL stack itself costs before any gateway feature.
//
// Env: BENCH_DURATION_S (8) BENCH_ROUNDS (3) BENCH_CONNECTIONS ("1,64") BENCH_TARGETS ("proxy,gateway,apollo,graphql-js")
//      BENCH_WARMUP_S (5) BENCH_GATEWAY_ENV (JSON merged into the gateway's env) BENCH_CPU_PROF (1: --cpu-prof the
//      gateway into bench/results/profiles) BENCH_GATEWAY_LOG (file for the gateway's stdout; default /dev/null)
//      BENCH_QUIET_WAIT_S (60: time budget, in all, for waiting before a run while other processes load the machine
//      and for measuring a run again once when they loaded it; runs that still shared the machine are flagged in the
//      table's "other load" column, in cores used by processes that are not the benchmark's)
//      BENCH_RESULTS_DIR (bench/results: where the JSON results, child stderr logs and profiles go)
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCommand } from '../scripts/start-command.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ? path.resolve(process.env.BENCH_RESULTS_DIR) : path.join(ROOT, 'bench', 'results');
const PROFILE_DIR = path.join(RESULTS_DIR, 'profiles');
const STAMP = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-'); // ISO 8601, file-name safe
const started = Date.now();
const children = new Map(); // name → { child, pid, expectedExit, exited }
let shuttingDown = false;

// ---------------------------------------------------------------- options

function envInt(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) die(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

const TARGETS = ['proxy', 'gateway', 'apollo', 'graphql-js'];
/** Reference servers (bench/references/<name>.mjs): measured at the highest connection count only. */
const REFERENCES = ['apollo', 'graphql-js'];

const opts = {
  durationS: envInt('BENCH_DURATION_S', 8, 1, 600),
  rounds: envInt('BENCH_ROUNDS', 3, 1, 50),
  warmupS: envInt('BENCH_WARMUP_S', 5, 0, 600),
  connections: (process.env.BENCH_CONNECTIONS || '1,64').split(',').map((s) => {
    const n = Number(s.trim());
    if (!Number.isInteger(n) || n < 1 || n > 4096) die(`BENCH_CONNECTIONS must be a comma-separated list of integers, got "${process.env.BENCH_CONNECTIONS}"`);
    return n;
  }),
  targets: (process.env.BENCH_TARGETS || TARGETS.join(',')).split(',').map((s) => s.trim()).filter(Boolean),
  gatewayEnv: parseGatewayEnv(process.env.BENCH_GATEWAY_ENV),
  cpuProf: ['1', 'true', 'yes'].includes((process.env.BENCH_CPU_PROF ?? '').toLowerCase()),
  quietWaitS: envInt('BENCH_QUIET_WAIT_S', 60, 0, 3600),
  gatewayLog: process.env.BENCH_GATEWAY_LOG ? path.resolve(ROOT, process.env.BENCH_GATEWAY_LOG) : '/dev/null',
};
for (const t of opts.targets) if (!TARGETS.includes(t)) die(`BENCH_TARGETS: unknown target "${t}" (${TARGETS.join(', ')})`);
if (opts.targets.length === 0) die('BENCH_TARGETS is empty');

function parseGatewayEnv(raw) {
  if (!raw) return {};
  let value;
  try {
    value = JSON.parse(raw);
  } catch {
    die(`BENCH_GATEWAY_ENV must be a JSON object, got ${raw}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) die('BENCH_GATEWAY_ENV must be a JSON object');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

// ---------------------------------------------------------------- the workload

const CUSTOMER_ID = 'cstap_demoWaitingData1'; // stays WAITING_DATA: every add-attributes call succeeds
const CARD = { nameOnCard: 'JOHN TESTMAN', designId: '1', addressType: 'PRIMARY' };
const MUTATION =
  'mutation AddKycAttributes($input: AddKycAttributesInput!) { addKycAttributes(input: $input) { __typename ' +
  '... on AddKycAttributesSuccess { requestId kyc { status } } } }';
const GRAPHQL_BODY = JSON.stringify({
  operationName: 'AddKycAttributes',
  query: MUTATION,
  variables: {
    input: {
      customerId: CUSTOMER_ID,
      additionalAttributes: { cardAttributes: { productId: 'Virtual_Debit_Card', ...CARD, issueType: 'RE_ISSUE' } },
    },
  },
});
// What the gateway sends connectFi for that mutation (productID on the wire, RE-ISSUE, additionalData defaulted to {}).
const REST_BODY = JSON.stringify({
  customerId: CUSTOMER_ID,
  additionalAttributes: { cardAttributes: { productID: 'Virtual_Debit_Card', ...CARD, issueType: 'RE-ISSUE', additionalData: {} } },
});
const API_KEY = `bench-key-${randomBytes(12).toString('hex')}`;
const SIM_LOGIN = 'bench_gateway';
const SIM_PASSWORD = `bench-${randomBytes(9).toString('base64url')}`;
const SIM_ROUTE = 'POST /customer/kyc/add-attributes';
const NOISY_CORES = 0.1; // a run during which other processes used more than this (in cores) is flagged

// ---------------------------------------------------------------- child processes

function killAll(signal = 'SIGKILL') {
  for (const entry of children.values()) {
    try {
      entry.child.kill(signal);
    } catch {
      // already gone
    }
  }
}

process.on('exit', () => killAll('SIGKILL'));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    shuttingDown = true;
    process.stderr.write(`\nbench: ${signal}, stopping every child process\n`);
    killAll('SIGTERM');
    setTimeout(() => process.exit(130), 300).unref();
  });
}

function die(message) {
  process.stderr.write(`bench: ${message}\n`);
  shuttingDown = true;
  process.exit(1); // the exit handler kills every child
}

function startProcess(name, args, { env, stdout = 'pipe', stderrFile }) {
  const errFd = fs.openSync(stderrFile, 'w');
  const outFd = stdout === 'pipe' ? 'pipe' : fs.openSync(stdout, 'a');
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', outFd, errFd] });
  fs.closeSync(errFd);
  if (typeof outFd === 'number') fs.closeSync(outFd);
  const entry = { name, child, pid: child.pid, expectedExit: false, exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))) };
  children.set(name, entry);
  entry.exited.then(({ code, signal }) => {
    children.delete(name);
    if (!entry.expectedExit && !shuttingDown) {
      const tail = readTail(stderrFile);
      die(`${name} (pid ${entry.pid}) exited unexpectedly (code ${code}, signal ${signal})${tail ? `; its stderr:\n${tail}` : ''}`);
    }
  });
  return entry;
}

async function stopProcess(entry, timeoutMs = 15_000) {
  if (!children.has(entry.name)) return;
  entry.expectedExit = true;
  entry.child.kill('SIGTERM');
  const timer = setTimeout(() => entry.child.kill('SIGKILL'), timeoutMs);
  await entry.exited;
  clearTimeout(timer);
}

function readTail(file, bytes = 2000) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.slice(-bytes).trim();
  } catch {
    return '';
  }
}

function baseEnv() {
  const env = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitReady(name, url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!children.has(name)) break;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await sleep(100);
  }
  die(`${name} did not become ready at ${url} within ${timeoutMs / 1000} s (${last})`);
}

// ---------------------------------------------------------------- /proc readings

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process, in µs. */
function cpuUs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLK_TCK; // fields 14 (utime) and 15 (stime)
}

/** VmRSS and VmHWM of a process, in MB. */
function memoryMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** Machine-wide CPU time, all cores, in µs: busy (what processes' utime + stime add up to, softirq included) and steal. */
function machineCpuUs() {
  const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return { busy: ((user + nice + system + irq + softirq) * 1e6) / CLK_TCK, steal: ((steal || 0) * 1e6) / CLK_TCK };
}

/** Cores used by processes that are not ours, over the next `ms` milliseconds. */
async function otherLoadNow(ms) {
  const m0 = machineCpuUs();
  const own0 = ownCpuUs();
  const t0 = performance.now();
  await sleep(ms);
  return Math.max(0, machineCpuUs().busy - m0.busy - (ownCpuUs() - own0)) / ((performance.now() - t0) * 1000);
}

let quietBudgetMs = opts.quietWaitS * 1000;
/** Before a run: while other processes keep the machine busy, wait (from a budget shared by the whole benchmark). */
async function waitForQuiet() {
  let waitedMs = 0;
  while (quietBudgetMs > 0) {
    const load = await otherLoadNow(500);
    if (load < NOISY_CORES) break;
    if (waitedMs === 0) process.stdout.write(`  (other processes use ${load.toFixed(2)} cores: waiting for a quiet machine, ${Math.round(quietBudgetMs / 1000)} s left to wait)\n`);
    waitedMs += 500;
    quietBudgetMs -= 500;
  }
  return waitedMs;
}

/** CPU µs used so far by every benchmark process (children still running, and this one). */
function ownCpuUs() {
  let total = 0;
  for (const entry of children.values()) {
    if (entry.name === 'driver') continue; // the driver reports its own total
    try {
      total += cpuUs(entry.pid);
    } catch {
      // exited
    }
  }
  const self = process.cpuUsage();
  return total + self.user + self.system;
}

/** V8 heap figures (MB) from the gateway's Prometheus default metrics, read after a run (outside the CPU window). */
async function gatewayHeap(graphqlUrl) {
  try {
    const res = await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'), { signal: AbortSignal.timeout(2000) });
    const text = await res.text();
    const metric = (name) => {
      const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
      return m ? Number(m[1]) / 2 ** 20 : undefined;
    };
    return {
      usedMb: metric('nodejs_heap_size_used_bytes'),
      totalMb: metric('nodejs_heap_size_total_bytes'),
      externalMb: metric('nodejs_external_memory_bytes'),
    };
  } catch {
    return undefined;
  }
}

async function simCounters(simUrl) {
  const res = await fetch(`${simUrl}/__sim/stats`);
  const stats = await res.json();
  return { addAttributes: stats.requests?.[SIM_ROUTE] ?? 0, logins: stats.logins ?? 0 };
}

// ---------------------------------------------------------------- driving

function drive(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bench', 'drive.mjs'), JSON.stringify(args)], {
      cwd: ROOT, env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'],
    });
    const entry = { name: 'driver', child, pid: child.pid, expectedExit: true };
    children.set('driver', entry);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), (args.durationS + 60) * 1000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete('driver');
      if (code !== 0) return reject(new Error(`driver exited with code ${code} signal ${signal}: ${err.trim()}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch {
        reject(new Error(`driver printed no result: ${out} ${err}`));
      }
    });
  });
}

function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

// ---------------------------------------------------------------- main

async function main() {
  const gatewayStart = startCommand(); // exactly what `npm start` runs: its Node flags and entry point
  for (const file of [gatewayStart.entry, path.join(ROOT, 'dist/simulator/main.js')]) {
    if (!fs.existsSync(file)) die(`${path.relative(ROOT, file)} is missing: run npm run build first (npm run bench does)`);
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  if (opts.cpuProf) fs.mkdirSync(PROFILE_DIR, { recursive: true });

  const [simPort, proxyPort, gatewayPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const simUrl = `http://127.0.0.1:${simPort}`;

  // 1. the processes
  const sim = startProcess('simulator', ['dist/simulator/main.js'], {
    env: { ...baseEnv(), NODE_ENV: 'production', SIMULATOR_HOST: '127.0.0.1', SIMULATOR_PORT: String(simPort), CONNECTFI_LOGIN: SIM_LOGIN, CONNECTFI_PASSWORD: SIM_PASSWORD },
    stdout: '/dev/null',
    stderrFile: path.join(RESULTS_DIR, 'simulator.stderr.log'),
  });
  await waitReady('simulator', `${simUrl}/__sim/stats`);

  const targets = {};
  if (opts.targets.includes('proxy')) {
    const proc = startProcess('proxy', ['bench/proxy.mjs'], {
      env: { ...baseEnv(), NODE_ENV: 'production', PROXY_HOST: '127.0.0.1', PROXY_PORT: String(proxyPort), UPSTREAM_URL: simUrl, CONNECTFI_LOGIN: SIM_LOGIN, CONNECTFI_PASSWORD: SIM_PASSWORD },
      stdout: '/dev/null',
      stderrFile: path.join(RESULTS_DIR, 'proxy.stderr.log'),
    });
    const url = `http://127.0.0.1:${proxyPort}`;
    await waitReady('proxy', `${url}/health`);
    targets.proxy = {
      proc, url: `${url}/customer/kyc/add-attributes`, body: REST_BODY, expect: '"code":"0"',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    };
  }
  let gatewayEnv;
  if (opts.targets.includes('gateway')) {
    gatewayEnv = {
      ...baseEnv(),
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(gatewayPort),
      CONNECTFI_BASE_URL: simUrl,
      CONNECTFI_LOGIN: SIM_LOGIN,
      CONNECTFI_PASSWORD: SIM_PASSWORD,
      GATEWAY_API_KEYS: API_KEY,
      ...opts.gatewayEnv,
    };
    const profArgs = opts.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', `gateway-${STAMP}.cpuprofile`] : [];
    const proc = startProcess('gateway', [...gatewayStart.flags, ...profArgs, gatewayStart.entry], {
      env: gatewayEnv,
      stdout: opts.gatewayLog,
      stderrFile: path.join(RESULTS_DIR, 'gateway.stderr.log'),
    });
    const url = `http://127.0.0.1:${gatewayPort}`;
    await waitReady('gateway', `${url}/health`);
    targets.gateway = {
      proc, url: `${url}/graphql`, body: GRAPHQL_BODY, expect: '"AddKycAttributesSuccess"',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    };
  }
  for (const name of REFERENCES.filter((n) => opts.targets.includes(n))) {
    const port = await freePort();
    const proc = startProcess(name, [`bench/references/${name}.mjs`], {
      env: { ...baseEnv(), NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), UPSTREAM_URL: simUrl, CONNECTFI_LOGIN: SIM_LOGIN, CONNECTFI_PASSWORD: SIM_PASSWORD },
      stdout: '/dev/null',
      stderrFile: path.join(RESULTS_DIR, `${name}.stderr.log`),
    });
    const url = `http://127.0.0.1:${port}`;
    await waitReady(name, `${url}/health`);
    targets[name] = { proc, url: `${url}/graphql`, body: GRAPHQL_BODY, expect: '"AddKycAttributesSuccess"', headers: { 'content-type': 'application/json' } };
  }
  const names = Object.keys(targets);
  const maxConnections = Math.max(...opts.connections);
  /** Whether `name` is measured at `connections`: references only at the highest count. */
  const measured = (name, connections) => !REFERENCES.includes(name) || connections === maxConnections;
  const flags = targets.gateway && gatewayStart.flags.join(' ');
  log(`bench: simulator pid ${sim.pid}, ${names.map((n) => `${n} pid ${targets[n].proc.pid}`).join(', ')}` +
    `${flags ? ` (gateway: node ${flags})` : ''}; ` +
    `${opts.rounds} rounds × ${opts.connections.join('/')} connections × ${opts.durationS} s` + (opts.cpuProf ? ' (CPU profiling on: figures not comparable)' : ''));

  // 2. one sample answer of each must be a success
  const preflight = {};
  for (const name of names) {
    const t = targets[name];
    const res = await fetch(t.url, { method: 'POST', headers: t.headers, body: t.body });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      // checked below
    }
    const ok = name === 'proxy'
      ? res.status === 200 && json?.code === '0' && json?.data?.kyc?.status === 'WAITING_DATA'
      : res.status === 200 && json?.data?.addKycAttributes?.__typename === 'AddKycAttributesSuccess' && json.data.addKycAttributes.kyc?.status === 'WAITING_DATA' && !json.errors;
    if (!ok) die(`sample request to ${name} is not a success: HTTP ${res.status} ${text.slice(0, 1000)}`);
    preflight[name] = { status: res.status, sample: json };
  }
  if (targets.gateway) {
    // What "production configuration" means today: is a request without the key refused, is /metrics served?
    const base = targets.gateway.url.replace(/\/graphql$/, '');
    const anon = await fetch(targets.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: GRAPHQL_BODY });
    await anon.arrayBuffer();
    const metrics = await fetch(`${base}/metrics`);
    await metrics.arrayBuffer();
    preflight.gatewayFeatures = { authEnforced: anon.status === 401, anonymousStatus: anon.status, metricsStatus: metrics.status };
    log(`bench: gateway auth ${anon.status === 401 ? 'enforced' : `NOT enforced (anonymous request answered ${anon.status})`}, /metrics ${metrics.status === 200 ? 'served' : `answered ${metrics.status}`}`);
  }

  // 3. warm-up (JIT, pools, caches), not recorded
  if (opts.warmupS > 0) {
    for (const name of names) {
      const t = targets[name];
      const r = await drive({ url: t.url, headers: t.headers, body: t.body, expect: t.expect, connections: maxConnections, durationS: opts.warmupS });
      const bad = r.non2xx + r.errors + r.timeouts + r.mismatches;
      log(`bench: warm-up ${name} c${maxConnections}: ${Math.round(r.requestsPerSecMean)} req/s${bad ? `, ${bad} BAD ANSWERS` : ''}`);
      await sleep(300);
    }
  }

  // 4. interleaved rounds
  async function measure(name, round, connections) {
    const t = targets[name];
    const pid = t.proc.pid;
    const waitedMs = await waitForQuiet();
    const simBefore = await simCounters(simUrl);
    const cpuBefore = cpuUs(pid);
    const simCpuBefore = cpuUs(sim.pid);
    const machineBefore = machineCpuUs();
    const ownBefore = ownCpuUs();
    const wallBefore = performance.now();
    const rssSamples = []; // RSS every 250 ms during the run: steadier than one reading at a random point of the GC cycle
    const sampler = setInterval(() => rssSamples.push(memoryMb(pid).rss), 250);
    const r = await drive({ url: t.url, headers: t.headers, body: t.body, expect: t.expect, connections, durationS: opts.durationS }).finally(() => clearInterval(sampler));
    const cpuAfter = cpuUs(pid);
    const simCpuAfter = cpuUs(sim.pid);
    // CPU that no benchmark process used: other work on this machine competing with the measurement.
    const machineAfter = machineCpuUs();
    const wallUs = (performance.now() - wallBefore) * 1000;
    const otherCores = Math.max(0, machineAfter.busy - machineBefore.busy - (ownCpuUs() - ownBefore) - r.driverCpuTotalUs) / wallUs;
    const stealCores = (machineAfter.steal - machineBefore.steal) / wallUs;
    const mem = memoryMb(pid);
    const simAfter = await simCounters(simUrl);
    const heap = name === 'gateway' && preflight.gatewayFeatures?.metricsStatus === 200 ? await gatewayHeap(t.url) : undefined;
    const completed = r.requestsCompleted || 1;
    const run = {
      round, target: name, connections,
      reqPerSec: r.requestsPerSecMean,
      p50Ms: r.latencyMs.p50,
      p99Ms: r.latencyMs.p99,
      cpuUsPerReq: (cpuAfter - cpuBefore) / completed,
      rssMb: mem.rss,
      rssMeanDuringMb: rssSamples.length ? rssSamples.reduce((a, b) => a + b, 0) / rssSamples.length : mem.rss,
      rssMaxDuringMb: Math.max(mem.rss, ...rssSamples),
      hwmMb: mem.hwm,
      heap, // from the gateway's /metrics (prom-client default metrics) after the run, when it serves them
      bad: r.non2xx + r.errors + r.timeouts + r.mismatches,
      upstreamCallsPerReq: (simAfter.addAttributes - simBefore.addAttributes) / completed,
      upstreamLogins: simAfter.logins - simBefore.logins,
      simulatorCpuUsPerReq: (simCpuAfter - simCpuBefore) / completed,
      driverCpuUsPerReq: r.driverCpuUs / completed,
      otherLoadCores: otherCores,
      stealCores,
      waitedForQuietMs: waitedMs,
      driver: r,
    };
    return run;
  }

  function printRun(run, note = '') {
    const r = run.driver;
    log(`  round ${run.round} ${run.target.padEnd(10)} c${String(run.connections).padEnd(3)} ${fmtInt(run.reqPerSec).padStart(7)} req/s  p50 ${fmtMs(run.p50Ms)}  p99 ${fmtMs(run.p99Ms)}  ` +
      `${fmtInt(run.cpuUsPerReq)} µs/req  RSS ${run.rssMb.toFixed(1)} MB` +
      (run.otherLoadCores >= NOISY_CORES ? `  [other load ${run.otherLoadCores.toFixed(2)} cores]` : '') +
      (run.bad ? `  ${run.bad} BAD (non2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}, mismatches ${r.mismatches})` : '') + note);
  }

  const runs = [];
  const discarded = [];
  for (let round = 1; round <= opts.rounds; round++) {
    for (const connections of opts.connections) {
      for (const name of names.filter((n) => measured(n, connections))) {
        let run = await measure(name, round, connections);
        // Another process shared the machine during the run: retry once while the waiting budget lasts.
        if (run.otherLoadCores >= NOISY_CORES && quietBudgetMs > 0) {
          printRun(run, ' (discarded, measuring again)');
          discarded.push(run);
          quietBudgetMs -= opts.durationS * 1000;
          run = await measure(name, round, connections);
        }
        runs.push(run);
        printRun(run);
        await sleep(300);
      }
    }
  }

  // 5. summary
  const summary = {};
  for (const name of names) {
    for (const connections of opts.connections.filter((c) => measured(name, c))) {
      const rs = runs.filter((r) => r.target === name && r.connections === connections);
      summary[`${name}@${connections}`] = {
        target: name, connections,
        reqPerSec: median(rs.map((r) => r.reqPerSec)),
        p50Ms: median(rs.map((r) => r.p50Ms)),
        p99Ms: median(rs.map((r) => r.p99Ms)),
        cpuUsPerReq: median(rs.map((r) => r.cpuUsPerReq)),
        rssMb: median(rs.map((r) => r.rssMb)),
        upstreamCallsPerReq: median(rs.map((r) => r.upstreamCallsPerReq)),
        simulatorCpuUsPerReq: median(rs.map((r) => r.simulatorCpuUsPerReq)),
        driverCpuUsPerReq: median(rs.map((r) => r.driverCpuUsPerReq)),
        maxOtherLoadCores: Math.max(...rs.map((r) => r.otherLoadCores)),
        bad: rs.reduce((s, r) => s + r.bad, 0),
      };
    }
  }
  const ratios = {};
  if (targets.proxy && targets.gateway) {
    for (const connections of opts.connections) {
      const g = summary[`gateway@${connections}`];
      const p = summary[`proxy@${connections}`];
      const perRound = runs
        .filter((r) => r.target === 'gateway' && r.connections === connections)
        .map((gr) => {
          const pr = runs.find((r) => r.target === 'proxy' && r.connections === connections && r.round === gr.round);
          return { round: gr.round, reqPerSec: gr.reqPerSec / pr.reqPerSec, p99: gr.p99Ms / pr.p99Ms, p50DeltaMs: gr.p50Ms - pr.p50Ms };
        });
      ratios[connections] = {
        reqPerSec: g.reqPerSec / p.reqPerSec,
        p50: g.p50Ms / p.p50Ms,
        p50DeltaMs: g.p50Ms - p.p50Ms,
        p99: g.p99Ms / p.p99Ms,
        cpuUsPerReq: g.cpuUsPerReq / p.cpuUsPerReq,
        rssMb: g.rssMb / p.rssMb,
        perRound,
      };
    }
  }

  // Gateway memory across rounds. RSS after a run lands at a random point of V8's GC cycle, so growth compares
  // each round's time-averaged RSS (sampled every 250 ms during the gateway's runs), last round against the first.
  let gatewayRss;
  if (targets.gateway) {
    const gw = runs.filter((r) => r.target === 'gateway');
    const perRound = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const rs = gw.filter((r) => r.round === round);
      perRound.push({
        round,
        afterMb: rs[rs.length - 1].rssMb,
        meanDuringMb: rs.reduce((a, r) => a + r.rssMeanDuringMb, 0) / rs.length,
        maxDuringMb: Math.max(...rs.map((r) => r.rssMaxDuringMb)),
        heapUsedMb: rs[rs.length - 1].heap?.usedMb,
        heapTotalMb: rs[rs.length - 1].heap?.totalMb,
      });
    }
    const first = perRound[0].meanDuringMb;
    const last = perRound[perRound.length - 1].meanDuringMb;
    gatewayRss = {
      perRound,
      growth: perRound.length > 1 ? last / first - 1 : 0,
      maxAfterRunMb: Math.max(...gw.map((r) => r.rssMb)),
      maxDuringMb: Math.max(...gw.map((r) => r.rssMaxDuringMb)),
      peakHwmMb: Math.max(...gw.map((r) => r.hwmMb)),
    };
  }

  const verdict = targets.proxy && targets.gateway ? judge(ratios, summary, gatewayRss) : undefined;
  const references = compareReferences(names, summary, maxConnections);
  const totalBad = runs.reduce((s, r) => s + r.bad, 0);

  printTable(names, runs, summary, ratios, gatewayRss, verdict, references, totalBad);

  // 6. stop the processes (the gateway writes its CPU profile on exit)
  shuttingDown = true;
  for (const name of [...names].reverse()) await stopProcess(targets[name].proc);
  await stopProcess(sim);
  let profile;
  if (opts.cpuProf) {
    const file = path.join(PROFILE_DIR, `gateway-${STAMP}.cpuprofile`);
    if (fs.existsSync(file)) {
      profile = path.relative(ROOT, file);
      const { summarise, formatSummary } = await import('./profile-summary.mjs');
      log(`\nCPU profile of the gateway: ${profile} (node bench/profile-summary.mjs ${profile})`);
      log(formatSummary(summarise(JSON.parse(fs.readFileSync(file, 'utf8'))), 12));
    } else {
      log(`\nbench: no CPU profile was written at ${path.relative(ROOT, file)} (did the gateway exit cleanly on SIGTERM?)`);
    }
  }

  // 7. results
  const result = {
    timestamp: new Date(started).toISOString(),
    elapsedS: Math.round((Date.now() - started) / 100) / 10,
    machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemMb: Math.round(os.totalmem() / 2 ** 20), loadavg: os.loadavg(), clkTck: CLK_TCK },
    source: gitInfo(),
    options: { ...opts, gatewayEnv: redactEnv(opts.gatewayEnv), gatewayLog: opts.gatewayLog === '/dev/null' ? '/dev/null' : path.relative(ROOT, opts.gatewayLog) },
    gatewayEnv: gatewayEnv && redactEnv(gatewayEnv),
    gatewayNodeFlags: targets.gateway ? gatewayStart.flags : undefined,
    workload: { graphql: JSON.parse(GRAPHQL_BODY), rest: JSON.parse(REST_BODY) },
    preflight,
    runs,
    discardedNoisyRuns: discarded,
    summary,
    ratios,
    gatewayRss,
    verdict,
    references,
    valid: totalBad === 0,
    noisyRuns: runs.filter((r) => r.otherLoadCores >= NOISY_CORES).length,
    profile,
  };
  const text = `${JSON.stringify(result, null, 2)}\n`;
  fs.writeFileSync(path.join(RESULTS_DIR, `${STAMP}.json`), text);
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.json'), text);
  log(`\nbench: results in ${path.relative(ROOT, RESULTS_DIR) || '.'}/${STAMP}.json (and latest.json); ${result.elapsedS} s in all`);
  if (totalBad > 0) {
    process.stderr.write(`bench: ${totalBad} requests did not get a success answer: these figures are not valid\n`);
    process.exitCode = 1;
  }
}

// ---------------------------------------------------------------- verdict and table

function judge(ratios, summary, gatewayRss) {
  const hi = opts.connections.includes(64) ? 64 : Math.max(...opts.connections);
  const checks = [];
  const r = ratios[hi];
  checks.push({ name: `throughput c${hi}`, value: r.reqPerSec, target: '≥ 0.6× proxy', pass: r.reqPerSec >= 0.6, text: `${r.reqPerSec.toFixed(2)}× proxy` });
  checks.push({ name: `p99 c${hi}`, value: r.p99, target: '≤ 2.5× proxy', pass: r.p99 <= 2.5, text: `${r.p99.toFixed(2)}× proxy` });
  checks.push({
    name: 'RSS', value: gatewayRss.maxAfterRunMb, target: '< 200 MB, growth ≤ 10%',
    pass: gatewayRss.maxAfterRunMb < 200 && gatewayRss.growth <= 0.1,
    text: `${gatewayRss.maxAfterRunMb.toFixed(1)} MB max after a run, ${fmtPct(gatewayRss.growth)} across rounds`,
  });
  if (ratios[1]) {
    const d = ratios[1].p50DeltaMs;
    checks.push({ name: 'p50 c1', value: d, target: '≤ +0.3 ms over proxy', pass: d <= 0.3, text: `${d >= 0 ? '+' : ''}${d.toFixed(3)} ms over proxy` });
  }
  // The issue's "≥ 8× GraphQL Mesh / Hive Gateway" (750–830 req/s on this machine): an absolute, machine-bound figure.
  const g = summary[`gateway@${hi}`].reqPerSec;
  checks.push({ name: `vs Mesh c${hi}`, value: g, target: '≥ 8 × 830 = 6,640 req/s', pass: g >= 6640, text: `${fmtInt(g)} req/s = ${(g / 830).toFixed(1)}× Mesh` });
  return { checks, met: checks.filter((c) => c.pass).length, of: checks.length };
}

/** At the highest connection count: each reference against the proxy, and the gateway against each reference. */
function compareReferences(names, summary, connections) {
  const present = REFERENCES.filter((n) => names.includes(n));
  if (present.length === 0) return undefined;
  const at = (name) => summary[`${name}@${connections}`];
  return {
    connections,
    servers: Object.fromEntries(present.map((name) => {
      const ref = at(name);
      return [name, {
        reqPerSec: ref.reqPerSec,
        cpuUsPerReq: ref.cpuUsPerReq,
        vsProxy: at('proxy') ? { reqPerSec: ref.reqPerSec / at('proxy').reqPerSec, p99: ref.p99Ms / at('proxy').p99Ms } : undefined,
        gatewayVsThis: at('gateway') ? { reqPerSec: at('gateway').reqPerSec / ref.reqPerSec, cpuUsPerReq: at('gateway').cpuUsPerReq / ref.cpuUsPerReq } : undefined,
      }];
    })),
  };
}

function printTable(names, runs, summary, ratios, gatewayRss, verdict, references, totalBad) {
  const hasFloor = names.includes('proxy');
  const header = ['target', 'conns', 'req/s', '×proxy', 'p50 ms', '×proxy', 'Δp50 ms', 'p99 ms', '×proxy', 'CPU µs/req', '×proxy', 'RSS MB', '×proxy', 'upstream/req', 'other load', 'bad'];
  const rows = [];
  for (const connections of opts.connections) {
    for (const name of names) {
      const s = summary[`${name}@${connections}`];
      if (s === undefined) continue; // a reference, measured at the highest connection count only
      const p = summary[`proxy@${connections}`];
      const ratio = (key, digits = 2) => (hasFloor ? (s[key] / p[key]).toFixed(digits) : '–');
      rows.push([
        name, String(connections), fmtInt(s.reqPerSec), ratio('reqPerSec'),
        fmtMs(s.p50Ms), ratio('p50Ms'), hasFloor ? signed(s.p50Ms - p.p50Ms) : '–',
        fmtMs(s.p99Ms), ratio('p99Ms'),
        fmtInt(s.cpuUsPerReq), ratio('cpuUsPerReq'),
        s.rssMb.toFixed(1), ratio('rssMb'),
        s.upstreamCallsPerReq.toFixed(2), s.maxOtherLoadCores.toFixed(2), String(s.bad),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  log('');
  log(`Medians of ${opts.rounds} interleaved rounds, ${opts.durationS} s each; ratios: each target ÷ proxy floor in this run.`);
  log(line(header));
  log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of rows) log(line(row));
  if (hasFloor && names.includes('gateway')) {
    for (const connections of opts.connections) {
      const pr = ratios[connections].perRound;
      log(`per round c${connections}: req/s ×proxy ${pr.map((x) => x.reqPerSec.toFixed(2)).join(', ')}; p99 ×proxy ${pr.map((x) => x.p99.toFixed(2)).join(', ')}; Δp50 ms ${pr.map((x) => signed(x.p50DeltaMs)).join(', ')}`);
    }
  }
  if (gatewayRss) {
    const pr = gatewayRss.perRound;
    log(`gateway RSS after each round: ${pr.map((x) => `${x.afterMb.toFixed(1)}`).join(', ')} MB; ` +
      `mean during each round: ${pr.map((x) => `${x.meanDuringMb.toFixed(1)}`).join(', ')} MB (growth ${fmtPct(gatewayRss.growth)}); ` +
      `max during runs ${gatewayRss.maxDuringMb.toFixed(1)} MB, VmHWM ${gatewayRss.peakHwmMb.toFixed(1)} MB`);
    if (pr.some((x) => x.heapUsedMb !== undefined)) {
      log(`gateway V8 heap after each round (from /metrics): used ${pr.map((x) => x.heapUsedMb?.toFixed(1) ?? '?').join(', ')} MB; ` +
        `total ${pr.map((x) => x.heapTotalMb?.toFixed(1) ?? '?').join(', ')} MB`);
    }
  }
  const hi = Math.max(...opts.connections);
  const cpuNote = names.map((n) => `${n} c${hi}: simulator ${fmtInt(summary[`${n}@${hi}`].simulatorCpuUsPerReq)} µs/req, driver ${fmtInt(summary[`${n}@${hi}`].driverCpuUsPerReq)} µs/req`).join('; ');
  log(`other processes (same ${os.cpus().length} cores): ${cpuNote}`);
  const noisy = runs.filter((r) => r.otherLoadCores >= NOISY_CORES);
  if (noisy.length > 0) {
    log(`WARNING: ${noisy.length} of ${runs.length} runs shared the machine with other work (≥ ${NOISY_CORES} cores on average: ` +
      `${noisy.map((r) => `r${r.round} ${r.target} c${r.connections} ${r.otherLoadCores.toFixed(2)}`).join(', ')}); rerun on a quiet machine for figures to quote`);
  }
  if (references) {
    log(`references c${references.connections} (no gateway features, same schema shape and connectFi call): ` +
      Object.entries(references.servers).map(([name, r]) => `${name} alone ${r.vsProxy ? `${r.vsProxy.reqPerSec.toFixed(2)}× proxy req/s, p99 ${r.vsProxy.p99.toFixed(2)}× proxy` : fmtInt(r.reqPerSec) + ' req/s'}` +
        (r.gatewayVsThis ? `; gateway = ${r.gatewayVsThis.reqPerSec.toFixed(2)}× its req/s at ${r.gatewayVsThis.cpuUsPerReq.toFixed(2)}× its CPU/req` : '')).join(' · '));
  }
  if (verdict) {
    log(`VERDICT: ${verdict.met}/${verdict.of} targets met: ` +
      verdict.checks.map((c) => `${c.name} ${c.text} (${c.target}) ${c.pass ? 'PASS' : 'FAIL'}`).join(' · ') +
      (totalBad ? ` · INVALID RUN: ${totalBad} bad answers` : ''));
  }
}

function fmtInt(x) {
  return x === null || x === undefined ? '–' : Math.round(x).toLocaleString('en-US');
}
function fmtMs(x) {
  return x === null || x === undefined ? '–' : x.toFixed(3);
}
function signed(x) {
  return `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
}
function fmtPct(x) {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}
function log(line) {
  process.stdout.write(`${line}\n`);
}

function redactEnv(env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'].includes(k)) continue;
    out[k] = /PASSWORD|KEY|SECRET|TOKEN/i.test(k) ? '[redacted]' : v;
  }
  return out;
}

function gitInfo() {
  const git = (...args) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return undefined;
    }
  };
  const changed = git('status', '--porcelain', '--untracked-files=no');
  let distBuiltAt;
  try {
    distBuiltAt = fs.statSync(path.join(ROOT, 'dist', 'main.js')).mtime.toISOString();
  } catch {
    // no dist
  }
  return { commit: git('rev-parse', 'HEAD'), modifiedFiles: changed === undefined ? undefined : changed.split('\n').filter(Boolean).length, distBuiltAt };
}

main().catch((error) => die(error?.stack ?? String(error)));
