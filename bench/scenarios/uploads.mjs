// Scenario "uploads": a KYC document through the gateway's upload route (POST /uploads/<token>, the target a
// prepareKycDocumentUpload mutation gives) against the same upload straight to the simulator's connectFi endpoint
// (POST /customer/kyc/upload/:customerId/:documentId), then many at once through the gateway while its RSS is
// sampled. Each file is a PNG of BENCH_UPLOAD_BYTES (10 MiB, UPLOAD_MAX_BYTES), sent by bench/upload-client.mjs in
// its own process. Single uploads alternate direct and gateway; their medians are compared.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { baseEnv, cpuUs, envFlag, envInt, fmtMs, log, median, memoryMb, postJson, ROOT, sleep, stopProcess } from '../lib/harness.mjs';
import { gql, simulatorToken, startGateway, startSimulator } from '../lib/stack.mjs';

const START_KYC = 'mutation($id: ID!) { startKyc(input: { customerId: $id }) { __typename ... on StartKycSuccess { kycDocumentList { id } } } }';
const PREPARE = `mutation($id: ID!, $doc: ID!) { prepareKycDocumentUpload(input: { customerId: $id, documentId: $doc }) {
  __typename ... on KycDocumentUploadTarget { url maxBytes } } }`;

export function options() {
  return {
    bytes: envInt('BENCH_UPLOAD_BYTES', 10 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    rounds: envInt('BENCH_UPLOAD_ROUNDS', 5, 1, 100),
    concurrent: envInt('BENCH_UPLOAD_CONCURRENT', 20, 1, 500),
    cpuProf: envFlag('BENCH_CPU_PROF'),
  };
}

export async function run(opts, { gatewayEnv = {} } = {}) {
  const sim = await startSimulator('simulator-uploads');
  await postJson(`${sim.url}/__sim/kyc/review-delay`, { delayMs: null }, 'turning the automatic KYC review off');
  const gateway = await startGateway(sim.url, { name: 'gateway-uploads', cpuProf: opts.cpuProf, env: { UPLOAD_MAX_BYTES: String(Math.max(opts.bytes, 10 * 1024 * 1024)), ...gatewayEnv } });
  const token = await simulatorToken(sim.url);

  // Documents: each customer's KYC (started through the gateway) asks for two.
  const needed = 2 + 2 * opts.rounds + opts.concurrent; // warm-up, the single uploads, the concurrent ones
  const { customerIds } = await postJson(`${sim.url}/__sim/customers`, { count: Math.ceil(needed / 2), prefix: 'upbench' }, 'creating customers');
  const documents = [];
  for (const id of customerIds) {
    const started = (await gql(gateway.url, START_KYC, { id })).startKyc;
    if (started.__typename !== 'StartKycSuccess') throw new Error(`uploads: startKyc answered ${JSON.stringify(started)}`);
    for (const doc of started.kycDocumentList) documents.push({ customerId: id, documentId: doc.id });
  }
  let used = 0;
  const nextDocument = () => documents[used++ % documents.length];
  const direct = () => {
    const d = nextDocument();
    return { url: `${sim.url}/customer/kyc/upload/${d.customerId}/${d.documentId}`, headers: { 'x-connectfi-token': token } };
  };
  const viaGateway = async () => {
    const d = nextDocument();
    const target = (await gql(gateway.url, PREPARE, { id: d.customerId, doc: d.documentId })).prepareKycDocumentUpload;
    if (target.__typename !== 'KycDocumentUploadTarget') throw new Error(`uploads: prepareKycDocumentUpload answered ${JSON.stringify(target)}`);
    if (target.maxBytes < opts.bytes) throw new Error(`uploads: the gateway accepts ${target.maxBytes} bytes, fewer than ${opts.bytes}`);
    return { url: target.url, headers: {} };
  };
  log(`uploads: ${fmtMs(opts.bytes / 2 ** 20, 1)} MiB files; ${opts.rounds} single uploads each way, alternating; then ${opts.concurrent} at once through the gateway; ` +
    `simulator pid ${sim.proc.pid}, gateway pid ${gateway.proc.pid}`);

  // Warm-up, then single uploads alternating direct and gateway (a target is made just before its upload).
  const check = (r, what) => {
    const bad = r.results.filter((x) => !x.ok);
    if (bad.length > 0) throw new Error(`uploads: ${bad.length} ${what} upload(s) failed: ${JSON.stringify(bad[0])}`);
    return r;
  };
  check(await uploadClient({ size: opts.bytes, uploads: [direct(), await viaGateway()] }), 'warm-up');
  const times = { direct: [], gateway: [] };
  const cpuMs = { simulator: { direct: [], gateway: [] }, gateway: [] }; // CPU each process used for one upload
  for (let round = 1; round <= opts.rounds; round++) {
    for (const way of round % 2 ? ['direct', 'gateway'] : ['gateway', 'direct']) {
      const target = way === 'direct' ? direct() : await viaGateway();
      const [sim0, gw0] = [cpuUs(sim.proc.pid), cpuUs(gateway.proc.pid)];
      const r = check(await uploadClient({ size: opts.bytes, uploads: [target] }), way);
      cpuMs.simulator[way].push((cpuUs(sim.proc.pid) - sim0) / 1000);
      if (way === 'gateway') cpuMs.gateway.push((cpuUs(gateway.proc.pid) - gw0) / 1000);
      times[way].push(r.results[0].ms);
    }
    log(`  round ${round}: direct ${fmtMs(times.direct.at(-1), 1)} ms, gateway ${fmtMs(times.gateway.at(-1), 1)} ms`);
  }

  // Many at once through the gateway, RSS sampled every 50 ms against its level just before.
  const targets = [];
  for (let i = 0; i < opts.concurrent; i++) targets.push(await viaGateway());
  const baseline = [];
  for (let i = 0; i < 10; i++) {
    baseline.push(memoryMb(gateway.proc.pid).rss);
    await sleep(50);
  }
  const during = [];
  const sampler = setInterval(() => during.push(memoryMb(gateway.proc.pid).rss), 50);
  const many = check(await uploadClient({ size: opts.bytes, concurrency: opts.concurrent, uploads: targets }).finally(() => clearInterval(sampler)), 'concurrent');
  const baselineMb = median(baseline);
  const peakMb = Math.max(...during, memoryMb(gateway.proc.pid).rss);
  await stopProcess(gateway.proc);
  await stopProcess(sim.proc);
  if (gateway.profile) log(`uploads: CPU profile of the gateway: ${path.relative(ROOT, gateway.profile)}`);

  const summary = {
    bytes: opts.bytes,
    directMs: median(times.direct),
    gatewayMs: median(times.gateway),
    times,
    // Means, not medians: /proc counts CPU in 10 ms ticks, a few per upload, so one upload's figure is coarse.
    cpuMs: { gateway: mean(cpuMs.gateway), simulatorDirect: mean(cpuMs.simulator.direct), simulatorViaGateway: mean(cpuMs.simulator.gateway) },
    concurrent: { count: opts.concurrent, wallMs: many.wallMs, medianMs: median(many.results.map((x) => x.ms)), baselineRssMb: baselineMb, peakRssMb: peakMb, riseMb: peakMb - baselineMb },
  };
  const ratio = summary.gatewayMs / summary.directMs;
  log('');
  log(`uploads: median of ${opts.rounds}: direct ${fmtMs(summary.directMs, 1)} ms, through the gateway ${fmtMs(summary.gatewayMs, 1)} ms (${ratio.toFixed(2)}×); ` +
    `CPU per upload: gateway ${fmtMs(summary.cpuMs.gateway, 0)} ms, simulator ${fmtMs(summary.cpuMs.simulatorDirect, 0)} ms direct / ${fmtMs(summary.cpuMs.simulatorViaGateway, 0)} ms via the gateway; ` +
    `${opts.concurrent} at once: ${fmtMs(many.wallMs, 0)} ms in all, RSS ${baselineMb.toFixed(1)} → ${peakMb.toFixed(1)} MB at most`);
  const mib = `${fmtMs(opts.bytes / 2 ** 20, 1)} MiB`;
  return {
    checks: [
      { name: `${mib} upload time vs straight to the simulator`, value: ratio, target: '≤ 1.2×', pass: ratio <= 1.2, text: `${ratio.toFixed(2)}× (${fmtMs(summary.gatewayMs, 1)} vs ${fmtMs(summary.directMs, 1)} ms)` },
      { name: `RSS rise with ${opts.concurrent} concurrent ${mib} uploads`, value: summary.concurrent.riseMb, target: '< 50 MB', pass: summary.concurrent.riseMb < 50, text: `+${summary.concurrent.riseMb.toFixed(1)} MB (${baselineMb.toFixed(1)} → ${peakMb.toFixed(1)} MB)` },
    ],
    bad: 0,
    result: { options: opts, summary },
  };
}

const mean = (values) => values.reduce((sum, x) => sum + x, 0) / values.length;

function uploadClient(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bench', 'upload-client.mjs'), JSON.stringify(args)], { cwd: ROOT, env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`upload client exited with code ${code}: ${err.trim()}`));
      resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}
