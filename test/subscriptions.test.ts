// GraphQL subscriptions across gateway instances: two dist/main.js processes sharing one Redis and one connectFi
// simulator, over real HTTP and WebSocket. connectFi's webhooks go to one instance (its GATEWAY_PUBLIC_URL), the
// subscribers sit on the other. Needs Redis at 127.0.0.1:6379 (fails, never skips, when it is not there).
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { JWT_SECRET, endUserJwt } from './helpers/jwt.js';
import { SimulatorDriver, applicationInReview, kycReadyForReview, reviewApplication, reviewKyc } from './helpers/kyc-flows.js';
import { startGatewayProcess, type GatewayProcess } from './helpers/process.js';
import { REDIS_URL, deleteUnder, randomPrefix, requireRedis } from './helpers/redis.js';
import { LOGIN, PASSWORD } from './helpers/stack.js';
import { waitUntil } from './helpers/wait.js';
import { KYC_UPDATES, LiveClient, freePort, metric, metrics } from './helpers/ws.js';

const API_KEY = 'subscriptions-test-key-0123456789';
const SECRET = 'a-webhook-secret-shared-by-both-instances';
const ALLOWED_ORIGIN = 'http://app.example';

const status = (payload: any) => payload.data.kycUpdates.application?.status ?? payload.data.kycUpdates.kyc.status;

let redis: Redis;
let simulator: Simulator;
let sim: SimulatorDriver;
const prefixes: string[] = [];
const clients: LiveClient[] = [];

/** Two instances: `subscriber` holds the sockets, `receiver` is GATEWAY_PUBLIC_URL (connectFi's webhooks land there). */
async function startPair(extra: Record<string, string>): Promise<{ subscriber: GatewayProcess; receiver: GatewayProcess }> {
  const prefix = randomPrefix();
  prefixes.push(prefix);
  const [subscriberPort, receiverPort] = [await freePort(), await freePort()];
  const env = {
    CONNECTFI_BASE_URL: simulator.url, CONNECTFI_LOGIN: LOGIN, CONNECTFI_PASSWORD: PASSWORD, REDIS_URL, REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'info', GATEWAY_API_KEYS: API_KEY, GATEWAY_WEBHOOK_SECRET: SECRET, GATEWAY_PUBLIC_URL: `http://127.0.0.1:${receiverPort}`, ...extra,
  };
  const [subscriber, receiver] = await Promise.all([
    startGatewayProcess({ ...env, PORT: String(subscriberPort) }),
    startGatewayProcess({ ...env, PORT: String(receiverPort) }),
  ]);
  return { subscriber, receiver };
}

function client(gateway: GatewayProcess, options: { authorization?: string; origin?: string } = { authorization: `Bearer ${API_KEY}` }): LiveClient {
  const created = new LiveClient(gateway.url, options);
  clients.push(created);
  return created;
}

const service = { authorization: `Bearer ${API_KEY}` };

beforeAll(async () => {
  redis = await requireRedis();
  simulator = await startSimulator({ login: LOGIN, password: PASSWORD, kycReviewDelayMs: null });
  sim = new SimulatorDriver(simulator.url, LOGIN, PASSWORD);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await simulator?.close();
  if (redis) {
    for (const prefix of prefixes) await deleteUnder(redis, prefix);
    await redis.quit();
  }
});

describe('two instances, one Redis: webhooks on one, subscribers on the other', () => {
  let a: GatewayProcess; // subscribers
  let b: GatewayProcess; // webhooks
  let manifestPath: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'live-'));
    manifestPath = join(dir, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify({ [createHash('sha256').update(KYC_UPDATES).digest('hex')]: KYC_UPDATES }));
    ({ subscriber: a, receiver: b } = await startPair({
      GATEWAY_JWT_SECRET: JWT_SECRET, CORS_ORIGINS: ALLOWED_ORIGIN, GATEWAY_TRUSTED_DOCUMENTS: manifestPath,
    }));
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('starts with the current state (KYC, then each application heard of), then the review webhook received by the other instance arrives', async () => {
    const customerId = await sim.customer();
    const applicationId = await applicationInReview(a.url, sim, customerId, service);
    const feed = client(a).kycUpdates(customerId);
    const first = await feed.first(2);
    expect(first[0].data.kycUpdates).toMatchObject({ __typename: 'KycProcessUpdate', customer: { customerId, kycStatus: 'WAITING_DATA' }, kyc: { status: 'WAITING_DATA' } });
    expect(first[1].data.kycUpdates).toMatchObject({ __typename: 'KycApplicationUpdate', application: { applicationId, status: 'WAITING_REVIEW', outcome: null } });
    // The application was started through A: its id reached B (and any instance) through Redis.
    const subscribedOnB = client(b).kycUpdates(customerId);
    expect((await subscribedOnB.first(2)).map(status)).toEqual(['WAITING_DATA', 'WAITING_REVIEW']);

    expect((await reviewApplication(sim, customerId, applicationId)).status).toBe(200);
    const done = await feed.next((e) => status(e) === 'COMPLETED');
    expect(done.data.kycUpdates.application).toMatchObject({ applicationId, customerId, outcome: 'APPROVED' });
    expect(metric(await metrics(b.url), 'gateway_webhooks_total', { result: 'accepted' })).toBe(1);
    expect(metric(await metrics(a.url), 'gateway_webhooks_total')).toBe(0);
    expect(metric(await metrics(b.url), 'gateway_kyc_events_published_total', { source: 'webhook', kind: 'application' })).toBe(1);
    expect(metric(await metrics(a.url), 'gateway_subscriptions_open')).toBe(1);
    await subscribedOnB.next((e) => status(e) === 'COMPLETED');
    expect(feed.events.map(status)).toEqual(['WAITING_DATA', 'WAITING_REVIEW', 'COMPLETED']);
  });

  it('the deprecated flow: its webhook on one instance becomes an APPROVED event on the other', async () => {
    const customerId = await sim.customer('Tester');
    const feed = client(a).kycUpdates(customerId);
    expect(status((await feed.first(1))[0])).toBe('WAITING_DATA');
    await kycReadyForReview(a.url, sim, customerId, service);
    expect((await reviewKyc(sim, customerId)).status).toBe(200);
    const approved = await feed.next((e) => status(e) === 'APPROVED');
    expect(approved.data.kycUpdates.customer).toEqual({ customerId, kycStatus: 'APPROVED' });
    expect(metric(await metrics(b.url), 'gateway_kyc_events_published_total', { source: 'webhook', kind: 'kyc' })).toBe(1);
  });

  it('publishes nothing for a forged token (404) or a forged body (connectFi\'s state is what counts); a duplicate publishes once', async () => {
    const customerId = await sim.customer();
    const feed = client(a).kycUpdates(customerId);
    await feed.first(1);
    const applicationId = await applicationInReview(a.url, sim, customerId, service);
    await feed.next((e) => status(e) === 'WAITING_REVIEW');
    const url = (await sim.requests('POST /akepa/identification')).find((body) => body.customerId === customerId).webhookURL as string;
    const approval = JSON.stringify({ code: '0', data: { applicationId, customerId, status: 'completed', outcome: 'Approved' } });
    const post = (to: string) => fetch(to, { method: 'POST', headers: { 'content-type': 'application/json' }, body: approval });
    const reads = async (outcome: string) => metric(await metrics(b.url), 'gateway_kyc_live_reads_total', { source: 'webhook', outcome });

    expect((await post(`${url.slice(0, -2)}xx`)).status).toBe(404);
    const unchangedBefore = await reads('unchanged');
    expect((await post(url)).status).toBe(200); // forged: connectFi still says waiting_review
    await waitUntil('the forged webhook\'s read', () => reads('unchanged'), (n) => n === unchangedBefore + 1);

    await reviewApplication(sim, customerId, applicationId);
    await feed.next((e) => status(e) === 'COMPLETED');
    const published = metric(await metrics(b.url), 'gateway_kyc_events_published_total');
    for (let i = 0; i < 2; i++) expect((await post(url)).status).toBe(200); // the same webhook, twice more
    await waitUntil('both duplicates read', () => reads('unchanged'), (n) => n === unchangedBefore + 3);
    expect(metric(await metrics(b.url), 'gateway_kyc_events_published_total')).toBe(published);
    expect(feed.events.map(status)).toEqual(['WAITING_DATA', 'PENDING_STEP_UP', 'WAITING_REVIEW', 'COMPLETED']);
  });

  it('closes with 4403 before any subscription on a missing or bad credential; an end user reaches only its own customers', async () => {
    for (const authorization of [undefined, 'Bearer not-a-valid-key-at-all', `Bearer ${await endUserJwt('u', { customer_id: 'x' }, 'another-secret-of-at-least-32-characters')}`]) {
      const refused = client(a, { authorization });
      const feed = refused.kycUpdates('cstap_demoWaitingData1');
      expect((await refused.waitClosed()).code).toBe(4403);
      expect(feed.events).toEqual([]);
    }
    const jwt = `Bearer ${await endUserJwt('user-1', { customer_id: 'cstap_demoWaitingData1' })}`;
    const user = client(a, { authorization: jwt });
    const documentId = createHash('sha256').update(KYC_UPDATES).digest('hex');
    const own = user.subscribe('', { id: 'cstap_demoWaitingData1' }, { documentId });
    expect((await own.first(1))[0].data.kycUpdates.customer.customerId).toBe('cstap_demoWaitingData1');
    const other = user.subscribe('', { id: 'cstap_demoApproved1' }, { documentId });
    expect((await other.first(1))[0].errors[0].extensions.code).toBe('customerNotFound');
    // End users run trusted documents only (GATEWAY_TRUSTED_DOCUMENTS), over WebSocket as over HTTP.
    const raw = user.kycUpdates('cstap_demoWaitingData1');
    await raw.ended();
    expect((raw.error as any[])[0].extensions.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
  });

  it('refuses a browser whose Origin is not in CORS_ORIGINS; allows a listed one and non-browsers', async () => {
    const evil = client(a, { ...service, origin: 'http://evil.example' });
    const refused = evil.kycUpdates('cstap_demoWaitingData1');
    await refused.ended();
    expect(evil.opened).toBe(false);
    expect(refused.events).toEqual([]);
    for (const origin of [ALLOWED_ORIGIN, undefined]) {
      const allowed = client(a, { ...service, origin }).kycUpdates('cstap_demoWaitingData1');
      expect(status((await allowed.first(1))[0])).toBe('WAITING_DATA');
    }
  });

  it('refuses the 11th subscription of one connection (GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION) and serves queries over HTTP only', async () => {
    const open = async () => metric(await metrics(a.url), 'gateway_subscriptions_open');
    const before = await open();
    const connection = client(a);
    const feeds = Array.from({ length: 10 }, () => connection.kycUpdates('cstap_demoWaitingData2'));
    for (const feed of feeds) await feed.first(1);
    expect(await open()).toBe(before + 10);
    const eleventh = connection.kycUpdates('cstap_demoWaitingData2');
    await eleventh.ended();
    expect((eleventh.error as any[])[0].extensions.code).toBe('SUBSCRIPTION_LIMIT');
    feeds[0].dispose();
    await waitUntil('the first subscription to close', open, (n) => n === before + 9);
    const query = connection.subscribe('query { customer(customerId: "cstap_demoWaitingData2") { __typename } }', {});
    await query.ended();
    expect((query.error as any[])[0].extensions.code).toBe('BAD_REQUEST');
    const twelfth = connection.kycUpdates('cstap_demoWaitingData2');
    expect(status((await twelfth.first(1))[0])).toBe('WAITING_DATA');
  });
});

describe('two instances polling every second', () => {
  let c: GatewayProcess;
  let d: GatewayProcess;

  beforeAll(async () => {
    ({ subscriber: c, receiver: d } = await startPair({ KYC_POLL_INTERVAL_S: '1' }));
  });
  afterAll(async () => {
    await Promise.all([c?.stop(), d?.stop()]);
  });

  it('recovers a dropped webhook with the next poll', async () => {
    const customerId = await sim.customer();
    const subscriber = client(c);
    const feed = subscriber.kycUpdates(customerId);
    await feed.first(1);
    const applicationId = await applicationInReview(c.url, sim, customerId, service);
    await feed.next((e) => status(e) === 'WAITING_REVIEW');
    expect((await sim.control('webhooks', { drop: true })).status).toBe(200);
    try {
      await reviewApplication(sim, customerId, applicationId);
      expect((await sim.stats()).webhooks.dropped).toBe(1);
      await feed.next((e) => status(e) === 'COMPLETED');
    } finally {
      await sim.control('webhooks', { drop: false });
    }
    const polled = metric(await metrics(c.url), 'gateway_kyc_events_published_total', { source: 'poll' })
      + metric(await metrics(d.url), 'gateway_kyc_events_published_total', { source: 'poll' });
    expect(polled).toBe(1);
    expect(metric(await metrics(d.url), 'gateway_webhooks_total')).toBe(0);
    await subscriber.dispose(); // its KYC is unfinished: it would keep being polled
    await waitUntil('no subscription left on C', async () => metric(await metrics(c.url), 'gateway_subscriptions_open'), (n) => n === 0);
  });

  it('reads an unfinished customer once per interval across instances, however many subscribers', async () => {
    const customerId = await sim.customer('Tester');
    for (const gateway of [c, d, c, d, c, d]) await client(gateway).kycUpdates(customerId).first(1);
    const polls = async () => metric(await metrics(c.url), 'gateway_kyc_live_reads_total', { source: 'poll' })
      + metric(await metrics(d.url), 'gateway_kyc_live_reads_total', { source: 'poll' });
    const start = await polls();
    const startedAt = performance.now();
    await waitUntil('6 more polls', polls, (n) => n >= start + 6, { timeoutMs: 30_000, intervalMs: 50 });
    // The lock lasts 0.8 interval: 6 reads take at least 5 × 0.8 s. Two instances without it would take about 3 s.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(3_900);
  });

  it('closes every WebSocket with 1001 on SIGTERM, then exits 0', async () => {
    const held = client(d);
    await held.kycUpdates('cstap_demoWaitingData1').first(1);
    const exit = d.stop('SIGTERM');
    expect((await held.waitClosed()).code).toBe(1001);
    expect(await exit).toBe(0);
  });
});
