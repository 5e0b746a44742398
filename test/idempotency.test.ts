// idempotencyKey on addKycAttributes, one gateway with its in-memory store, over real HTTP; plus the store and
// the per-caller scoping directly. The same across two gateway processes sharing Redis: test/redis.test.ts.
import { randomUUID } from 'node:crypto';
import { createLogger } from '../src/logger.js';
import { Idempotency, MemoryStore, canonicalJson } from '../src/idempotency/index.js';
import { ADD_KYC_ATTRIBUTES_IDEMPOTENT, WAITING, idempotentInput } from './helpers/operations.js';
import { ROUTES, startStack, type Stack } from './helpers/stack.js';
import { within } from './helpers/wait.js';

describe('idempotencyKey (in-memory store)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CONNECTFI_TIMEOUT_MS: '1000' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sim.reset());

  const add = (variables: Record<string, unknown>) => stack.gql(ADD_KYC_ATTRIBUTES_IDEMPOTENT, variables).then((r) => {
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    return r.body.data.addKycAttributes;
  });
  const addCalls = async () => (await stack.sim.stats()).requests[ROUTES.addAttributes] ?? 0;

  it('answers a repeat with the first result (same requestId) without calling connectFi again', async () => {
    const key = randomUUID();
    const first = await add(idempotentInput(WAITING, key));
    expect(first.__typename).toBe('AddKycAttributesSuccess');
    const again = await add(idempotentInput(WAITING, key));
    expect(again).toEqual(first);
    expect(await addCalls()).toBe(1);
  });

  it('treats the same input with object keys in another order as the same input', async () => {
    const key = randomUUID();
    const first = await add(idempotentInput(WAITING, key, { additionalData: { a: 1, b: { c: 2, d: 3 } } }));
    const again = await add(idempotentInput(WAITING, key, { additionalData: { b: { d: 3, c: 2 }, a: 1 } }));
    expect(again.requestId).toBe(first.requestId);
    expect(await addCalls()).toBe(1);
  });

  it('answers IdempotencyKeyReuseError for the same key with a different input, without calling connectFi', async () => {
    const key = randomUUID();
    expect((await add(idempotentInput(WAITING, key))).__typename).toBe('AddKycAttributesSuccess');
    const reuse = await add(idempotentInput(WAITING, key, { nameOnCard: 'SOMEONE ELSE' }));
    expect(reuse).toEqual({
      __typename: 'IdempotencyKeyReuseError', code: 'IDEMPOTENCY_KEY_REUSED', message: expect.any(String), requestId: null, idempotencyKey: key,
    });
    expect(await addCalls()).toBe(1);
  });

  it('makes 20 concurrent duplicates wait for the first: one connectFi call, 20 identical answers', async () => {
    const key = randomUUID();
    await stack.sim.faults([{ kind: 'latency', route: ROUTES.addAttributes, latencyMs: 200 }]);
    const answers = await Promise.all(Array.from({ length: 20 }, () => add(idempotentInput(WAITING, key))));
    expect(answers[0].__typename).toBe('AddKycAttributesSuccess');
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await addCalls()).toBe(1);
  });

  it('answers IdempotencyKeyReuseError to a different input arriving while the first is still running', async () => {
    // A gateway whose connectFi calls go through the proxy, which holds the first call for as long as the test
    // needs it running (and a timeout far longer than that).
    const held = await startStack({ env: { CONNECTFI_TIMEOUT_MS: '60000' }, proxy: true });
    const proxy = held.proxy!;
    const heldAdd = (variables: Record<string, unknown>) => held.gql(ADD_KYC_ATTRIBUTES_IDEMPOTENT, variables).then((r) => r.body.data.addKycAttributes);
    try {
      const key = randomUUID();
      proxy.hold(ROUTES.addAttributes);
      const running = heldAdd(idempotentInput(WAITING, key));
      await proxy.waitForHeld(1); // the first is running: its connectFi call is held until released below
      const other = await within('the answer to the other input', heldAdd(idempotentInput(WAITING, key, { designId: '2' })), 10_000);
      expect(other).toMatchObject({ __typename: 'IdempotencyKeyReuseError', idempotencyKey: key });
      expect(proxy.heldCount).toBe(1); // answered while the first was still running
      proxy.release();
      expect((await running).__typename).toBe('AddKycAttributesSuccess');
      expect((await held.sim.stats()).requests[ROUTES.addAttributes]).toBe(1);
    } finally {
      proxy.release();
      await held.close();
    }
  });

  it('stores an UNKNOWN outcome and answers it again, never calling connectFi a second time', async () => {
    const key = randomUUID();
    await add(idempotentInput(WAITING, randomUUID())); // logged in, so only the mutation meets the fault
    await stack.sim.reset();
    await stack.sim.faults([{ kind: 'status', status: 500, route: ROUTES.addAttributes, times: 1 }]);
    const first = await add(idempotentInput(WAITING, key));
    expect(first).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_SERVER_ERROR', outcome: 'UNKNOWN', retryable: true });
    const again = await add(idempotentInput(WAITING, key));
    expect(again).toEqual(first);
    expect(await addCalls()).toBe(1);
  });

  it('stores a connectFi timeout (UNKNOWN) too', async () => {
    const key = randomUUID();
    await add(idempotentInput(WAITING, randomUUID()));
    await stack.sim.reset();
    await stack.sim.faults([{ kind: 'latency', latencyMs: 1500, route: ROUTES.addAttributes, times: 1 }]);
    const first = await add(idempotentInput(WAITING, key));
    expect(first).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_TIMEOUT', outcome: 'UNKNOWN' });
    expect(await add(idempotentInput(WAITING, key))).toEqual(first);
    expect(await addCalls()).toBe(1);
  });

  it('does not store a NOT_APPLIED failure: a retry with the same key reaches connectFi and can succeed', async () => {
    const key = randomUUID();
    await add(idempotentInput(WAITING, randomUUID()));
    await stack.sim.reset();
    await stack.sim.faults([{ kind: 'status', status: 429, route: ROUTES.addAttributes, times: 1 }]);
    const first = await add(idempotentInput(WAITING, key));
    expect(first).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_RATE_LIMITED', outcome: 'NOT_APPLIED' });
    const retry = await add(idempotentInput(WAITING, key));
    expect(retry.__typename).toBe('AddKycAttributesSuccess');
    expect(await add(idempotentInput(WAITING, key))).toEqual(retry);
    expect(await addCalls()).toBe(2);
  });

  it("stores connectFi's business refusals (e.g. CustomerNotFoundError) like successes", async () => {
    const key = randomUUID();
    const first = await add(idempotentInput('cstap_nobodyHere', key));
    expect(first.__typename).toBe('CustomerNotFoundError');
    expect(await add(idempotentInput('cstap_nobodyHere', key))).toEqual(first);
    expect(await addCalls()).toBe(1);
  });

  it.each([
    ['empty', ''],
    ['65 characters', 'k'.repeat(65)],
  ])('answers InvalidInputError on ["idempotencyKey"] for a key that is %s, without calling connectFi', async (_, key) => {
    const result = await add(idempotentInput(WAITING, key));
    expect(result).toMatchObject({ __typename: 'InvalidInputError', code: 'GATEWAY_VALIDATION' });
    expect(result.fields).toEqual([{ path: ['idempotencyKey'], message: expect.any(String) }]);
    expect(await addCalls()).toBe(0);
  });

  it('accepts a key of 64 characters, and works without a key as before', async () => {
    expect((await add(idempotentInput(WAITING, 'k'.repeat(64)))).__typename).toBe('AddKycAttributesSuccess');
    const a = await add(idempotentInput(WAITING, null as unknown as string));
    const b = await add(idempotentInput(WAITING, null as unknown as string));
    expect(a.requestId).not.toBe(b.requestId);
    expect(await addCalls()).toBe(3);
  });

  it('reports each answer in /metrics and in the log line', async () => {
    // The gateway serves the whole file: count what this test adds.
    const counts = async () => {
      const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
      const count = (result: string) => Number(new RegExp(`^gateway_idempotency_requests_total\\{result="${result}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      return { executed: count('executed'), replayed: count('replayed') };
    };
    const before = await counts();
    const key = randomUUID();
    await add(idempotentInput(WAITING, key));
    await add(idempotentInput(WAITING, key));
    expect(await counts()).toEqual({ executed: before.executed + 1, replayed: before.replayed + 1 });
    const lines = stack.logLines.filter((l) => l.includes('"graphql.operation"')).map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ idempotency: 'replayed' });
    expect(lines.at(-2)).toMatchObject({ idempotency: 'executed' });
  });
});

describe('Idempotency (the store and the scoping, directly)', () => {
  const logger = createLogger('silent');
  const success = (n: number) => ({ __typename: 'AddKycAttributesSuccess', requestId: `r${n}` });

  it('scopes keys per caller: two callers with the same key never share a result', async () => {
    const idempotency = new Idempotency(new MemoryStore(60_000, 100), { logger, maxWaitMs: 1000, keep: () => true });
    let calls = 0;
    const execute = async () => success(++calls);
    const a = await idempotency.run('caller-a', 'same-key', { x: 1 }, execute);
    const b = await idempotency.run('caller-b', 'same-key', { x: 1 }, execute);
    const bDifferentInput = await idempotency.run('caller-b', 'other-key', { x: 2 }, execute);
    expect(a).toMatchObject({ kind: 'answer', value: { requestId: 'r1' } });
    expect(b).toMatchObject({ kind: 'answer', value: { requestId: 'r2' } });
    expect(bDifferentInput).toMatchObject({ kind: 'answer', value: { requestId: 'r3' } });
    expect((await idempotency.run('caller-a', 'same-key', { x: 1 }, execute)).result).toBe('replayed');
  });

  it('keeps at most maxEntries results, least recently used out first, each for its TTL', async () => {
    let now = 0;
    const store = new MemoryStore(1000, 2, () => now);
    const idempotency = new Idempotency(store, { logger, maxWaitMs: 1000, keep: () => true });
    let calls = 0;
    const run = (key: string) => idempotency.run('c', key, {}, async () => success(++calls));
    await run('a');
    await run('b');
    await run('a'); // a is now the most recently used
    await run('c'); // evicts b
    expect(store.size).toBe(2);
    expect((await run('a')).result).toBe('replayed');
    expect((await run('b')).result).toBe('executed');
    now = 5000; // every TTL over
    expect((await run('a')).result).toBe('executed');
  });

  it('fingerprints canonical JSON: key order never matters, values do', () => {
    expect(canonicalJson({ b: [1, { y: 1, x: 2 }], a: null })).toBe(canonicalJson({ a: null, b: [1, { x: 2, y: 1 }] }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});
