// The gateway and the tuned Apollo reference under the same fixed load at the same time, both under --cpu-prof, so
// their profiles can be compared per request (other load on the machine falls on both alike):
//   node bench/pair-profile.mjs   then   node bench/profile-summary.mjs <profile> --per-request <N>
// The summaries leave out start-up and the warm-up (both at the same load first).
// Env: PAIR_RATE (300 req/s each) PAIR_CONNECTIONS (16) PAIR_DURATION_S (30) PAIR_WARMUP_S (10) BENCH_GATEWAY_ENV
import fs from 'node:fs';
import { drive, envInt, envJsonObject, log, stopProcess } from './lib/harness.mjs';
import { mutationLoad, startGateway, startReference, startSimulator } from './lib/stack.mjs';
import { formatSummary, skipStart, summarise } from './profile-summary.mjs';

const rate = envInt('PAIR_RATE', 300, 1, 100_000);
const connections = envInt('PAIR_CONNECTIONS', 16, 1, 4096);
const durationS = envInt('PAIR_DURATION_S', 30, 1, 600);
const warmupS = envInt('PAIR_WARMUP_S', 10, 0, 600);
const sim = await startSimulator('simulator-pair');
const gateway = await startGateway(sim.url, { env: envJsonObject('BENCH_GATEWAY_ENV'), cpuProf: true });
const apollo = await startReference('apollo', sim.url, { cpuProf: true });
const sides = {
  gateway: { startedAt: gateway.startedAt, proc: gateway.proc, profile: gateway.profile, args: mutationLoad('gateway', gateway.url) },
  apollo: { startedAt: apollo.startedAt, proc: apollo.proc, profile: apollo.profile, args: mutationLoad('apollo', apollo.url) },
};
const served = { gateway: 0, apollo: 0 };
const startedAt = { gateway: 0, apollo: 0 }; // ms into each profile when the measured load began
for (const [s, connectionsNow, rateNow] of [[warmupS, connections, rate], [durationS, connections, rate]]) {
  if (s === 0) continue;
  if (s === durationS) for (const name of Object.keys(sides)) startedAt[name] = Date.now() - sides[name].startedAt;
  const results = await Promise.all(Object.entries(sides).map(async ([name, side]) => [name, await drive({ ...side.args, connections: connectionsNow, durationS: s, rate: rateNow })]));
  for (const [name, r] of results) {
    if (s === durationS) served[name] += r.requestsCompleted;
    log(`${name}: ${r.requestsCompleted} requests (${Math.round(r.requestsPerSecMean)} req/s), ${r.non2xx + r.errors + r.timeouts + r.mismatches} bad`);
  }
}
for (const side of Object.values(sides)) await stopProcess(side.proc);
await stopProcess(sim.proc);
for (const [name, side] of Object.entries(sides)) {
  const s = summarise(skipStart(JSON.parse(fs.readFileSync(side.profile, 'utf8')), startedAt[name]));
  log(`\n${name}: ${side.profile}, ${served[name]} requests measured: ${((s.busyMs * 1000) / served[name]).toFixed(1)} µs busy per request ` +
    `(node bench/profile-summary.mjs ${side.profile} --skip-ms ${startedAt[name]} --per-request ${served[name]})`);
  log(formatSummary(s, 8));
}
