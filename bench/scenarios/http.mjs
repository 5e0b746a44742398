// Scenario "http": the gateway, every feature on, against the bare proxy (the floor) and the tuned Apollo Server
// reference (the ceiling of a gateway on Apollo's request pipeline), on a simulator with no added latency.
//
// Targets: proxy and gateway at every connection count (BENCH_CONNECTIONS, 1 and 64), the references at the highest
// only, and the tuned Apollo reference at 1 connection too (the p50 its pipeline alone adds). Runs are interleaved
// (round by round: proxy c1, gateway c1, apollo c1, proxy c64, gateway c64, apollo c64, ...), after a warm-up of
// each. Every answer must be the expected success.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  badAnswers, drive, envFlag, envInt, envJsonObject, envList, fmtInt, fmtMs, fmtPct, log, measured, median, memoryMb,
  NOISY_CORES, printTable, quiet, ROOT, signed, sleep, stopProcess,
} from '../lib/harness.mjs';
import { checkGatewayFeatures, mutationLoad, startGateway, startProxy, startReference, startSimulator } from '../lib/stack.mjs';
import { restMutationBody, SIM_ROUTES } from '../lib/workload.mjs';

export const TARGETS = ['proxy', 'gateway', 'apollo', 'graphql-js', 'apollo-defaults'];
/** Reference servers (bench/references/<name>.mjs), measured at the highest connection count only. */
const REFERENCES = ['apollo', 'graphql-js', 'apollo-defaults'];

export function options() {
  const opts = {
    durationS: envInt('BENCH_DURATION_S', 8, 1, 600),
    rounds: envInt('BENCH_ROUNDS', 3, 1, 50),
    warmupS: envInt('BENCH_WARMUP_S', 5, 0, 600),
    connections: envList('BENCH_CONNECTIONS', '1,64').map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 1 || n > 4096) throw new Error(`BENCH_CONNECTIONS must be a comma-separated list of integers, got "${process.env.BENCH_CONNECTIONS}"`);
      return n;
    }),
    targets: envList('BENCH_TARGETS', 'proxy,gateway,apollo'),
    gatewayEnv: envJsonObject('BENCH_GATEWAY_ENV'),
    cpuProf: envFlag('BENCH_CPU_PROF'),
    gatewayLog: process.env.BENCH_GATEWAY_LOG ? path.resolve(ROOT, process.env.BENCH_GATEWAY_LOG) : '/dev/null',
  };
  for (const t of opts.targets) if (!TARGETS.includes(t)) throw new Error(`BENCH_TARGETS: unknown target "${t}" (${TARGETS.join(', ')})`);
  if (opts.targets.length === 0) throw new Error('BENCH_TARGETS is empty');
  return opts;
}

export async function run(opts) {
  const sim = await startSimulator();
  const targets = {};
  let gateway;
  // The targets start at once (they only wait for the simulator).
  await Promise.all([
    opts.targets.includes('proxy') && startProxy(sim.url).then((proxy) => {
      targets.proxy = { proc: proxy.proc, url: `${proxy.url}/customer/kyc/add-attributes`, body: restMutationBody(), expect: '"code":"0"', headers: { 'content-type': 'application/json' } };
    }),
    opts.targets.includes('gateway') && startGateway(sim.url, { env: opts.gatewayEnv, cpuProf: opts.cpuProf, log: opts.gatewayLog }).then((started) => {
      gateway = started;
      targets.gateway = { profile: gateway.profile, proc: gateway.proc, ...mutationLoad('gateway', gateway.url) };
    }),
    ...REFERENCES.filter((n) => opts.targets.includes(n)).map((name) => startReference(name, sim.url, { cpuProf: opts.cpuProf }).then((ref) => {
      targets[name] = { profile: ref.profile, proc: ref.proc, ...mutationLoad(name, ref.url) };
    })),
  ]);
  const names = TARGETS.filter((n) => targets[n]);
  const maxConnections = Math.max(...opts.connections);
  // The tuned Apollo reference also at 1 connection: what the request pipeline alone adds to the proxy's p50.
  const measuredAt = (name, connections) => !REFERENCES.includes(name) || connections === maxConnections || (name === 'apollo' && connections === 1);
  log(`http: simulator pid ${sim.proc.pid}, ${names.map((n) => `${n} pid ${targets[n].proc.pid}`).join(', ')}` +
    `${gateway ? ` (gateway: node ${gateway.flags.join(' ')})` : ''}; ` +
    `${opts.rounds} rounds × ${opts.connections.join('/')} connections × ${opts.durationS} s` + (opts.cpuProf ? ' (CPU profiling on: figures not comparable)' : ''));

  // One sample answer of each must be the full success; the gateway's features must really be on.
  const preflight = {};
  for (const name of names) {
    const t = targets[name];
    const res = await fetch(t.url, { method: 'POST', headers: t.headers, body: t.body });
    const text = await res.text();
    const json = (() => { try { return JSON.parse(text); } catch { return undefined; } })();
    const member = json?.data?.addKycAttributes;
    const ok = name === 'proxy'
      ? res.status === 200 && json?.code === '0' && json?.data?.kyc?.status === 'WAITING_DATA'
      : res.status === 200 && !json.errors && member?.__typename === 'AddKycAttributesSuccess' && member.kyc?.status === 'WAITING_DATA' &&
        member.customer?.customerId !== undefined && member.kycDocumentList?.length > 0 && member.kycAttributes?.cardAttributes?.issueType === 'RE_ISSUE';
    if (!ok) throw new Error(`sample request to ${name} is not a full success: HTTP ${res.status} ${text.slice(0, 1000)}`);
    preflight[name] = { status: res.status, bytes: Buffer.byteLength(text) };
  }
  if (gateway) {
    preflight.gatewayFeatures = await checkGatewayFeatures(gateway.url, targets.gateway.body);
    const { gateway: g, apollo: a } = preflight;
    log(`http: gateway features on: ${Object.keys(preflight.gatewayFeatures).join(', ')}, info log, breaker, idempotency store` +
      (a ? `; answers: gateway ${g.bytes} bytes, apollo ${a.bytes} bytes (same selection)` : ''));
  }

  // Requests each target served in all (warm-up included): a CPU profile's time per request.
  const served = Object.fromEntries(names.map((n) => [n, 0]));
  // Warm-up (JIT, pools, caches), not recorded.
  if (opts.warmupS > 0) {
    for (const name of names) {
      const t = targets[name];
      const r = await drive({ url: t.url, headers: t.headers, body: t.body, expect: t.expect, connections: maxConnections, durationS: opts.warmupS });
      served[name] += r.requestsCompleted;
      log(`http: warm-up ${name} c${maxConnections}: ${fmtInt(r.requestsPerSecMean)} req/s${badAnswers(r) ? `, ${badAnswers(r)} BAD ANSWERS` : ''}`);
      await sleep(300);
    }
  }

  async function simCalls() {
    const stats = await (await fetch(`${sim.url}/__sim/stats`)).json();
    return stats.requests?.[SIM_ROUTES.mutation] ?? 0;
  }

  async function measure(name, round, connections) {
    const t = targets[name];
    const pid = t.proc.pid;
    const waitedMs = await quiet.wait(log);
    const callsBefore = await simCalls();
    const rssSamples = []; // every 250 ms: steadier than one reading at a random point of the GC cycle
    const sampler = setInterval(() => rssSamples.push(memoryMb(pid).rss), 250);
    const m = await measured({ target: pid, simulator: sim.proc.pid }, () =>
      drive({ url: t.url, headers: t.headers, body: t.body, expect: t.expect, connections, durationS: opts.durationS }).finally(() => clearInterval(sampler)),
    (r) => r.driverCpuTotalUs);
    const r = m.result;
    served[name] += r.requestsCompleted;
    const mem = memoryMb(pid);
    const completed = r.requestsCompleted || 1;
    return {
      round, target: name, connections,
      reqPerSec: r.requestsPerSecMean,
      p50Ms: r.latencyMs.p50,
      p99Ms: r.latencyMs.p99,
      cpuUsPerReq: m.cpu.target / completed,
      rssMb: mem.rss,
      rssMeanDuringMb: rssSamples.length ? rssSamples.reduce((a, b) => a + b, 0) / rssSamples.length : mem.rss,
      rssMaxDuringMb: Math.max(mem.rss, ...rssSamples),
      hwmMb: mem.hwm,
      heap: name === 'gateway' ? await gatewayHeap(gateway.url) : undefined,
      bad: badAnswers(r),
      upstreamCallsPerReq: ((await simCalls()) - callsBefore) / completed,
      simulatorCpuUsPerReq: m.cpu.simulator / completed,
      driverCpuUsPerReq: r.driverCpuUs / completed,
      otherLoadCores: m.otherLoadCores,
      stealCores: m.stealCores,
      waitedForQuietMs: waitedMs,
      driver: r,
    };
  }

  const runs = [];
  const discarded = [];
  for (let round = 1; round <= opts.rounds; round++) {
    for (const connections of opts.connections) {
      for (const name of names.filter((n) => measuredAt(n, connections))) {
        let r = await measure(name, round, connections);
        if (r.otherLoadCores >= NOISY_CORES && quiet.budgetMs > 0) {
          printRun(r, ' (disturbed: measuring again)');
          discarded.push(r);
          quiet.budgetMs -= opts.durationS * 1000;
          r = await measure(name, round, connections);
        }
        runs.push(r);
        printRun(r);
        await sleep(200);
      }
    }
  }

  // Medians per target and connection count.
  const summary = {};
  for (const name of names) {
    for (const connections of opts.connections.filter((c) => measuredAt(name, c))) {
      const rs = runs.filter((r) => r.target === name && r.connections === connections);
      const med = (key) => median(rs.map((r) => r[key]));
      summary[`${name}@${connections}`] = {
        target: name, connections,
        reqPerSec: med('reqPerSec'), p50Ms: med('p50Ms'), p99Ms: med('p99Ms'), cpuUsPerReq: med('cpuUsPerReq'), rssMb: med('rssMb'),
        upstreamCallsPerReq: med('upstreamCallsPerReq'), simulatorCpuUsPerReq: med('simulatorCpuUsPerReq'), driverCpuUsPerReq: med('driverCpuUsPerReq'),
        maxOtherLoadCores: Math.max(...rs.map((r) => r.otherLoadCores)),
        maxStealCores: Math.max(...rs.map((r) => r.stealCores)),
        bad: rs.reduce((s, r) => s + r.bad, 0),
      };
    }
  }
  const perRound = (a, b, connections, key) => runs
    .filter((r) => r.target === a && r.connections === connections)
    .map((ra) => {
      const rb = runs.find((r) => r.target === b && r.connections === connections && r.round === ra.round);
      return rb ? key(ra, rb) : null;
    });
  const vsProxy = {};
  if (targets.proxy && targets.gateway) {
    for (const connections of opts.connections) {
      const g = summary[`gateway@${connections}`];
      const p = summary[`proxy@${connections}`];
      vsProxy[connections] = {
        reqPerSec: g.reqPerSec / p.reqPerSec, p50DeltaMs: g.p50Ms - p.p50Ms, p99: g.p99Ms / p.p99Ms, cpuUsPerReq: g.cpuUsPerReq / p.cpuUsPerReq,
        perRoundP50DeltaMs: perRound('gateway', 'proxy', connections, (ra, rb) => ra.p50Ms - rb.p50Ms),
        perRoundReqPerSec: perRound('gateway', 'proxy', connections, (ra, rb) => ra.reqPerSec / rb.reqPerSec),
      };
    }
  }
  const apolloC1 = summary['apollo@1'] && summary['proxy@1'] && {
    p50DeltaMs: summary['apollo@1'].p50Ms - summary['proxy@1'].p50Ms,
    perRoundP50DeltaMs: perRound('apollo', 'proxy', 1, (ra, rb) => ra.p50Ms - rb.p50Ms),
  };
  if (apolloC1 && vsProxy[1]) vsProxy[1].apollo = apolloC1;
  const references = {};
  for (const name of REFERENCES.filter((n) => targets[n])) {
    const ref = summary[`${name}@${maxConnections}`];
    const g = summary[`gateway@${maxConnections}`];
    const p = summary[`proxy@${maxConnections}`];
    references[name] = {
      connections: maxConnections,
      vsProxy: p ? { reqPerSec: ref.reqPerSec / p.reqPerSec, p99: ref.p99Ms / p.p99Ms } : undefined,
      gatewayVsThis: g ? {
        reqPerSec: g.reqPerSec / ref.reqPerSec, cpuUsPerReq: g.cpuUsPerReq / ref.cpuUsPerReq, p99: g.p99Ms / ref.p99Ms,
        perRoundReqPerSec: perRound('gateway', name, maxConnections, (ra, rb) => ra.reqPerSec / rb.reqPerSec),
        perRoundCpuUsPerReq: perRound('gateway', name, maxConnections, (ra, rb) => ra.cpuUsPerReq / rb.cpuUsPerReq),
      } : undefined,
    };
  }

  // Gateway memory across rounds. RSS after a run lands at a random point of V8's GC cycle, so growth compares
  // each round's time-averaged RSS (sampled every 250 ms during the gateway's runs), last round against the first.
  let gatewayRss;
  if (targets.gateway) {
    const gw = runs.filter((r) => r.target === 'gateway');
    const rounds = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const rs = gw.filter((r) => r.round === round);
      rounds.push({
        round,
        afterMb: rs[rs.length - 1].rssMb,
        meanDuringMb: rs.reduce((a, r) => a + r.rssMeanDuringMb, 0) / rs.length,
        maxDuringMb: Math.max(...rs.map((r) => r.rssMaxDuringMb)),
        heapUsedMb: rs[rs.length - 1].heap?.usedMb,
        heapTotalMb: rs[rs.length - 1].heap?.totalMb,
      });
    }
    gatewayRss = {
      perRound: rounds,
      growth: rounds.length > 1 ? rounds[rounds.length - 1].meanDuringMb / rounds[0].meanDuringMb - 1 : 0,
      maxAfterRunMb: Math.max(...gw.map((r) => r.rssMb)),
      maxDuringMb: Math.max(...gw.map((r) => r.rssMaxDuringMb)),
      peakHwmMb: Math.max(...gw.map((r) => r.hwmMb)),
    };
  }

  const checks = judge(opts, summary, vsProxy, references, gatewayRss, maxConnections);
  print(opts, names, runs, summary, vsProxy, references, gatewayRss, maxConnections);

  // Stop (the gateway writes its CPU profile on exit).
  await Promise.all(names.map((name) => stopProcess(targets[name].proc)));
  await stopProcess(sim.proc);
  const profiles = {};
  for (const name of names.filter((n) => targets[n].profile)) {
    const file = targets[name].profile;
    if (fs.existsSync(file)) {
      profiles[name] = { file: path.relative(ROOT, file), requests: served[name] };
      const { summarise, formatSummary } = await import('../profile-summary.mjs');
      log(`\nCPU profile of ${name}, ${served[name]} requests served in all (warm-up included): ${profiles[name].file} ` +
        `(node bench/profile-summary.mjs ${profiles[name].file} --per-request ${served[name]})`);
      log(formatSummary(summarise(JSON.parse(fs.readFileSync(file, 'utf8'))), 12));
    } else {
      log(`\nhttp: no CPU profile was written at ${path.relative(ROOT, file)} (did ${name} exit cleanly on SIGTERM?)`);
    }
  }

  return {
    checks,
    bad: runs.reduce((s, r) => s + r.bad, 0),
    result: {
      options: opts, gatewayNodeFlags: gateway?.flags, preflight, runs, discardedNoisyRuns: discarded, summary, vsProxy, references, gatewayRss, profiles,
      noisyRuns: runs.filter((r) => r.otherLoadCores >= NOISY_CORES).length,
    },
  };
}

function printRun(r, note = '') {
  const d = r.driver;
  log(`  round ${r.round} ${r.target.padEnd(15)} c${String(r.connections).padEnd(3)} ${fmtInt(r.reqPerSec).padStart(7)} req/s  p50 ${fmtMs(r.p50Ms)}  p99 ${fmtMs(r.p99Ms)}  ` +
    `${fmtInt(r.cpuUsPerReq)} µs/req  RSS ${r.rssMb.toFixed(1)} MB` +
    (r.otherLoadCores >= NOISY_CORES ? `  [other load ${r.otherLoadCores.toFixed(2)} cores]` : '') +
    (r.stealCores >= NOISY_CORES ? `  [steal ${r.stealCores.toFixed(2)} cores]` : '') +
    (r.bad ? `  ${r.bad} BAD (non2xx ${d.non2xx}, errors ${d.errors}, timeouts ${d.timeouts}, mismatches ${d.mismatches})` : '') + note);
}

/** V8 heap figures (MB) from the gateway's Prometheus default metrics, read after a run (outside the CPU window). */
async function gatewayHeap(gatewayUrl) {
  try {
    const text = await (await fetch(`${gatewayUrl}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
    const metric = (name) => {
      const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
      return m ? Number(m[1]) / 2 ** 20 : undefined;
    };
    return { usedMb: metric('nodejs_heap_size_used_bytes'), totalMb: metric('nodejs_heap_size_total_bytes'), externalMb: metric('nodejs_external_memory_bytes') };
  } catch {
    return undefined;
  }
}

function judge(opts, summary, vsProxy, references, gatewayRss, hi) {
  const checks = [];
  const apollo = references.apollo?.gatewayVsThis;
  if (apollo) {
    checks.push({ name: `throughput c${hi} vs tuned Apollo`, value: apollo.reqPerSec, target: '≥ 0.9×', pass: apollo.reqPerSec >= 0.9, text: `${apollo.reqPerSec.toFixed(2)}× its req/s` });
    checks.push({ name: `CPU/request c${hi} vs tuned Apollo`, value: apollo.cpuUsPerReq, target: '≤ 1.15×', pass: apollo.cpuUsPerReq <= 1.15, text: `${apollo.cpuUsPerReq.toFixed(2)}× its CPU µs/req` });
  }
  if (vsProxy[1]) {
    const d = vsProxy[1].p50DeltaMs;
    checks.push({ name: 'p50 c1 over proxy', value: d, target: '≤ +0.3 ms', pass: d <= 0.3, text: `${signed(d)} ms` });
  }
  if (gatewayRss) {
    checks.push({
      name: 'RSS after the HTTP runs', value: gatewayRss.maxAfterRunMb, target: '< 200 MB, growth ≤ 10%',
      pass: gatewayRss.maxAfterRunMb < 200 && gatewayRss.growth <= 0.1,
      text: `${gatewayRss.maxAfterRunMb.toFixed(1)} MB at most, ${fmtPct(gatewayRss.growth)} across rounds`,
    });
  }
  return checks;
}

function print(opts, names, runs, summary, vsProxy, references, gatewayRss, hi) {
  const hasFloor = names.includes('proxy');
  const header = ['target', 'conns', 'req/s', '×proxy', 'p50 ms', 'Δp50 ms', 'p99 ms', '×proxy', 'CPU µs/req', '×proxy', 'RSS MB', 'upstream/req', 'other load', 'steal', 'bad'];
  const rows = [];
  for (const connections of opts.connections) {
    for (const name of names) {
      const s = summary[`${name}@${connections}`];
      if (s === undefined) continue;
      const p = summary[`proxy@${connections}`];
      const ratio = (key) => (hasFloor ? (s[key] / p[key]).toFixed(2) : '–');
      rows.push([
        name, String(connections), fmtInt(s.reqPerSec), ratio('reqPerSec'), fmtMs(s.p50Ms), hasFloor ? signed(s.p50Ms - p.p50Ms) : '–',
        fmtMs(s.p99Ms), ratio('p99Ms'), fmtInt(s.cpuUsPerReq), ratio('cpuUsPerReq'), s.rssMb.toFixed(1),
        s.upstreamCallsPerReq.toFixed(2), s.maxOtherLoadCores.toFixed(2), s.maxStealCores.toFixed(2), String(s.bad),
      ]);
    }
  }
  log('');
  log(`http: medians of ${opts.rounds} interleaved rounds, ${opts.durationS} s each; ratios in the same run.`);
  printTable(header, rows);
  for (const [name, r] of Object.entries(references)) {
    if (!r.gatewayVsThis) continue;
    const g = r.gatewayVsThis;
    log(`gateway vs ${name} c${hi}: req/s ${g.reqPerSec.toFixed(2)}× (per round ${g.perRoundReqPerSec.map((x) => x?.toFixed(2) ?? '–').join(', ')}), ` +
      `CPU/req ${g.cpuUsPerReq.toFixed(2)}× (per round ${g.perRoundCpuUsPerReq.map((x) => x?.toFixed(2) ?? '–').join(', ')}), p99 ${g.p99.toFixed(2)}×`);
  }
  if (vsProxy[1]) log(`gateway vs proxy c1: Δp50 per round ${vsProxy[1].perRoundP50DeltaMs.map((x) => (x === null ? '–' : signed(x))).join(', ')} ms`);
  if (vsProxy[1]?.apollo) {
    const a = vsProxy[1].apollo;
    log(`tuned Apollo alone vs proxy c1: Δp50 ${signed(a.p50DeltaMs)} ms (per round ${a.perRoundP50DeltaMs.map((x) => (x === null ? '–' : signed(x))).join(', ')}): what the pipeline itself adds`);
  }
  if (gatewayRss) {
    const pr = gatewayRss.perRound;
    log(`gateway RSS after each round: ${pr.map((x) => x.afterMb.toFixed(1)).join(', ')} MB; mean during each round: ` +
      `${pr.map((x) => x.meanDuringMb.toFixed(1)).join(', ')} MB (growth ${fmtPct(gatewayRss.growth)}); max during runs ` +
      `${gatewayRss.maxDuringMb.toFixed(1)} MB, VmHWM ${gatewayRss.peakHwmMb.toFixed(1)} MB` +
      (pr.some((x) => x.heapUsedMb !== undefined) ? `; V8 heap used after each round ${pr.map((x) => x.heapUsedMb?.toFixed(1) ?? '?').join(', ')} MB` : ''));
  }
  log(`other processes (same ${os.cpus().length} cores) at c${hi}: ` +
    names.map((n) => `${n}: simulator ${fmtInt(summary[`${n}@${hi}`].simulatorCpuUsPerReq)} µs/req, driver ${fmtInt(summary[`${n}@${hi}`].driverCpuUsPerReq)} µs/req`).join('; '));
  const noisy = runs.filter((r) => r.otherLoadCores >= NOISY_CORES);
  if (noisy.length > 0) {
    log(`WARNING: ${noisy.length} of ${runs.length} runs shared the machine with other work (≥ ${NOISY_CORES} cores: ` +
      `${noisy.map((r) => `r${r.round} ${r.target} c${r.connections} ${r.otherLoadCores.toFixed(2)}`).join(', ')}); rerun on a quiet machine for figures to quote`);
  }
}

