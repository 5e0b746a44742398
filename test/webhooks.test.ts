// connectFi's webhooks into one gateway without Redis (events in process), over real HTTP and WebSocket: the URL
// connectFi is given, what an unknown token, a wrong method, an oversized or unreadable body get, and that a valid
// webhook is answered at once and only ever leads to connectFi's own state being published.
import { loadConfig, ConfigError } from '../src/config.js';
import { WebhookTokens } from '../src/live/webhook-tokens.js';
import { SimulatorDriver, START_KYC, START_VERIFICATION, applicationInReview, reference, reviewApplication } from './helpers/kyc-flows.js';
import { LOGIN, PASSWORD, ROUTES, startStack, type Stack } from './helpers/stack.js';
import { waitUntil, within } from './helpers/wait.js';
import { LiveClient, freePort, metric, metrics } from './helpers/ws.js';

const SECRET = 'a-webhook-secret-of-at-least-32-characters';
const IDENTIFICATION = 'POST /akepa/identification';

describe('connectFi webhooks, one gateway without Redis', () => {
  let stack: Stack;
  let sim: SimulatorDriver;
  let publicUrl: string;
  const live: LiveClient[] = [];
  const newClient = () => {
    const client = new LiveClient(stack.gateway.url);
    live.push(client);
    return client;
  };
  const metricsNow = () => metrics(stack.gateway.url);
  const count = async (name: string, labels: Record<string, string> = {}) => metric(await metricsNow(), name, labels);
  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    stack = await startStack({
      env: { PORT: String(port), GATEWAY_PUBLIC_URL: publicUrl, GATEWAY_WEBHOOK_SECRET: SECRET },
      simulator: { kycReviewDelayMs: null },
      proxy: true,
    });
    sim = new SimulatorDriver(stack.simulator.url, LOGIN, PASSWORD);
  });
  afterAll(async () => {
    await Promise.all(live.map((client) => client.dispose()));
    await stack.close();
  });

  it('gives connectFi a webhook URL per customer on startKyc and startKycVerification, the same for both flows, outside the idempotency fingerprint', async () => {
    const [a, b] = [await sim.customer('Tester'), await sim.customer('Tester')];
    for (const id of [a, b]) expect((await stack.gql(START_KYC, { id })).body.data.startKyc.__typename).toBe('StartKycSuccess');
    expect((await stack.gql(START_VERIFICATION, { id: a, ref: reference() })).body.data.startKycVerification.__typename).toBe('KycApplication');
    const forA = await sim.webhookUrl('POST /customer/kyc/init', a);
    expect(forA.startsWith(`${publicUrl}/webhooks/connectfi/`)).toBe(true);
    expect(await sim.webhookUrl(IDENTIFICATION, a)).toBe(forA);
    expect(await sim.webhookUrl('POST /customer/kyc/init', b)).not.toBe(forA);
    expect(forA.length).toBeLessThanOrEqual(500); // connectFi's common-commonStr500
    // Verified by any instance with the same secret, for its one customer only.
    expect(new WebhookTokens(SECRET).customerOf(forA.split('/').pop()!)).toBe(a);
    expect(new WebhookTokens('another-secret-of-at-least-32-characters').customerOf(forA.split('/').pop()!)).toBeUndefined();
    // A repeat with the same key answers the stored result: the URL is not part of what the key was used with.
    const key = `start-${reference()}`;
    const first = (await stack.gql(START_KYC, { id: b, key })).body.data.startKyc;
    expect((await stack.gql(START_KYC, { id: b, key })).body.data.startKyc).toEqual(first);
  });

  it('answers 404 to unknown, altered and malformed tokens: no read, nothing published, no token in the logs', async () => {
    const customerId = await sim.customer('Tester');
    await stack.gql(START_KYC, { id: customerId });
    const url = await sim.webhookUrl('POST /customer/kyc/init', customerId);
    const token = url.split('/').pop()!;
    const [id, mac] = token.split('.');
    const flipped = `${id}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    const otherCustomer = `${Buffer.from('cstap_demoApproved1').toString('base64url')}.${mac}`;
    const readsBefore = await count('gateway_kyc_live_reads_total');
    const publishedBefore = await count('gateway_kyc_events_published_total');
    for (const bad of [flipped, otherCustomer, 'nonsense', `${token}.x`, 'x'.repeat(5_000), '']) {
      const res = await post(`${publicUrl}/webhooks/connectfi/${bad}`, '{"code":"0","data":{"kycStatus":"APPROVED"}}');
      expect(res.status).toBe(404);
    }
    expect(await count('gateway_webhooks_total', { result: 'unknown_token' })).toBe(6);
    expect(await count('gateway_kyc_live_reads_total')).toBe(readsBefore);
    expect(await count('gateway_kyc_events_published_total')).toBe(publishedBefore);
    expect(stack.logLines.some((line) => line.includes(mac))).toBe(false);
  });

  it('refuses other methods (405), bodies over 64 KiB (413, declared or sent) and non-JSON (400), with no read', async () => {
    const customerId = await sim.customer('Tester');
    await stack.gql(START_KYC, { id: customerId });
    const url = await sim.webhookUrl('POST /customer/kyc/init', customerId);
    const readsBefore = await count('gateway_kyc_live_reads_total');
    expect((await fetch(url)).status).toBe(405);
    expect((await post(url, JSON.stringify({ pad: 'x'.repeat(70_000) }))).status).toBe(413);
    const streamed = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json' }, duplex: 'half',
      body: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(`{"pad":"${'x'.repeat(70_000)}"}`)); c.close(); } }),
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await post(url, 'not json')).status).toBe(400);
    expect(await count('gateway_webhooks_total', { result: 'method_not_allowed' })).toBe(1);
    expect(await count('gateway_webhooks_total', { result: 'too_large' })).toBe(2);
    expect(await count('gateway_webhooks_total', { result: 'invalid_body' })).toBe(1);
    expect(await count('gateway_kyc_live_reads_total')).toBe(readsBefore);
  });

  it('is not a browser route: no CORS headers, no preflight-forcing header needed', async () => {
    const customerId = await sim.customer('Tester');
    await stack.gql(START_KYC, { id: customerId });
    const url = await sim.webhookUrl('POST /customer/kyc/init', customerId);
    const res = await post(url, '{}', { origin: 'https://somewhere.example', 'content-type': 'text/plain' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 200 before reading, then publishes connectFi\'s state, never the body\'s (a forged body publishes nothing false)', async () => {
    const customerId = await sim.customer();
    const client = newClient();
    const feed = client.kycUpdates(customerId);
    await feed.first(1); // the current KYC: subscribed
    const started = (await stack.gql(START_VERIFICATION, { id: customerId, ref: reference() })).body.data.startKycVerification;
    await feed.next((e) => e.data?.kycUpdates?.application?.status === 'PENDING_STEP_UP');
    const url = await sim.webhookUrl(IDENTIFICATION, customerId);
    // The body claims an approval; connectFi says pending_step_up. The read is held: the answer does not wait for it.
    stack.proxy!.hold('POST /akepa/status');
    const forged = { code: '0', data: { applicationId: started.applicationId, customerId, status: 'completed', outcome: 'Approved' }, requestId: 'f'.repeat(32) };
    const answer = await within('the answer while the read is held', post(url, JSON.stringify(forged)), 3_000);
    expect(answer.status).toBe(200);
    await stack.proxy!.waitForHeld(1);
    stack.proxy!.release();
    await waitUntil('the forged webhook\'s read', () => count('gateway_kyc_live_reads_total', { source: 'webhook', outcome: 'unchanged' }), (n) => n >= 1);
    expect(feed.events.map((e) => e.data.kycUpdates.application?.status ?? e.data.kycUpdates.kyc.status)).toEqual(['WAITING_DATA', 'PENDING_STEP_UP']);
  });

  it('turns the real review webhook into one event; a replayed webhook reads again and publishes nothing', async () => {
    const customerId = await sim.customer();
    const client = newClient();
    const feed = client.kycUpdates(customerId);
    await feed.first(1);
    const applicationId = await applicationInReview(stack.gateway.url, sim, customerId);
    await feed.next((e) => e.data.kycUpdates.application?.status === 'WAITING_REVIEW');
    const fromWebhooks = () => count('gateway_kyc_events_published_total', { source: 'webhook' });
    const before = await fromWebhooks();
    expect((await reviewApplication(sim, customerId, applicationId)).status).toBe(200);
    const done = await feed.next((e) => e.data.kycUpdates.application?.status === 'COMPLETED');
    expect(done.data.kycUpdates.application).toMatchObject({ applicationId, customerId, outcome: 'APPROVED' });
    expect(await fromWebhooks()).toBe(before + 1);
    const eventsSoFar = feed.events.length;
    const url = await sim.webhookUrl(IDENTIFICATION, customerId);
    const unchanged = () => count('gateway_kyc_live_reads_total', { source: 'webhook', outcome: 'unchanged' });
    const readsBefore = await unchanged();
    const replay = JSON.stringify({ code: '0', data: { applicationId, customerId, status: 'completed', outcome: 'Approved' } });
    for (let i = 0; i < 2; i++) expect((await post(url, replay)).status).toBe(200);
    await waitUntil('both replays read', unchanged, (n) => n >= readsBefore + 2);
    expect(await fromWebhooks()).toBe(before + 1);
    expect(feed.events.length).toBe(eventsSoFar);
    expect((await stack.sim.stats()).requests[ROUTES.applicationStatus]).toBeGreaterThanOrEqual(3);
  });
});

describe('webhook configuration', () => {
  const base = { CONNECTFI_BASE_URL: 'http://127.0.0.1:1', CONNECTFI_LOGIN: 'x', CONNECTFI_PASSWORD: 'y', GATEWAY_API_KEYS: 'a-key-of-sixteen-chars-or-more' };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it('requires GATEWAY_WEBHOOK_SECRET (32+ characters) in production when GATEWAY_PUBLIC_URL is set, and defaults the limits', () => {
    expect(problems({ ...base, GATEWAY_WEBHOOK_SECRET: 'short' })).toEqual(['GATEWAY_WEBHOOK_SECRET must be at least 32 characters']);
    expect(problems({ ...base, NODE_ENV: 'production', GATEWAY_PUBLIC_URL: 'https://gw.example' })).toEqual([expect.stringContaining('GATEWAY_WEBHOOK_SECRET is required')]);
    expect(problems({ ...base, NODE_ENV: 'production', GATEWAY_PUBLIC_URL: 'https://gw.example', GATEWAY_WEBHOOK_SECRET: SECRET })).toEqual([]);
    expect(problems({ ...base, NODE_ENV: 'production' })).toEqual([]); // no public URL: no webhook URL is ever handed out
    expect(problems({ ...base, KYC_POLL_INTERVAL_S: '0' })).toEqual(['KYC_POLL_INTERVAL_S must be an integer from 1 to 86400, got "0"']);
    expect(loadConfig(base).live).toEqual({ webhookSecret: undefined, maxSubscriptionsPerConnection: 10, pollIntervalS: 30 });
  });
});
