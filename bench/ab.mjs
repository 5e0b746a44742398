// Before/after: two builds of the gateway, measured in the same run against one simulator, for a change's figures.
//   node bench/ab.mjs <before checkout> [<after checkout>, default this one]
// Each checkout needs its dist/ built (and node_modules reachable from it, e.g. a symlink to this one's). Both run
// exactly as the http scenario runs the gateway (every feature on); runs alternate A B B A A B ... so drift and
// other load fall on both alike. Prints each run, then the medians and the after ÷ before ratios, per round too.
//
// AB_PARALLEL=1 drives both at once instead (each with its own driver): every moment's other load then falls on both
// alike, which steadies CPU per request on a shared machine; req/s and latency are then of two gateways sharing it.
//
// AB_RATE=N holds each at N req/s instead of saturating it: CPU per request at a fixed load.
// AB_ENV_A, AB_ENV_B: JSON merged into one side's environment only, e.g. what a feature costs, with the same checkout
// on both sides: AB_ENV_A='{"LOG_LEVEL":"warn"}' node bench/ab.mjs . .
//
// Env: AB_ROUNDS (6) AB_DURATION_S (5) AB_CONNECTIONS (64) AB_WARMUP_S (5) AB_PARALLEL AB_RATE BENCH_GATEWAY_ENV BENCH_QUIET_WAIT_S (0)
import path from 'node:path';
import fs from 'node:fs';
import { badAnswers, cpuUs, drive, envFlag, envInt, envJsonObject, fmtInt, fmtMs, log, measured, median, quiet, ROOT, sleep } from './lib/harness.mjs';
import { mutationLoad, startGateway, startSimulator } from './lib/stack.mjs';

if (process.env.BENCH_QUIET_WAIT_S === undefined) quiet.budgetMs = 0;
const [before, after = ROOT] = process.argv.slice(2).map((p) => path.resolve(p));
if (!before) {
  process.stderr.write('usage: node bench/ab.mjs <before checkout> [<after checkout>]\n');
  process.exit(2);
}
for (const dir of [before, after]) if (!fs.existsSync(path.join(dir, 'dist', 'main.js'))) throw new Error(`${dir}/dist/main.js is missing: build it first`);
const rounds = envInt('AB_ROUNDS', 6, 1, 100);
const durationS = envInt('AB_DURATION_S', 5, 1, 600);
const connections = envInt('AB_CONNECTIONS', 64, 1, 4096);
const warmupS = envInt('AB_WARMUP_S', 5, 0, 600);
const env = envJsonObject('BENCH_GATEWAY_ENV');
const parallel = envFlag('AB_PARALLEL');
const rate = process.env.AB_RATE ? envInt('AB_RATE', 0, 1, 1e6) : undefined;

const sim = await startSimulator('simulator-ab');
const gateways = {
  A: await startGateway(sim.url, { name: 'gateway-A', env: { ...env, ...envJsonObject('AB_ENV_A') }, root: before }),
  B: await startGateway(sim.url, { name: 'gateway-B', env: { ...env, ...envJsonObject('AB_ENV_B') }, root: after }),
};
const load = (g, s) => drive({ ...mutationLoad('gateway', g.url), connections, durationS: s, rate });
log(`ab: A = ${before} ${process.env.AB_ENV_A ?? ''}, B = ${after} ${process.env.AB_ENV_B ?? ''}; ${rounds} rounds × ${durationS} s at c${connections}${parallel ? ', both at once' : ''}${rate ? `, ${rate} req/s each` : ''}`);
for (const name of ['A', 'B']) {
  const r = await load(gateways[name], warmupS);
  log(`ab: warm-up ${name}: ${fmtInt(r.requestsPerSecMean)} req/s${badAnswers(r) ? ` ${badAnswers(r)} BAD` : ''}`);
}
const runs = [];
const record = (round, name, r, cpu, otherLoadCores) => {
  const run = { round, name, reqPerSec: r.requestsPerSecMean, p50Ms: r.latencyMs.p50, p99Ms: r.latencyMs.p99, cpuUsPerReq: cpu / (r.requestsCompleted || 1), bad: badAnswers(r), otherLoadCores };
  runs.push(run);
  log(`  round ${round} ${name}  ${fmtInt(run.reqPerSec).padStart(6)} req/s  ${fmtInt(run.cpuUsPerReq).padStart(4)} µs/req  p50 ${fmtMs(run.p50Ms)}  p99 ${fmtMs(run.p99Ms)}` +
    `${otherLoadCores === undefined ? '' : `  other load ${otherLoadCores.toFixed(2)}`}${run.bad ? `  ${run.bad} BAD` : ''}`);
};
for (let round = 1; parallel && round <= rounds; round++) {
  await quiet.wait(log);
  const before = { A: cpuUs(gateways.A.proc.pid), B: cpuUs(gateways.B.proc.pid) };
  const at = async (name) => {
    const r = await load(gateways[name], durationS);
    return { r, cpu: cpuUs(gateways[name].proc.pid) - before[name] };
  };
  const [a, b] = await Promise.all([at('A'), at('B')]);
  record(round, 'A', a.r, a.cpu);
  record(round, 'B', b.r, b.cpu);
  await sleep(200);
}
for (let round = 1; !parallel && round <= rounds; round++) {
  for (const name of round % 2 ? ['A', 'B'] : ['B', 'A']) {
    await quiet.wait(log);
    const g = gateways[name];
    const m = await measured({ g: g.proc.pid }, () => load(g, durationS), (r) => r.driverCpuTotalUs);
    record(round, name, m.result, m.cpu.g, m.otherLoadCores);
    await sleep(200);
  }
}
const med = (name, key) => median(runs.filter((r) => r.name === name).map((r) => r[key]));
const perRound = (key) => Array.from({ length: rounds }, (_, i) => {
  const a = runs.find((r) => r.round === i + 1 && r.name === 'A');
  const b = runs.find((r) => r.round === i + 1 && r.name === 'B');
  return b[key] / a[key];
});
for (const key of ['reqPerSec', 'cpuUsPerReq', 'p50Ms', 'p99Ms']) {
  const ratios = perRound(key);
  log(`${key.padEnd(12)} A ${fmtMs(med('A', key), 2).padStart(9)}  B ${fmtMs(med('B', key), 2).padStart(9)}  B/A ${(med('B', key) / med('A', key)).toFixed(3)}  ` +
    `per round ${ratios.map((x) => x.toFixed(2)).join(' ')} (median ${median(ratios).toFixed(3)})`);
}
process.exit(runs.some((r) => r.bad) ? 1 : 0);
