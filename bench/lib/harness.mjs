// What every scenario of the benchmark shares: its options, child processes (each in its own process, killed with
// the benchmark), /proc readings (CPU, memory, other load), waiting for a quiet machine, the load driver, and
// formatting. Scenarios live in bench/scenarios/, the orchestration in bench/run.mjs.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ? path.resolve(process.env.BENCH_RESULTS_DIR) : path.join(ROOT, 'bench', 'results');
export const PROFILE_DIR = path.join(RESULTS_DIR, 'profiles');
export const STAMP = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-'); // ISO 8601, file-name safe
/** A run during which other processes used more than this (in cores) counts as disturbed. */
export const NOISY_CORES = 0.1;

const children = new Map(); // name → { child, pid, expectedExit, exited }
let shuttingDown = false;

// ---------------------------------------------------------------- options

export function envInt(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) die(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

export function envList(name, fallback) {
  return (process.env[name] || fallback).split(',').map((s) => s.trim()).filter(Boolean);
}

export function envFlag(name) {
  return ['1', 'true', 'yes'].includes((process.env[name] ?? '').toLowerCase());
}

export function envJsonObject(name) {
  const raw = process.env[name];
  if (!raw) return {};
  let value;
  try {
    value = JSON.parse(raw);
  } catch {
    die(`${name} must be a JSON object, got ${raw}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) die(`${name} must be a JSON object`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

// ---------------------------------------------------------------- child processes

export function killAll(signal = 'SIGKILL') {
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

export function die(message) {
  process.stderr.write(`bench: ${message}\n`);
  shuttingDown = true;
  process.exit(1); // the exit handler kills every child
}

/** Starts `node <args>`; its unexpected exit stops the benchmark with its stderr's tail. */
export function startProcess(name, args, { env, stdout = '/dev/null', stderrFile, cwd = ROOT, wrapper = [] }) {
  fs.mkdirSync(path.dirname(stderrFile), { recursive: true }); // ab.mjs and pair-profile.mjs on a fresh clone
  const errFd = fs.openSync(stderrFile, 'w');
  const outFd = stdout === 'pipe' ? 'pipe' : fs.openSync(stdout, 'a');
  // `wrapper`: a command that runs node, e.g. valgrind (bench/instructions.mjs).
  const [command, ...rest] = [...wrapper, process.execPath, ...args];
  const child = spawn(command, rest, { cwd, env, stdio: ['ignore', outFd, errFd] });
  fs.closeSync(errFd);
  if (typeof outFd === 'number') fs.closeSync(outFd);
  const entry = { name, child, pid: child.pid, expectedExit: false, exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))) };
  children.set(name, entry);
  entry.exited.then(({ code, signal }) => {
    if (children.get(name) === entry) children.delete(name);
    if (!entry.expectedExit && !shuttingDown) {
      const tail = readTail(stderrFile);
      die(`${name} (pid ${entry.pid}) exited unexpectedly (code ${code}, signal ${signal})${tail ? `; its stderr:\n${tail}` : ''}`);
    }
  });
  return entry;
}

export async function stopProcess(entry, timeoutMs = 15_000) {
  if (!entry || children.get(entry.name) !== entry) return;
  entry.expectedExit = true;
  entry.child.kill('SIGTERM');
  const timer = setTimeout(() => entry.child.kill('SIGKILL'), timeoutMs);
  await entry.exited;
  clearTimeout(timer);
}

export function isRunning(name) {
  return children.has(name);
}

function readTail(file, bytes = 2000) {
  try {
    return fs.readFileSync(file, 'utf8').slice(-bytes).trim();
  } catch {
    return '';
  }
}

export function baseEnv() {
  const env = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitReady(name, url, timeoutMs = 30_000) {
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

/** POST JSON, answer the parsed JSON (or die naming `what`). */
export async function postJson(url, body, what, headers = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) die(`${what}: HTTP ${res.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

// ---------------------------------------------------------------- /proc readings

export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process, in µs. */
export function cpuUs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLK_TCK; // fields 14 (utime) and 15 (stime)
}

/** VmRSS and VmHWM of a process, in MB. */
export function memoryMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** Machine-wide CPU time, all cores, in µs: busy (what processes' utime + stime add up to, softirq included) and steal. */
export function machineCpuUs() {
  const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return { busy: ((user + nice + system + irq + softirq) * 1e6) / CLK_TCK, steal: ((steal || 0) * 1e6) / CLK_TCK };
}

/** CPU µs used so far by every benchmark process (children still running, and this one); not the driver's. */
export function ownCpuUs() {
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

/** Cores used by processes that are not ours, over the next `ms` milliseconds. */
async function otherLoadNow(ms) {
  const m0 = machineCpuUs();
  const own0 = ownCpuUs();
  const t0 = performance.now();
  await sleep(ms);
  return Math.max(0, machineCpuUs().busy - m0.busy - (ownCpuUs() - own0)) / ((performance.now() - t0) * 1000);
}

/**
 * Other load on the machine: a budget (BENCH_QUIET_WAIT_S, shared by every scenario) for waiting before a run
 * while other processes keep the machine busy, and for measuring a disturbed run again once.
 */
export const quiet = {
  budgetMs: envInt('BENCH_QUIET_WAIT_S', 60, 0, 3600) * 1000,
  async wait(log) {
    let waitedMs = 0;
    while (this.budgetMs > 0) {
      const load = await otherLoadNow(500);
      if (load < NOISY_CORES) break;
      if (waitedMs === 0) log(`  (other processes use ${load.toFixed(2)} cores: waiting for a quiet machine, ${Math.round(this.budgetMs / 1000)} s left to wait)`);
      waitedMs += 500;
      this.budgetMs -= 500;
    }
    return waitedMs;
  },
};

/**
 * Measures `work` (a promise-returning function that loads the machine) for CPU use: the processes named in `pids`
 * ({ name: pid }), the cores that processes which are not the benchmark's used meanwhile, steal, wall time.
 * `driverCpuUs(result)`: the driver's own total CPU, which it reports itself (it is not a child we track).
 */
export async function measured(pids, work, driverCpuUs = () => 0) {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuUs(pid)]));
  const machineBefore = machineCpuUs();
  const ownBefore = ownCpuUs();
  const wallBefore = performance.now();
  const result = await work();
  const wallUs = (performance.now() - wallBefore) * 1000;
  const machineAfter = machineCpuUs();
  const cpu = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuUs(pid) - before[name]]));
  const otherLoadCores = Math.max(0, machineAfter.busy - machineBefore.busy - (ownCpuUs() - ownBefore) - driverCpuUs(result)) / wallUs;
  return { result, cpu, wallUs, otherLoadCores, stealCores: (machineAfter.steal - machineBefore.steal) / wallUs };
}

// ---------------------------------------------------------------- driving

/** One load run by bench/drive.mjs in its own process; resolves its JSON result. */
export function drive(args) {
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

export function badAnswers(r) {
  return r.non2xx + r.errors + r.timeouts + r.mismatches;
}

// ---------------------------------------------------------------- statistics and formatting

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function fmtInt(x) {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : Math.round(x).toLocaleString('en-US');
}
export function fmtMs(x, digits = 3) {
  return x === null || x === undefined ? '–' : x.toFixed(digits);
}
export function signed(x, digits = 3) {
  return `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
}
export function fmtPct(x) {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}
export function log(line = '') {
  process.stdout.write(`${line}\n`);
}

/** Prints rows (arrays of strings) under `header`, the first column left-aligned, the others right-aligned. */
export function printTable(header, rows, indent = '') {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => indent + cells.map((c, i) => (i < 1 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  log(line(header));
  log(indent + widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of rows) log(line(row));
}

/** A target's verdict line: `check` = { name, text, target, pass } (pass undefined: not measured). */
export function verdictText(c) {
  return `${c.name}: ${c.text} (target ${c.target}) ${c.pass === undefined ? 'NOT MEASURED' : c.pass ? 'PASS' : 'FAIL'}`;
}

export function redactEnv(env) {
  const out = {};
  for (const [k, v] of Object.entries(env ?? {})) {
    if (['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'].includes(k)) continue;
    out[k] = /PASSWORD|KEY|SECRET|TOKEN/i.test(k) ? '[redacted]' : v;
  }
  return out;
}

export function gitInfo() {
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
