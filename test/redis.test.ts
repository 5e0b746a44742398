// Two gateway processes (dist/main.js) sharing one Redis and one connectFi simulator: a single login for both,
// idempotency across instances. Needs Redis at 127.0.0.1:6379 (fails, never skips, when it is not there).
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createLogger } from '../src/logger.js';
import { RedisStore } from '../src/idempotency/index.js';
import { SharedTokenCache } from '../src/connectfi/shared-token.js';
import { connectRedis, type SharedRedis } from '../src/redis.js';
import { Sealer } from '../src/sealed.js';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { ADD_KYC_ATTRIBUTES, ADD_KYC_ATTRIBUTES_IDEMPOTENT, WAITING, cardInput, idempotentInput } from './helpers/operations.js';
import { startGatewayProcess, type GatewayProcess } from './helpers/process.js';
import { REDIS_URL, deleteUnder, keysUnder, randomPrefix, requireRedis } from './helpers/redis.js';
import { LOGIN, PASSWORD, ROUTES, SimulatorControl, postGraphQL, startStack } from './helpers/stack.js';
import { waitUntil } from './helpers/wait.js';

// First, so ioredis's 2 s disconnect timer for the never-connected socket is over before the file ends.
describe('a gateway whose Redis is unreachable', () => {
  it('refuses idempotent mutations (NOT_APPLIED), serves the rest with its own login, and is not ready', async () => {
    const stack = await startStack({ env: { REDIS_URL: 'redis://127.0.0.1:1', REDIS_KEY_PREFIX: randomPrefix() } });
    try {
      const keyed = await stack.gql(ADD_KYC_ATTRIBUTES, idempotentInput(WAITING, randomUUID()));
      expect(keyed.body.data.addKycAttributes).toMatchObject({
        __typename: 'UpstreamError', code: 'IDEMPOTENCY_UNAVAILABLE', outcome: 'NOT_APPLIED', retryable: true,
      });
      expect((await stack.sim.stats()).requests[ROUTES.addAttributes] ?? 0).toBe(0);
      const plain = await stack.gql(ADD_KYC_ATTRIBUTES, cardInput(WAITING));
      expect(plain.body.data.addKycAttributes.__typename).toBe('AddKycAttributesSuccess');
      const ready = await fetch(`${stack.gateway.url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not_ready', reason: 'redis_unavailable' });
    } finally {
      await stack.close();
    }
  });
});

// Two callers (API keys): idempotency keys are scoped per caller.
const CALLER_A = 'test-caller-a-3f9c2b7e1d';
const CALLER_B = 'test-caller-b-8a4d6e0c5f';

describe('two gateway processes sharing Redis', () => {
  let redis: Redis;
  let prefix: string;
  let simulator: Simulator;
  let sim: SimulatorControl;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    redis = await requireRedis();
    prefix = randomPrefix();
    simulator = await startSimulator({ login: LOGIN, password: PASSWORD });
    sim = new SimulatorControl(simulator.url);
    // A slow login, so both instances are cold at the same time while it runs.
    await sim.faults([{ kind: 'latency', route: ROUTES.login, latencyMs: 300 }]);
    const env = {
      CONNECTFI_BASE_URL: simulator.url, CONNECTFI_LOGIN: LOGIN, CONNECTFI_PASSWORD: PASSWORD,
      REDIS_URL, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'info', GATEWAY_API_KEYS: `${CALLER_A},${CALLER_B}`,
    };
    [a, b] = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await simulator?.close();
    if (redis) {
      await deleteUnder(redis, prefix);
      await redis.quit();
    }
  });

  const add = (gateway: GatewayProcess, variables: Record<string, unknown>, caller = CALLER_A) =>
    postGraphQL(gateway.url, ADD_KYC_ATTRIBUTES_IDEMPOTENT, variables, { authorization: `Bearer ${caller}` }).then((r) => {
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      return r.body.data.addKycAttributes;
    });
  const addCalls = async () => (await sim.stats()).requests[ROUTES.addAttributes] ?? 0;

  it('cold start under concurrent load: 40 mutations split across both instances, one login in total', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => add(i % 2 ? a : b, cardInput(WAITING))));
    expect(results.map((r) => r.__typename)).toEqual(Array(40).fill('AddKycAttributesSuccess'));
    const stats = await sim.stats();
    expect(stats.logins).toBe(1);
    expect(stats.requests[ROUTES.login]).toBe(1);
    expect(stats.requests[ROUTES.addAttributes]).toBe(40);
    for (const gateway of [a, b]) {
      expect(await (await fetch(`${gateway.url}/ready`)).json()).toEqual({ status: 'ready' });
    }
    const metrics = await Promise.all([a, b].map(async (g) => (await fetch(`${g.url}/metrics`)).text()));
    const logins = metrics.map((m) => Number(/connectfi_logins_total\{result="ok"\} (\d+)/.exec(m)?.[1] ?? 0));
    expect(logins.sort()).toEqual([0, 1]);
  });

  it('keeps the shared token encrypted in Redis, under the key prefix', async () => {
    const keys = await keysUnder(redis, prefix);
    const tokenKeys = keys.filter((k) => k.includes('connectfi:token:') && !k.endsWith(':lock'));
    expect(tokenKeys).toHaveLength(1);
    const value = (await redis.get(tokenKeys[0]))!;
    expect(value).not.toContain('token');
    expect(() => JSON.parse(value)).toThrow();
    expect(await redis.pttl(tokenKeys[0])).toBeGreaterThan(0);
  });

  it('replaces a token connectFi refuses once for every instance', async () => {
    await sim.reset();
    await sim.expireTokens();
    expect((await add(a, cardInput(WAITING))).__typename).toBe('AddKycAttributesSuccess');
    expect((await add(b, cardInput(WAITING))).__typename).toBe('AddKycAttributesSuccess');
    const stats = await sim.stats();
    expect(stats.logins).toBe(1);
    expect(stats.responses[ROUTES.addAttributes]).toEqual({ 200: 2, 401: 2 });
  });

  it('answers a repeat on the other instance with the first result, and a different input with IdempotencyKeyReuseError', async () => {
    await sim.reset();
    const key = randomUUID();
    const first = await add(a, idempotentInput(WAITING, key));
    expect(first.__typename).toBe('AddKycAttributesSuccess');
    expect(await add(b, idempotentInput(WAITING, key))).toEqual(first);
    expect(await add(a, idempotentInput(WAITING, key))).toEqual(first);
    const reuse = await add(b, idempotentInput(WAITING, key, { issueType: 'EXPIRED' }));
    expect(reuse).toMatchObject({ __typename: 'IdempotencyKeyReuseError', code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey: key });
    expect(await addCalls()).toBe(1);
    // The caller's key is never stored as such (only a hash of caller and key), and records are sealed: no name
    // on a card in Redis.
    const keys = await keysUnder(redis, prefix);
    expect(keys.some((k) => k.includes(key))).toBe(false);
    const records = await Promise.all(keys.filter((k) => k.includes(':idem:')).map((k) => redis.hgetall(k)));
    expect(records.length).toBeGreaterThan(0);
    expect(records.some((r) => r.state === 'done' && r.record.length > 0)).toBe(true);
    expect(JSON.stringify(records)).not.toContain('JOHN TESTMAN');
  });

  it('scopes keys per caller: another caller with the same key gets its own result', async () => {
    await sim.reset();
    const key = randomUUID();
    const mine = await add(a, idempotentInput(WAITING, key), CALLER_A);
    const theirs = await add(b, idempotentInput(WAITING, key, { designId: '7' }), CALLER_B);
    expect(mine.__typename).toBe('AddKycAttributesSuccess');
    expect(theirs.__typename).toBe('AddKycAttributesSuccess');
    expect(theirs.requestId).not.toBe(mine.requestId);
    expect(await add(b, idempotentInput(WAITING, key), CALLER_A)).toEqual(mine);
    expect(await add(a, idempotentInput(WAITING, key, { designId: '7' }), CALLER_B)).toEqual(theirs);
    expect(await addCalls()).toBe(2);
  });

  it('makes 20 concurrent duplicates split across both instances wait for the first: one connectFi call', async () => {
    await sim.reset();
    await sim.faults([{ kind: 'latency', route: ROUTES.addAttributes, latencyMs: 300 }]);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => add(i % 2 ? a : b, idempotentInput(WAITING, key))));
    expect(answers[0].__typename).toBe('AddKycAttributesSuccess');
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await addCalls()).toBe(1);
  });

  it('stores an UNKNOWN outcome for every instance', async () => {
    await sim.reset();
    await sim.faults([{ kind: 'reset', route: ROUTES.addAttributes, times: 1 }]);
    const key = randomUUID();
    const first = await add(a, idempotentInput(WAITING, key));
    expect(first).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_CONNECTION_LOST', outcome: 'UNKNOWN' });
    expect(await add(b, idempotentInput(WAITING, key))).toEqual(first);
    expect(await addCalls()).toBe(1);
  });

  it('does not store a NOT_APPLIED failure: the other instance may retry the same key', async () => {
    await sim.reset();
    await sim.faults([{ kind: 'status', status: 429, route: ROUTES.addAttributes, times: 1 }]);
    const key = randomUUID();
    expect(await add(a, idempotentInput(WAITING, key))).toMatchObject({ __typename: 'UpstreamError', outcome: 'NOT_APPLIED' });
    const retry = await add(b, idempotentInput(WAITING, key));
    expect(retry.__typename).toBe('AddKycAttributesSuccess');
    expect(await add(a, idempotentInput(WAITING, key))).toEqual(retry);
    expect(await addCalls()).toBe(2);
  });
});

/** Redis's clock (TIME), in ms: what the idempotency scripts compare leases with. */
async function redisNowMs(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

describe('state shared through Redis: idempotency records and the connectFi token', () => {
  let redis: Redis;
  let shared: SharedRedis;
  const prefix = randomPrefix();
  const logger = createLogger('silent');

  beforeAll(async () => {
    redis = await requireRedis();
    shared = connectRedis(REDIS_URL, prefix, logger);
  });
  afterAll(async () => {
    await shared?.close();
    if (redis) {
      await deleteUnder(redis, prefix);
      await redis.quit();
    }
  });

  it('pins UNKNOWN when the first request’s owner vanished mid-call (its lease ran out)', async () => {
    const store = new RedisStore(shared, { ttlS: 60, logger, leaseMs: 100 });
    const first = await store.acquire('k1', 'fp', 'ORPHAN');
    expect(first.kind).toBe('owner');
    expect((await store.acquire('k1', 'fp', 'ORPHAN')).kind).toBe('pending');
    // The owner dies without a word: no more lease renewals (its timer is what a dead process would lose).
    await redis.hset(`${prefix}idem:k1`, 'owner', 'someone-else', 'lease', '0');
    expect(await store.acquire('k1', 'fp', 'ORPHAN')).toEqual({ kind: 'orphan', record: 'ORPHAN' });
    expect(await store.acquire('k1', 'fp', 'ORPHAN')).toEqual({ kind: 'done', record: 'ORPHAN' });
    if (first.kind === 'owner') await first.lease.complete('TOO LATE'); // ignored: no longer the owner
    expect(await store.acquire('k1', 'fp', 'ORPHAN')).toEqual({ kind: 'done', record: 'ORPHAN' });
    expect(await store.acquire('k1', 'other', 'ORPHAN')).toEqual({ kind: 'mismatch' });
  });

  it('keeps a live owner’s lease by renewing it, and expires every record after the TTL', async () => {
    const store = new RedisStore(shared, { ttlS: 60, logger, leaseMs: 150 });
    const owner = await store.acquire('k2', 'fp', 'ORPHAN');
    expect(owner.kind).toBe('owner');
    const lease = async () => Number(await redis.hget(`${prefix}idem:k2`, 'lease'));
    const firstLease = await lease();
    // Leases are checked against Redis's clock: wait on that clock until the first lease is over by another
    // lease's length. Only renewals can have kept the request alive.
    await waitUntil('Redis time to pass the first lease by 150 ms', () => redisNowMs(redis), (now) => now > firstLease + 150);
    expect(await lease()).toBeGreaterThan(firstLease);
    expect((await store.acquire('k2', 'fp', 'ORPHAN')).kind).toBe('pending');
    if (owner.kind === 'owner') await owner.lease.complete('DONE');
    expect(await store.acquire('k2', 'fp', 'ORPHAN')).toEqual({ kind: 'done', record: 'DONE' });
    const ttl = await redis.ttl(`${prefix}idem:k2`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('seals records at rest; a record sealed under other credentials reads as an unknown outcome', async () => {
    const store = new RedisStore(shared, { ttlS: 60, logger, sealer: new Sealer('password-1', 'scope', 'test') });
    const owner = await store.acquire('k4', 'fp', 'ORPHAN');
    if (owner.kind === 'owner') await owner.lease.complete('{"name":"JOHN TESTMAN"}');
    expect(await redis.hget(`${prefix}idem:k4`, 'record')).not.toContain('JOHN');
    expect(await store.acquire('k4', 'fp', 'ORPHAN')).toEqual({ kind: 'done', record: '{"name":"JOHN TESTMAN"}' });
    const rotated = new RedisStore(shared, { ttlS: 60, logger, sealer: new Sealer('password-2', 'scope', 'test') });
    expect(await rotated.acquire('k4', 'fp', 'ORPHAN')).toEqual({ kind: 'done', record: 'ORPHAN' });
  });

  it('releases the key when the owner abandons it (NOT_APPLIED)', async () => {
    const store = new RedisStore(shared, { ttlS: 60, logger });
    const owner = await store.acquire('k3', 'fp', 'ORPHAN');
    if (owner.kind === 'owner') await owner.lease.abandon();
    expect((await store.acquire('k3', 'other-input-now-fine', 'ORPHAN')).kind).toBe('owner');
  });

  const connectFi = { baseUrl: 'http://connectfi.test', login: 'gateway', password: 'a-password-for-the-sealer', loginTimeoutMs: 1_000, logger };

  /** A login that counts its calls and hands out distinct tokens valid for an hour. */
  const countingLogin = () => {
    const login = Object.assign(async () => {
      login.calls++;
      return { token: `token-${login.calls}-${randomUUID()}`, dtsExpireAt: new Date(Date.now() + 3_600_000).toISOString() };
    }, { calls: 0 });
    return login;
  };

  it('does not log in again when another instance stored its token between our read and our lock', async () => {
    const loginA = countingLogin();
    const tokenA = await new SharedTokenCache(loginA, { ...connectFi, redis: shared }).get();
    expect(loginA.calls).toBe(1);
    // Instance B read Redis just before A stored its token (its first GET sees nothing); by the time B asks for
    // the lock, A has released it.
    let staleReads = 1;
    const client = new Proxy(shared.client, {
      get(target, property, receiver) {
        if (property === 'get') return (key: string) => (staleReads-- > 0 ? Promise.resolve(null) : target.get(key));
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const loginB = countingLogin();
    const tokenB = await new SharedTokenCache(loginB, { ...connectFi, redis: { ...shared, client } }).get();
    expect(staleReads).toBe(-1); // B did read Redis again after the stale read
    expect(loginB.calls).toBe(0);
    expect(tokenB).toBe(tokenA);
  });
});
