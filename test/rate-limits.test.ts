// Per-caller rate limits (GATEWAY_RATE_LIMITS): counted per operation, per caller, shared by instances through
// Redis; over the limit a caller gets 429 RATE_LIMITED with Retry-After before anything reaches connectFi.
import { Redis } from 'ioredis';
import { gcra } from '../src/rate-limits/limiter.js';
import { parseRatePolicy } from '../src/rate-limits/policy.js';
import { ADD_KYC_ATTRIBUTES, WAITING, cardInput } from './helpers/operations.js';
import { REDIS_URL, deleteUnder, randomPrefix, requireRedis } from './helpers/redis.js';
import { ROUTES, startStack, type Stack } from './helpers/stack.js';

const KEY_A = 'rate-limit-caller-a-0123456789';
const KEY_B = 'rate-limit-caller-b-0123456789';
const LIMITS = 'mutation=3/min,query=100/min';
const as = (key: string) => ({ authorization: `Bearer ${key}` });

async function mutate(stack: Stack, key: string) {
  const res = await fetch(`${stack.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...as(key) },
    body: JSON.stringify({ query: ADD_KYC_ATTRIBUTES, variables: cardInput(WAITING) }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

describe('GCRA and the policy', () => {
  it('allows a burst of the limit, then one per period/limit', () => {
    const rate = { limit: 3, periodMs: 60_000 };
    let tat = 0;
    for (let i = 0; i < 3; i++) {
      const step = gcra(tat, 1_000, rate);
      expect(step.allowed).toBe(true);
      if (step.allowed) tat = step.tat;
    }
    expect(gcra(tat, 1_000, rate)).toEqual({ allowed: false, retryAfterMs: 20_000 });
    expect(gcra(tat, 21_000, rate).allowed).toBe(true);
  });

  it('parses classes and periods, and names what is wrong', () => {
    expect(parseRatePolicy('mutation=30/min, query=5/s')).toEqual({ mutation: { limit: 30, periodMs: 60_000 }, query: { limit: 5, periodMs: 1_000 } });
    expect(parseRatePolicy('mutations=30/min')).toEqual(expect.stringContaining('"mutations=30/min"'));
    expect(parseRatePolicy('query=0/min')).toEqual(expect.any(String));
  });
});

describe('one instance', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RATE_LIMITS: LIMITS, GATEWAY_API_KEYS: `${KEY_A},${KEY_B}` } });
  });
  afterAll(() => stack.close());

  it('answers 429 RATE_LIMITED with Retry-After past the limit, reaching nothing; another caller is unaffected', async () => {
    for (let i = 0; i < 3; i++) expect((await mutate(stack, KEY_A)).status).toBe(200);
    await stack.sim.reset();
    const limited = await mutate(stack, KEY_A);
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(limited.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: Number(limited.retryAfter) });
    expect((await stack.sim.stats()).requests[ROUTES.addAttributes] ?? 0).toBe(0);
    expect((await mutate(stack, KEY_B)).body.data.addKycAttributes.__typename).toBe('AddKycAttributesSuccess');
    expect((await stack.gql('{ __typename }', undefined, as(KEY_A))).status).toBe(200); // queries have their own allowance
  });

  it('counts an operation once, however many aliased fields it has', async () => {
    const fresh = 'rate-limit-caller-c-0123456789';
    const other = await startStack({ env: { GATEWAY_RATE_LIMITS: 'query=2/min', GATEWAY_API_KEYS: fresh } });
    try {
      const aliases = `{ ${[1, 2, 3, 4, 5].map((i) => `c${i}: customer(customerId: "${WAITING}") { __typename }`).join(' ')} }`;
      expect((await other.gql(aliases, undefined, as(fresh))).status).toBe(200);
      expect((await other.gql(aliases, undefined, as(fresh))).status).toBe(200);
      expect((await other.gql(aliases, undefined, as(fresh))).status).toBe(429);
    } finally {
      await other.close();
    }
  });

  it('counts limited operations in /metrics by class only', async () => {
    const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    expect(text).toMatch(/gateway_rate_limited_total\{class="mutation"\} [1-9]/);
    expect(text).not.toContain(KEY_A);
  });
});

describe('two instances sharing Redis', () => {
  const prefix = randomPrefix();
  let redis: Redis;
  let one: Stack;
  let two: Stack;
  beforeAll(async () => {
    redis = await requireRedis();
    const env = { GATEWAY_RATE_LIMITS: LIMITS, GATEWAY_API_KEYS: `${KEY_A},${KEY_B}`, REDIS_URL, REDIS_KEY_PREFIX: prefix };
    [one, two] = await Promise.all([startStack({ env }), startStack({ env })]);
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
    await deleteUnder(redis, prefix);
    redis.disconnect();
  });

  it('shares one allowance per caller across instances', async () => {
    expect((await mutate(one, KEY_A)).status).toBe(200);
    expect((await mutate(two, KEY_A)).status).toBe(200);
    expect((await mutate(one, KEY_A)).status).toBe(200);
    expect((await mutate(two, KEY_A)).status).toBe(429);
    expect((await mutate(one, KEY_B)).status).toBe(200);
  });
});

describe("connectFi's limits", () => {
  let stack: Stack;
  const READ = 'query($id: ID!) { customer(customerId: $id) { __typename ... on UpstreamError { code retryable retryAfterSeconds } } }';
  const MUTATION_RESULT = '__typename ... on UpstreamError { code outcome retryable retryAfterSeconds }';
  const mutation = ADD_KYC_ATTRIBUTES.replace('__typename', MUTATION_RESULT);
  beforeAll(async () => {
    stack = await startStack({ env: { CONNECTFI_TIMEOUT_MS: '10000' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sim.reset());
  const calls = async (route: string) => (await stack.sim.stats()).requests[route] ?? 0;

  it('answers a 429 on a mutation at once, NOT_APPLIED, with connectFi\'s Retry-After in retryAfterSeconds', async () => {
    await stack.sim.faults([{ kind: 'status', status: 429, retryAfterS: 7, route: ROUTES.addAttributes, times: 1 }]);
    const r = await stack.gql(mutation, cardInput(WAITING));
    expect(r.body.data.addKycAttributes).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_RATE_LIMITED', outcome: 'NOT_APPLIED', retryable: true, retryAfterSeconds: 7 });
    expect(await calls(ROUTES.addAttributes)).toBe(1);
  });

  it('retries a read once after Retry-After when the wait fits in the call budget', async () => {
    await stack.sim.faults([{ kind: 'status', status: 429, retryAfterS: 0, route: ROUTES.status, times: 1 }]);
    const r = await stack.gql(READ, { id: WAITING });
    expect(r.body.data.customer.__typename).toBe('Customer');
    expect(await calls(ROUTES.status)).toBe(2);
  });

  it('answers a read whose Retry-After does not fit with UPSTREAM_RATE_LIMITED, retryable, without waiting', async () => {
    await stack.sim.faults([{ kind: 'status', status: 429, retryAfterS: 60, route: ROUTES.status, times: 1 }]);
    const r = await stack.gql(READ, { id: WAITING });
    expect(r.body.data.customer).toEqual({ __typename: 'UpstreamError', code: 'UPSTREAM_RATE_LIMITED', retryable: true, retryAfterSeconds: 60 });
    expect(await calls(ROUTES.status)).toBe(1);
  });

  it('CONNECTFI_MAX_RPS: excess mutations are refused NOT_APPLIED, excess reads wait their turn', async () => {
    const capped = await startStack({ env: { CONNECTFI_MAX_RPS: '2' } });
    try {
      const answers = await Promise.all([1, 2, 3, 4, 5].map(() => capped.gql(mutation, cardInput(WAITING))));
      const typenames = answers.map((a) => a.body.data.addKycAttributes.__typename).sort();
      expect(typenames.filter((t) => t === 'AddKycAttributesSuccess')).toHaveLength(2);
      for (const a of answers.filter((x) => x.body.data.addKycAttributes.__typename === 'UpstreamError')) {
        expect(a.body.data.addKycAttributes).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', outcome: 'NOT_APPLIED', retryable: true });
      }
      expect((await capped.sim.stats()).requests[ROUTES.addAttributes]).toBe(2);
      const ids = await capped.sim.createCustomers(4);
      const reads = await Promise.all(ids.map((id) => capped.gql(READ, { id })));
      expect(reads.map((r) => r.body.data.customer.__typename)).toEqual(Array(4).fill('Customer'));
    } finally {
      await capped.close();
    }
  });
});
