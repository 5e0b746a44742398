// `npm run build && node bench/subscriptions.mjs`: what live KYC subscriptions cost (issue 13). Not a test.
//
// 1. Memory: one gateway process (dist/main.js, as `npm start` runs it) holding BENCH_IDLE_SUBSCRIPTIONS (10,000)
//    idle subscriptions, one per customer, over connections of GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION (10) each:
//    its RSS before, with them, and per subscription.
// 2. Fan-out: BENCH_FANOUT (1,000) subscribers of one customer (100 connections of 10); connectFi's staff review
//    sends one webhook; the time from the review call to the last subscriber's COMPLETED event.
//
// Env: BENCH_IDLE_SUBSCRIPTIONS (10000) BENCH_FANOUT (1000) BENCH_REDIS_URL (unset: events in process; set: through
// Redis, as with several instances). The simulator runs in this process, the gateway in its own.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startSimulator } from '../dist/simulator/index.js';
import { startCommand } from '../scripts/start-command.mjs';

const IDLE = Number(process.env.BENCH_IDLE_SUBSCRIPTIONS ?? 10_000);
const FANOUT = Number(process.env.BENCH_FANOUT ?? 1_000);
const PER_CONNECTION = 10;
const LOGIN = 'bench';
const PASSWORD = randomBytes(12).toString('base64url');
const SUBSCRIPTION = 'subscription($id: ID!) { kycUpdates(customerId: $id) { __typename ... on KycProcessUpdate { kyc { status } } ... on KycApplicationUpdate { application { status } } } }';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const freePort = () => new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what, check, timeoutMs = 300_000) {
  const stopAt = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > stopAt) throw new Error(`gave up waiting for ${what}`);
    await sleep(50);
  }
}

const simulator = await startSimulator({ login: LOGIN, password: PASSWORD, kycReviewDelayMs: null });
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const { flags, entry } = startCommand();
const gateway = spawn(process.execPath, [...flags, entry], {
  env: {
    PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CONNECTFI_BASE_URL: simulator.url,
    CONNECTFI_LOGIN: LOGIN, CONNECTFI_PASSWORD: PASSWORD, GATEWAY_ALLOW_ANONYMOUS: 'true', GATEWAY_PUBLIC_URL: url,
    GATEWAY_WEBHOOK_SECRET: randomBytes(32).toString('hex'), CONNECTFI_MAX_CONCURRENCY: '32',
    ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL, REDIS_KEY_PREFIX: `bench:${randomBytes(4).toString('hex')}:` } : {}),
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const clients = [];

try {
  await until('the gateway', () => fetch(`${url}/ready`).then((r) => r.ok, () => false), 30_000);
  const control = (name, body) => fetch(`${simulator.url}/__sim/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const gql = (query, variables) => fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }).then((r) => r.json());
  const open = async () => Number(/^gateway_subscriptions_open (\d+)/m.exec(await (await fetch(`${url}/metrics`)).text())[1]);
  const connect = () => {
    const client = createClient({ url: url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    clients.push(client);
    return client;
  };
  await gql('{ customer(customerId: "cstap_demoWaitingData1") { __typename } }'); // warm: login, JIT
  await sleep(1_000);
  const baseline = rssMiB(gateway.pid);
  const heapBaselineMiB = Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(await (await fetch(`${url}/metrics`)).text())[1]) / 2 ** 20;

  // 1. Idle subscriptions, one customer each.
  const { customerIds } = await control('customers', { count: IDLE, prefix: 'idle' });
  let started = performance.now();
  for (let i = 0; i < IDLE; i += PER_CONNECTION) {
    const client = connect();
    for (const id of customerIds.slice(i, i + PER_CONNECTION)) client.subscribe({ query: SUBSCRIPTION, variables: { id } }, { next() {}, error(e) { console.error('idle subscription failed', e); }, complete() {} });
  }
  await until(`${IDLE} open subscriptions`, async () => (await open()) >= IDLE);
  const setupS = (performance.now() - started) / 1000;
  await sleep(5_000);
  const withIdle = rssMiB(gateway.pid);
  const heapMiB = Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(await (await fetch(`${url}/metrics`)).text())[1]) / 2 ** 20;
  console.log(JSON.stringify({
    idleSubscriptions: IDLE, connections: IDLE / PER_CONNECTION, redis: Boolean(process.env.BENCH_REDIS_URL),
    rssBaselineMiB: +baseline.toFixed(1), rssWithSubscriptionsMiB: +withIdle.toFixed(1),
    kibPerSubscription: +(((withIdle - baseline) * 1024) / IDLE).toFixed(2), heapUsedBaselineMiB: +heapBaselineMiB.toFixed(1), heapUsedMiB: +heapMiB.toFixed(1), setupSeconds: +setupS.toFixed(1),
  }));
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  await until('idle subscriptions closed', async () => (await open()) === 0);

  // 2. Fan-out: FANOUT subscribers of one WaitReview customer, then the staff review's one webhook.
  const [customerId] = (await control('customers', { count: 1, lastName: 'WaitReview', prefix: 'fan' })).customerIds;
  const { applicationId } = (await gql(`mutation($id: ID!) { startKycVerification(input: { customerId: $id, reference: "benchFanout${Date.now()}" }) { ... on KycApplication { applicationId } } }`, { id: customerId })).data.startKycVerification;
  const token = (await (await fetch(`${simulator.url}/auth/get-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: { login: LOGIN, password: PASSWORD } }) })).json()).data.token;
  const documents = [];
  for (let i = 0; i < 2; i++) {
    const { documentId } = (await gql(`mutation($id: ID!) { prepareKycApplicationDocumentUpload(input: { customerId: $id, workflow: PERSONAL, type: LICENSE, name: "l", extension: PNG }) { ... on KycDocumentUploadTarget { documentId } } }`, { id: customerId })).data.prepareKycApplicationDocumentUpload;
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'l.png');
    await fetch(`${simulator.url}/akepa/document/upload/${documentId}`, { method: 'POST', headers: { 'x-connectfi-token': token }, body: form });
    documents.push({ entityId: customerId, documentId });
  }
  await gql(`mutation($id: ID!, $app: ID!, $docs: [KycApplicationDocumentInput!]!) { submitKycApplicationDocuments(input: { customerId: $id, applicationId: $app, documents: $docs }) { __typename } }`, { id: customerId, app: applicationId, docs: documents });
  const completedAt = [];
  let subscribed = 0;
  for (let i = 0; i < FANOUT; i += PER_CONNECTION) {
    const client = connect();
    for (let j = i; j < Math.min(FANOUT, i + PER_CONNECTION); j++) {
      client.subscribe({ query: SUBSCRIPTION, variables: { id: customerId } }, {
        next(payload) {
          const status = payload.data?.kycUpdates?.application?.status;
          if (status === 'WAITING_REVIEW') subscribed++;
          if (status === 'COMPLETED') completedAt.push(performance.now());
        },
        error(e) { console.error('fan-out subscription failed', e); },
        complete() {},
      });
    }
  }
  await until(`${FANOUT} subscribers with the current state`, () => subscribed >= FANOUT);
  started = performance.now();
  await control('akepa/review', { customerId, applicationId, outcome: 'Approved' });
  await until(`${FANOUT} COMPLETED events`, () => completedAt.length >= FANOUT, 60_000);
  const sorted = completedAt.map((t) => t - started).sort((a, b) => a - b);
  console.log(JSON.stringify({
    fanout: FANOUT, redis: Boolean(process.env.BENCH_REDIS_URL),
    firstMs: +sorted[0].toFixed(1), medianMs: +sorted[Math.floor(FANOUT / 2)].toFixed(1), lastMs: +sorted[FANOUT - 1].toFixed(1),
  }));
} finally {
  await Promise.all(clients.map((client) => client.dispose()));
  gateway.kill('SIGTERM');
  await new Promise((resolve) => gateway.once('exit', resolve));
  await simulator.close();
}
