// Scenario "subscriptions": kycUpdates subscriptions over graphql-ws (bench/subscribers.mjs, its own process) on the
// gateway with every feature on and webhook URLs given to connectFi (GATEWAY_PUBLIC_URL). BENCH_SUBS_TOTAL (10,000)
// subscriptions in all: BENCH_SUBS_FANOUT (1,000) of them to one customer whose KYC waits for review, the others to
// as many distinct customers, BENCH_SUBS_PER_CONNECTION (1) per WebSocket. Once every subscription has its first
// event and the gateway has settled, its RSS is sampled (idle subscriptions); then connectFi's staff approve the
// customer (the simulator's review call), connectFi sends its webhook to the gateway, the gateway reads the customer
// and publishes, and the time from the review call to the last of the customer's subscribers getting the change is
// the fan-out figure.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { baseEnv, envInt, fmtInt, fmtMs, log, median, memoryMb, postJson, ROOT, sleep, stopProcess } from '../lib/harness.mjs';
import { API_KEY, gql, simulatorToken, startGateway, startSimulator } from '../lib/stack.mjs';
import { SUBSCRIPTION } from '../lib/workload.mjs';

const START_KYC = 'mutation($id: ID!) { startKyc(input: { customerId: $id }) { __typename ... on StartKycSuccess { kycDocumentList { id } } } }';
const ADD = `mutation($id: ID!) { addKycAttributes(input: { customerId: $id, additionalAttributes: { cardAttributes: {
  productId: "Virtual_Debit_Card", nameOnCard: "ADA TESTER", designId: "1", addressType: PRIMARY, issueType: NEW } } }) { __typename } }`;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

export function options() {
  const total = envInt('BENCH_SUBS_TOTAL', 10_000, 1, 100_000);
  return {
    total,
    fanout: Math.min(total, envInt('BENCH_SUBS_FANOUT', 1_000, 1, 100_000)),
    perConnection: envInt('BENCH_SUBS_PER_CONNECTION', 1, 1, 1000),
    settleS: envInt('BENCH_SUBS_SETTLE_S', 3, 0, 600),
  };
}

export async function run(opts, { gatewayEnv = {} } = {}) {
  const sim = await startSimulator('simulator-subscriptions');
  await postJson(`${sim.url}/__sim/kyc/review-delay`, { delayMs: null }, 'turning the automatic KYC review off');
  const gateway = await startGateway(sim.url, {
    name: 'gateway-subscriptions', publicUrl: true,
    env: { GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION: String(Math.max(10, opts.perConnection)), ...gatewayEnv },
  });
  const idleCount = opts.total - opts.fanout;
  const idle = idleCount > 0 ? (await postJson(`${sim.url}/__sim/customers`, { count: idleCount, prefix: 'subidle' }, 'creating customers')).customerIds : [];
  const [fanoutCustomer] = (await postJson(`${sim.url}/__sim/customers`, { count: 1, prefix: 'subfan' }, 'creating the fan-out customer')).customerIds;
  await readyForReview(gateway.url, sim.url, fanoutCustomer);
  const baselineMb = memoryMb(gateway.proc.pid).rss;
  log(`subscriptions: ${fmtInt(opts.total)} subscriptions (${fmtInt(idleCount)} to as many customers, ${fmtInt(opts.fanout)} to one), ` +
    `${opts.perConnection} per WebSocket; simulator pid ${sim.proc.pid}, gateway pid ${gateway.proc.pid}; gateway RSS before: ${baselineMb.toFixed(1)} MB`);

  const groups = [{ name: 'fanout', customerIds: { id: fanoutCustomer, count: opts.fanout } }];
  if (idleCount > 0) groups.unshift({ name: 'idle', customerIds: { prefix: idle[0].slice(0, -1), count: idleCount } });
  const subscribers = startSubscribers({
    url: `${gateway.url.replace(/^http/, 'ws')}/graphql`, authorization: `Bearer ${API_KEY}`, documentId: `sha256:${SUBSCRIPTION.id}`,
    groups, perConnection: opts.perConnection,
  });
  try {
    const ready = await subscribers.next('ready', 180_000);
    if (ready.failed > 0 || ready.subscribed !== opts.total) throw new Error(`subscriptions: ${ready.failed} failed, ${ready.subscribed} of ${opts.total} got their first event: ${ready.firstError}`);
    log(`subscriptions: ${fmtInt(ready.subscribed)} subscribed over ${fmtInt(ready.opened)} WebSockets in ${fmtMs(ready.openMs / 1000, 1)} s`);

    // Idle: every subscription open, nothing happening.
    await sleep(opts.settleS * 1000);
    const samples = [];
    for (let i = 0; i < 20; i++) {
      samples.push(memoryMb(gateway.proc.pid).rss);
      await sleep(100);
    }
    const idleRssMb = Math.max(...samples);

    // Fan-out: connectFi approves, sends its webhook; the gateway reads and publishes to the customer's subscribers.
    const changed = subscribers.next('changed', 30_000);
    const reviewedAt = performance.timeOrigin + performance.now();
    await postJson(`${sim.url}/__sim/kyc/review`, { customerId: fanoutCustomer }, 'approving the fan-out customer');
    const fan = await changed;
    const fanout = { subscribers: fan.count, firstMs: fan.firstAt - reviewedAt, medianMs: fan.medianAt - reviewedAt, lastMs: fan.lastAt - reviewedAt };
    const webhooks = (await (await fetch(`${sim.url}/__sim/stats`)).json()).webhooks;
    log('');
    log(`subscriptions: gateway RSS ${baselineMb.toFixed(1)} MB before, ${idleRssMb.toFixed(1)} MB with ${fmtInt(opts.total)} idle subscriptions; ` +
      `a webhook fanned out to ${fmtInt(fanout.subscribers)} subscribers: first ${fmtMs(fanout.firstMs, 1)} ms, median ${fmtMs(fanout.medianMs, 1)} ms, ` +
      `last ${fmtMs(fanout.lastMs, 1)} ms after connectFi's review (webhooks sent by the simulator: ${webhooks?.sent})`);
    return {
      checks: [
        { name: `RSS with ${fmtInt(opts.total)} idle subscriptions`, value: idleRssMb, target: '< 400 MB', pass: idleRssMb < 400, text: `${idleRssMb.toFixed(1)} MB (${baselineMb.toFixed(1)} MB before)` },
        { name: `one webhook to ${fmtInt(fanout.subscribers)} subscribers, the last reached`, value: fanout.lastMs, target: '≤ 1 s', pass: fanout.lastMs <= 1000, text: `${fmtMs(fanout.lastMs, 1)} ms (median ${fmtMs(fanout.medianMs, 1)} ms)` },
      ],
      bad: 0,
      result: { options: opts, ready, baselineRssMb: baselineMb, idleRssMb, idleRssSamplesMb: samples, fanout, webhooks },
    };
  } finally {
    await subscribers.stop();
    await stopProcess(gateway.proc);
    await stopProcess(sim.proc);
  }
}

/** startKyc (gives connectFi the webhook URL), card attributes, both documents uploaded: KYC waits for review. */
async function readyForReview(gatewayUrl, simUrl, customerId) {
  const started = (await gql(gatewayUrl, START_KYC, { id: customerId })).startKyc;
  if (started.__typename !== 'StartKycSuccess') throw new Error(`subscriptions: startKyc answered ${JSON.stringify(started)}`);
  const added = (await gql(gatewayUrl, ADD, { id: customerId })).addKycAttributes;
  if (added.__typename !== 'AddKycAttributesSuccess') throw new Error(`subscriptions: addKycAttributes answered ${JSON.stringify(added)}`);
  const token = await simulatorToken(simUrl);
  for (const { id } of started.kycDocumentList) {
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'licence.png');
    const res = await fetch(`${simUrl}/customer/kyc/upload/${customerId}/${id}`, { method: 'POST', headers: { 'x-connectfi-token': token }, body: form });
    if (res.status !== 200) throw new Error(`subscriptions: document upload answered ${res.status}: ${await res.text()}`);
  }
}

/** bench/subscribers.mjs as a child: its JSON lines by type, awaited; stop() ends it. */
function startSubscribers(args) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bench', 'subscribers.mjs'), JSON.stringify(args)], { cwd: ROOT, env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const waiting = [];
  let err = '';
  let buffer = '';
  let exited = false;
  child.stderr.on('data', (d) => (err += d));
  child.stdout.on('data', (d) => {
    buffer += d;
    let nl;
    while ((nl = buffer.indexOf('\n')) !== -1) {
      const line = JSON.parse(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiting]) if (w.type === line.type) w.resolve(line);
    }
  });
  const exit = new Promise((resolve) => child.once('exit', (code) => {
    exited = true;
    for (const w of waiting) w.reject(new Error(`subscribers exited (code ${code}) before "${w.type}": ${err.trim().slice(-1000)}`));
    resolve();
  }));
  return {
    next(type, timeoutMs) {
      const seen = lines.find((l) => l.type === type);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`subscribers: no "${type}" within ${timeoutMs / 1000} s`)), timeoutMs);
        waiting.push({ type, resolve: (l) => (clearTimeout(timer), resolve(l)), reject: (e) => (clearTimeout(timer), reject(e)) });
      });
    },
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}
