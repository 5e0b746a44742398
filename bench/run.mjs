// `npm run bench` (= npm run build && node bench/run.mjs): the gateway against same-run references, on loopback,
// every process its own. Scenarios (BENCH_SCENARIOS, default all, in this order):
//
//   http           the gateway with every production feature on against the bare keep-alive proxy (the floor) and
//                  Apollo Server tuned for production answering the same selection (the ceiling of a gateway on
//                  Apollo's pipeline), at 1 and 64 connections, interleaved rounds; the gateway's RSS across rounds
//   latency        connectFi at +50 ms per call, 100 connections: the mutation and the customer read of distinct
//                  customers, gateway against proxy (bench/scenarios/latency.mjs)
//   subscriptions  10,000 idle kycUpdates subscriptions, then one webhook fanned out to 1,000 subscribers
//   uploads        a 10 MiB document through the gateway against straight to the simulator; 20 at once
//
// Prints each figure with its ratio and verdict, then every target's verdict; writes bench/results/<timestamp>.json
// and latest.json. Ratios compare processes measured in the same run, never absolute figures.
//
// Env (all optional):
//   BENCH_SCENARIOS ("http,latency,subscriptions,uploads")
//   http:     BENCH_DURATION_S (8) BENCH_ROUNDS (3) BENCH_CONNECTIONS ("1,64") BENCH_WARMUP_S (5)
//             BENCH_TARGETS ("proxy,gateway,apollo"; also graphql-js, apollo-defaults)
//             BENCH_CPU_PROF (1: --cpu-prof the gateway into bench/results/profiles; its figures are then not comparable)
//             BENCH_GATEWAY_LOG (file for the gateway's log lines; default /dev/null)
//   latency:  BENCH_LATENCY_MS (50) BENCH_LATENCY_CONNECTIONS (100) BENCH_LATENCY_DURATION_S (6) BENCH_LATENCY_ROUNDS (2)
//             BENCH_LATENCY_WARMUP_S (3) BENCH_LATENCY_CUSTOMERS (5000)
//   subscriptions, uploads: see their files in bench/scenarios/
//   all:      BENCH_GATEWAY_ENV (JSON merged into every gateway's environment)
//             BENCH_QUIET_WAIT_S (60: budget, in all, for waiting while other processes load the machine before a run
//             and for measuring a disturbed run again once; runs that still shared the machine are flagged)
//             BENCH_RESULTS_DIR (bench/results: JSON results, child stderr logs, profiles)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCommand } from '../scripts/start-command.mjs';
import { die, envJsonObject, envList, gitInfo, log, PROFILE_DIR, quiet, redactEnv, RESULTS_DIR, ROOT, STAMP, verdictText, CLK_TCK } from './lib/harness.mjs';

const SCENARIOS = ['http', 'latency', 'subscriptions', 'uploads'];
const started = Date.now();

async function main() {
  const scenarios = envList('BENCH_SCENARIOS', SCENARIOS.join(','));
  for (const s of scenarios) if (!SCENARIOS.includes(s)) die(`BENCH_SCENARIOS: unknown scenario "${s}" (${SCENARIOS.join(', ')})`);
  for (const file of [startCommand().entry, path.join(ROOT, 'dist/simulator/main.js')]) {
    if (!fs.existsSync(file)) die(`${path.relative(ROOT, file)} is missing: run npm run build first (npm run bench does)`);
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.mkdirSync(PROFILE_DIR, { recursive: true });
  const gatewayEnv = envJsonObject('BENCH_GATEWAY_ENV');
  log(`bench: scenarios ${scenarios.join(', ')}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);

  const results = {};
  const checks = [];
  let bad = 0;
  for (const name of SCENARIOS.filter((s) => scenarios.includes(s))) {
    const scenario = await import(`./scenarios/${name}.mjs`);
    let opts;
    try {
      opts = scenario.options();
    } catch (error) {
      die(error.message);
    }
    log(`\n=== ${name}`);
    const t0 = Date.now();
    const outcome = await scenario.run(opts, { gatewayEnv });
    const elapsedS = Math.round((Date.now() - t0) / 100) / 10;
    results[name] = { elapsedS, skipped: outcome.skipped, ...outcome.result };
    if (outcome.skipped) log(`${name}: SKIPPED: ${outcome.skipped}`);
    for (const c of outcome.checks) checks.push({ scenario: name, ...c });
    bad += outcome.bad ?? 0;
    log(`${name}: ${elapsedS} s`);
  }

  const judged = checks.filter((c) => c.pass !== undefined);
  log(`\nVERDICT: ${judged.filter((c) => c.pass).length}/${checks.length} targets met` + (bad ? ` · INVALID RUN: ${bad} bad answers` : ''));
  for (const c of checks) log(`  [${c.scenario}] ${verdictText(c)}`);

  const result = {
    timestamp: new Date(started).toISOString(),
    elapsedS: Math.round((Date.now() - started) / 100) / 10,
    machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemMb: Math.round(os.totalmem() / 2 ** 20), loadavg: os.loadavg(), clkTck: CLK_TCK },
    source: gitInfo(),
    scenarios,
    gatewayEnv: redactEnv(gatewayEnv),
    quietBudgetLeftS: Math.round(quiet.budgetMs / 1000),
    verdict: { met: judged.filter((c) => c.pass).length, of: checks.length, checks },
    valid: bad === 0,
    results,
  };
  const text = `${JSON.stringify(result, null, 2)}\n`;
  fs.writeFileSync(path.join(RESULTS_DIR, `${STAMP}.json`), text);
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.json'), text);
  log(`\nbench: results in ${path.relative(ROOT, RESULTS_DIR) || '.'}/${STAMP}.json (and latest.json); ${result.elapsedS} s in all`);
  if (bad > 0) {
    process.stderr.write(`bench: ${bad} requests did not get a success answer: these figures are not valid\n`);
    process.exitCode = 1;
  }
}

main().catch((error) => die(error?.stack ?? String(error)));
