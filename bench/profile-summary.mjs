// Where a process spends its CPU, from a V8 .cpuprofile (node --cpu-prof): self time aggregated by package and by
// function. Usage:
//   node bench/profile-summary.mjs [file.cpuprofile] [--top N] [--json]
//   node bench/profile-summary.mjs [file.cpuprofile] --callers writev [--depth 8]   (call paths to a hot function)
//   node bench/profile-summary.mjs [file.cpuprofile] --inclusive willSendResponse [--inclusive ...]   (time under a frame)
//   node bench/profile-summary.mjs [file.cpuprofile] --under willSendResponse   (self time by function under a frame)
//   Any of these with --per-request N: µs per request over N requests (how many the profiled process served), and
//   --skip-ms M to leave out the profile's first M ms (start-up, warm-up).
// Without a file: the newest profile in bench/results/profiles. Percentages are of busy time (all but "(idle)").
// Packages: npm packages by name (node_modules/<name>, the innermost one), "node:<module>" for Node's own
// JavaScript (node:http_server, node:streams, ...), "app: dist/<file>" for this project, "(native)" for V8 builtins
// and C++ with no script (JSON.parse, writev, ...), and V8's own "(garbage collector)" and "(program)". A second
// package view charges each native frame to its nearest JavaScript caller.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The profile without its first `skipMs` milliseconds (e.g. start-up and warm-up): samples before then are dropped.
 */
export function skipStart(profile, skipMs) {
  if (!skipMs) return profile;
  const { samples = [], timeDeltas = [] } = profile;
  let t = profile.startTime;
  const cutoff = profile.startTime + skipMs * 1000;
  let first = 0;
  while (first < samples.length && (t += timeDeltas[first]) < cutoff) first++;
  const deltas = timeDeltas.slice(first);
  if (deltas.length > 0) deltas[0] = 0;
  return { ...profile, startTime: t, samples: samples.slice(first), timeDeltas: deltas };
}

/** Self time per node: each sample lasts until the next one (as Chrome DevTools counts it). */
export function summarise(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const { samples = [], timeDeltas = [] } = profile;
  let t = profile.startTime;
  const stamps = timeDeltas.map((d) => (t += d));
  for (let i = 0; i < samples.length; i++) {
    const next = i + 1 < samples.length ? stamps[i + 1] : profile.endTime;
    const us = Math.max(0, next - stamps[i]);
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + us);
  }

  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  /** The package of the nearest JavaScript caller of a native frame (JSON.parse called from the app counts as the app's). */
  const callerPackage = (id) => {
    for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
      const frame = nodes.get(at).callFrame;
      if (frame.url && !frame.url.startsWith('wasm:')) return classify(frame).pkg;
    }
    return '(native)';
  };

  const byPackage = new Map();
  const byPackageWithNatives = new Map();
  const byFunction = new Map();
  const byKind = new Map();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = nodes.get(id);
    totalUs += us;
    if (callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const { pkg, kind, file } = classify(callFrame);
    add(byPackage, pkg, us);
    add(byPackageWithNatives, pkg === '(native)' || pkg === '(wasm)' ? callerPackage(id) : pkg, us);
    add(byKind, kind, us);
    const name = callFrame.functionName || '(anonymous)';
    const where = file ? `${file}:${callFrame.lineNumber + 1}` : '';
    add(byFunction, `${name}\u0000${where}\u0000${pkg}`, us);
  }
  const busyUs = totalUs - idleUs;
  const rank = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(([key, us]) => ({ key, ms: us / 1000, pct: busyUs > 0 ? (100 * us) / busyUs : 0 }));
  return {
    durationMs: (profile.endTime - profile.startTime) / 1000,
    sampledMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    busyMs: busyUs / 1000,
    samples: samples.length,
    byKind: rank(byKind),
    byPackage: rank(byPackage),
    byPackageWithNatives: rank(byPackageWithNatives),
    byFunction: rank(byFunction).map(({ key, ms, pct }) => {
      const [fn, where, pkg] = key.split('\u0000');
      return { function: fn, where, package: pkg, ms, pct };
    }),
  };
}

function add(map, key, us) {
  map.set(key, (map.get(key) ?? 0) + us);
}

function classify({ functionName, url }) {
  if (!url) {
    if (functionName === '(garbage collector)') return { pkg: '(garbage collector)', kind: 'gc' };
    if (functionName === '(program)' || functionName === '(root)') return { pkg: '(program)', kind: 'v8/native' };
    return { pkg: '(native)', kind: 'v8/native' };
  }
  if (url.startsWith('node:')) {
    const rest = url.slice(5).replace(/^internal\//, '').replace(/^deps\//, 'deps/');
    const first = rest.split('/')[0].replace(/^_+/, '').replace(/\.js$/, '');
    return { pkg: `node:${first}`, kind: 'node core', file: url };
  }
  if (url.startsWith('wasm:')) return { pkg: '(wasm)', kind: 'v8/native', file: url };
  let file = url;
  if (file.startsWith('file://')) {
    try {
      file = fileURLToPath(file);
    } catch {
      // keep it
    }
  }
  const nm = file.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const parts = file.slice(nm + '/node_modules/'.length).split('/');
    const pkg = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    return { pkg, kind: 'npm packages', file: `${pkg}/${parts.slice(pkg.includes('/') ? 2 : 1).join('/')}` };
  }
  const rel = path.isAbsolute(file) ? path.relative(ROOT, file) : '..';
  if (!rel.startsWith('..')) {
    return { pkg: `app: ${rel}`, kind: 'app', file: rel };
  }
  return { pkg: file, kind: 'other', file };
}

export function formatSummary(s, top = 20) {
  const lines = [];
  const pct = (x) => `${x.toFixed(1).padStart(5)}%`;
  const ms = (x) => `${Math.round(x).toLocaleString('en-US').padStart(8)} ms`;
  lines.push(`profile: ${Math.round(s.durationMs).toLocaleString('en-US')} ms wall, ${Math.round(s.busyMs).toLocaleString('en-US')} ms busy ` +
    `(${Math.round(s.idleMs).toLocaleString('en-US')} ms idle), ${s.samples.toLocaleString('en-US')} samples; % of busy time`);
  lines.push('', 'by kind:');
  for (const r of s.byKind) lines.push(`  ${pct(r.pct)} ${ms(r.ms)}  ${r.key}`);
  lines.push('', `by package (self time), top ${top}:`);
  for (const r of s.byPackage.slice(0, top)) lines.push(`  ${pct(r.pct)} ${ms(r.ms)}  ${r.key}`);
  lines.push('', `by package, natives (JSON.parse, writev, ...) charged to their JavaScript caller, top ${top}:`);
  for (const r of s.byPackageWithNatives.slice(0, top)) lines.push(`  ${pct(r.pct)} ${ms(r.ms)}  ${r.key}`);
  lines.push('', `by function (self time), top ${top}:`);
  for (const r of s.byFunction.slice(0, top)) lines.push(`  ${pct(r.pct)} ${ms(r.ms)}  ${r.function}  ${r.where || `[${r.package}]`}`);
  return lines.join('\n');
}

/** The call paths (innermost caller first) that lead to frames named `functionName`, by samples. */
export function callers(profile, functionName, depth = 6) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const paths = new Map();
  let total = 0;
  for (const n of profile.nodes) {
    if (n.callFrame.functionName !== functionName || !n.hitCount) continue;
    const chain = [];
    for (let at = parent.get(n.id); at !== undefined && chain.length < depth; at = parent.get(at)) {
      const f = nodes.get(at).callFrame;
      chain.push(`${f.functionName || '(anonymous)'} (${classify(f).file ?? classify(f).pkg})`);
    }
    const key = chain.join(' ← ');
    paths.set(key, (paths.get(key) ?? 0) + n.hitCount);
    total += n.hitCount;
  }
  return [...paths].sort((a, b) => b[1] - a[1]).map(([path, samples]) => ({ path, samples, pct: (100 * samples) / total }));
}

/** Total (inclusive) time under frames named `functionName`: every sample with such a frame on its stack, counted once. */
export function inclusive(profile, functionName) {
  const summary = summarise(profile);
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const under = new Map();
  const isUnder = (id) => {
    if (under.has(id)) return under.get(id);
    const node = nodes.get(id);
    const result = node.callFrame.functionName === functionName || (parent.has(id) && isUnder(parent.get(id)));
    under.set(id, result);
    return result;
  };
  const { samples = [], timeDeltas = [] } = profile;
  let t = profile.startTime;
  const stamps = timeDeltas.map((d) => (t += d));
  let us = 0;
  for (let i = 0; i < samples.length; i++) {
    if (!isUnder(samples[i])) continue;
    us += Math.max(0, (i + 1 < samples.length ? stamps[i + 1] : profile.endTime) - stamps[i]);
  }
  return { functionName, ms: us / 1000, pct: summary.busyMs > 0 ? (100 * us) / 1000 / summary.busyMs : 0 };
}

/** Self time by function of the samples that have a frame named `functionName` on their stack. */
export function under(profile, functionName) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const memo = new Map();
  const isUnder = (id) => {
    if (memo.has(id)) return memo.get(id);
    const result = nodes.get(id).callFrame.functionName === functionName || (parent.has(id) && isUnder(parent.get(id)));
    memo.set(id, result);
    return result;
  };
  const { samples = [], timeDeltas = [] } = profile;
  let t = profile.startTime;
  const stamps = timeDeltas.map((d) => (t += d));
  const byFunction = new Map();
  let totalUs = 0;
  for (let i = 0; i < samples.length; i++) {
    if (!isUnder(samples[i])) continue;
    const us = Math.max(0, (i + 1 < samples.length ? stamps[i + 1] : profile.endTime) - stamps[i]);
    const frame = nodes.get(samples[i]).callFrame;
    const { file } = classify(frame);
    add(byFunction, `${frame.functionName || '(anonymous)'}  ${file ? `${file}:${frame.lineNumber + 1}` : `[${classify(frame).pkg}]`}`, us);
    totalUs += us;
  }
  return { functionName, ms: totalUs / 1000, byFunction: [...byFunction].sort((a, b) => b[1] - a[1]).map(([key, us]) => ({ key, ms: us / 1000 })) };
}

function newestProfile() {
  const dir = path.join(ROOT, 'bench', 'results', 'profiles');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  files.sort((a, b) => fs.statSync(path.join(dir, b)).mtimeMs - fs.statSync(path.join(dir, a)).mtimeMs);
  return files[0] && path.join(dir, files[0]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const valueOf = (flag) => (args.indexOf(flag) === -1 ? undefined : args[args.indexOf(flag) + 1]);
  const top = Number(valueOf('--top') ?? 20);
  const callersOf = valueOf('--callers');
  const flagValues = new Set(args.flatMap((a, i) => (['--top', '--callers', '--depth', '--inclusive', '--under', '--per-request', '--skip-ms'].includes(a) ? [i + 1] : [])));
  const perRequest = valueOf('--per-request') === undefined ? undefined : Number(valueOf('--per-request'));
  /** ms of profile time, as ms or as µs per request. */
  const amount = (ms) => (perRequest ? `${((ms * 1000) / perRequest).toFixed(1).padStart(7)} µs/req` : `${Math.round(ms).toLocaleString('en-US').padStart(8)} ms`);
  const file = args.find((a, i) => !a.startsWith('--') && !flagValues.has(i)) ?? newestProfile();
  if (!file) {
    process.stderr.write('usage: node bench/profile-summary.mjs [file.cpuprofile] [--top N] [--json] [--callers functionName [--depth N]] [--inclusive functionName ...]\n');
    process.exit(2);
  }
  const profile = skipStart(JSON.parse(fs.readFileSync(file, 'utf8')), Number(valueOf('--skip-ms') ?? 0));
  const summary = summarise(profile);
  const inclusiveOf = args.flatMap((a, i) => (a === '--inclusive' ? [args[i + 1]] : []));
  const underOf = valueOf('--under');
  if (inclusiveOf.length > 0) {
    process.stdout.write('inclusive time (every sample with the frame on its stack), % of busy time:\n');
    for (const name of inclusiveOf) {
      const r = inclusive(profile, name);
      process.stdout.write(`  ${r.pct.toFixed(1).padStart(5)}% ${amount(r.ms)}  ${name}\n`);
    }
  } else if (underOf) {
    const r = under(profile, underOf);
    process.stdout.write(`self time under ${underOf}: ${amount(r.ms)} in all\n`);
    for (const f of r.byFunction.slice(0, top)) process.stdout.write(`  ${amount(f.ms)}  ${f.key}\n`);
  } else if (callersOf) {
    const rows = callers(profile, callersOf, Number(valueOf('--depth') ?? 8));
    process.stdout.write(`callers of ${callersOf} (innermost first), by samples:\n`);
    for (const r of rows.slice(0, top)) process.stdout.write(`  ${r.pct.toFixed(1).padStart(5)}%  ${r.path}\n`);
  } else if (json) {
    process.stdout.write(`${JSON.stringify({ file, ...summary, byFunction: summary.byFunction.slice(0, top * 5) }, null, 2)}\n`);
  } else {
    process.stdout.write(`${path.relative(process.cwd(), file)}\n${formatSummary(summary, top)}\n`);
  }
}
