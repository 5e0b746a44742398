// Resilience and operations over real HTTP: the circuit breaker on connectFi, /ready, /metrics, and graceful
// shutdown of the real entry point (dist/main.js) on SIGTERM.
import { request } from 'node:http';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { ADD_KYC_ATTRIBUTES, APPROVED, WAITING, cardInput } from './helpers/operations.js';
import { fakeDate, type FakeDate } from './helpers/clock.js';
import { ConnectFiProxy } from './helpers/connectfi-proxy.js';
import { runToExit, startGatewayProcess } from './helpers/process.js';
import { LOGIN, PASSWORD, ROUTES, SimulatorControl, postGraphQL, startStack, type Stack } from './helpers/stack.js';
import { waitUntil } from './helpers/wait.js';

const API_KEY = 'test-resilience-key-5b1e9d';

async function ready(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/ready`);
  return { status: res.status, body: await res.json() };
}

async function metrics(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

/** The value of one sample, e.g. sample(text, 'connectfi_logins_total{result="ok"}'); 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('circuit breaker on connectFi', () => {
  // The breaker reads Date.now(): with Date faked (and frozen), the cool-down ends when the test moves the clock,
  // never on its own, so "still open" and "cool-down over" are states the test sets, not windows it races.
  const COOLDOWN_MS = 60_000;
  let clock: FakeDate;
  let stack: Stack;
  beforeAll(async () => {
    clock = fakeDate(); // before the gateway exists: the breaker takes its clock at construction
    stack = await startStack({ env: { CONNECTFI_BREAKER_FAILURES: '3', CONNECTFI_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS), CONNECTFI_TIMEOUT_MS: '1000' } });
  });
  afterAll(async () => {
    await stack.close();
    clock.restore();
  });
  beforeEach(async () => {
    await stack.sim.reset();
    clock.advance(COOLDOWN_MS); // a circuit a previous test left open lets its probe through
    expect((await add(WAITING)).__typename).toBe('AddKycAttributesSuccess'); // logged in, circuit closed
    await stack.sim.reset();
  });

  const add = (customerId: string) => stack.gql(ADD_KYC_ATTRIBUTES, cardInput(customerId)).then((r) => {
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    return r.body.data.addKycAttributes;
  });
  const addCalls = async () => (await stack.sim.stats()).requests[ROUTES.addAttributes] ?? 0;

  it('opens after a run of 5xx, fails fast without calling connectFi, probes after the cool-down, closes on recovery', async () => {
    await stack.sim.faults([{ kind: 'status', status: 500, route: ROUTES.addAttributes }]);
    for (let i = 0; i < 3; i++) expect((await add(WAITING)).code).toBe('UPSTREAM_SERVER_ERROR');

    const fast = await add(WAITING);
    expect(fast).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_CIRCUIT_OPEN', retryable: true, outcome: 'NOT_APPLIED' });
    expect(fast.message).not.toContain('may or may not');
    expect(await addCalls()).toBe(3);
    expect(await ready(stack.gateway.url)).toEqual({ status: 503, body: { status: 'not_ready', reason: 'connectfi_circuit_open' } });
    let text = await metrics(stack.gateway.url);
    expect(sample(text, 'connectfi_circuit_breaker_state{state="open"}')).toBe(1);
    expect(sample(text, 'connectfi_circuit_breaker_transitions_total{state="open"}')).toBeGreaterThanOrEqual(1);

    // One millisecond before the cool-down ends: still open, nothing sent.
    clock.advance(COOLDOWN_MS - 1);
    expect((await add(WAITING)).code).toBe('UPSTREAM_CIRCUIT_OPEN');
    expect(await addCalls()).toBe(3);

    // Still failing after the cool-down: exactly one probe reaches connectFi, and the circuit opens again.
    clock.advance(1);
    const probe = await add(WAITING);
    expect(probe.code).toBe('UPSTREAM_SERVER_ERROR');
    expect((await add(WAITING)).code).toBe('UPSTREAM_CIRCUIT_OPEN');
    expect(await addCalls()).toBe(4);

    // connectFi recovers: the next probe succeeds and closes the circuit.
    await stack.sim.faults([]);
    clock.advance(COOLDOWN_MS);
    const recovered = await add(WAITING);
    expect(recovered.__typename).toBe('AddKycAttributesSuccess');
    expect(await addCalls()).toBe(5);
    expect((await add(WAITING)).__typename).toBe('AddKycAttributesSuccess');
    expect(await ready(stack.gateway.url)).toEqual({ status: 200, body: { status: 'ready' } });
    text = await metrics(stack.gateway.url);
    expect(sample(text, 'connectfi_circuit_breaker_state{state="closed"}')).toBe(1);
  });

  it('counts timeouts and dropped connections as failures', async () => {
    await stack.sim.faults([{ kind: 'reset', route: ROUTES.addAttributes, times: 2 }]);
    expect((await add(WAITING)).code).toBe('UPSTREAM_CONNECTION_LOST');
    expect((await add(WAITING)).code).toBe('UPSTREAM_CONNECTION_LOST');
    await stack.sim.faults([{ kind: 'latency', latencyMs: 1500, route: ROUTES.addAttributes, times: 1 }]);
    expect((await add(WAITING)).code).toBe('UPSTREAM_TIMEOUT');
    expect((await add(WAITING)).code).toBe('UPSTREAM_CIRCUIT_OPEN');
    expect(await addCalls()).toBe(3);
  });

  it('is never opened by connectFi business answers (4xx), and a success resets the run', async () => {
    for (let i = 0; i < 10; i++) expect((await add(APPROVED)).__typename).toBe('KycStatusConflictError');
    await stack.sim.faults([{ kind: 'status', status: 503, route: ROUTES.addAttributes, times: 2 }]);
    expect((await add(WAITING)).code).toBe('UPSTREAM_SERVER_ERROR');
    expect((await add(WAITING)).code).toBe('UPSTREAM_SERVER_ERROR');
    expect((await add(WAITING)).__typename).toBe('AddKycAttributesSuccess');
    await stack.sim.faults([{ kind: 'status', status: 503, route: ROUTES.addAttributes, times: 2 }]);
    expect((await add(WAITING)).code).toBe('UPSTREAM_SERVER_ERROR');
    expect((await add(WAITING)).code).toBe('UPSTREAM_SERVER_ERROR');
    expect((await add(WAITING)).__typename).toBe('AddKycAttributesSuccess');
    expect(await addCalls()).toBe(16);
  });
});

describe('/ready and /metrics', () => {
  it('is ready when a connectFi token can be obtained, and reports operations, connectFi calls and logins', async () => {
    const stack = await startStack();
    try {
      expect(await ready(stack.gateway.url)).toEqual({ status: 200, body: { status: 'ready' } });
      await stack.gql(ADD_KYC_ATTRIBUTES, cardInput(WAITING));
      await stack.gql(ADD_KYC_ATTRIBUTES, cardInput(WAITING));
      await stack.gql(ADD_KYC_ATTRIBUTES, cardInput(APPROVED));
      await stack.sim.faults([{ kind: 'reset', route: ROUTES.addAttributes, times: 1 }]);
      await stack.gql(ADD_KYC_ATTRIBUTES, cardInput(WAITING));
      await stack.gql('{ nope }');
      const text = await metrics(stack.gateway.url);
      const op = (result: string) => `gateway_graphql_operations_total{operation="AddKycAttributes",field="addKycAttributes",result="${result}"}`;
      expect(sample(text, op('AddKycAttributesSuccess'))).toBe(2);
      expect(sample(text, op('KycStatusConflictError'))).toBe(1);
      expect(sample(text, op('UpstreamError'))).toBe(1);
      expect(sample(text, 'gateway_graphql_operations_total{operation="anonymous",field="",result="GraphQLError"}')).toBe(1);
      const calls = (status: string) => `connectfi_request_duration_seconds_count{endpoint="POST /customer/kyc/add-attributes",status="${status}"}`;
      expect(sample(text, calls('200'))).toBe(2);
      expect(sample(text, calls('400'))).toBe(1);
      expect(sample(text, calls('UPSTREAM_CONNECTION_LOST'))).toBe(1);
      expect(sample(text, 'connectfi_logins_total{result="ok"}')).toBe(1);
      expect(sample(text, 'connectfi_circuit_breaker_state{state="closed"}')).toBe(1);
      expect(text).toContain('process_resident_memory_bytes');
    } finally {
      await stack.close();
    }
  });

  it('keeps the operation label bounded: malformed or too many distinct names read "invalid" or "other"', async () => {
    const stack = await startStack();
    try {
      for (let i = 0; i < 105; i++) await stack.gql(`query Op${i} { __typename }`);
      await stack.gql(`query ${'L'.repeat(70)} { __typename }`);
      const text = await metrics(stack.gateway.url);
      const names = new Set([...text.matchAll(/gateway_graphql_operations_total\{operation="([^"]*)"/g)].map((m) => m[1]));
      expect(names.size).toBe(102); // 100 names + other + invalid
      expect(names).toContain('other');
      expect(names).toContain('invalid');
    } finally {
      await stack.close();
    }
  });

  it('is not ready (503, a reason, no secret) when connectFi refuses the login', async () => {
    const stack = await startStack({ password: 'wrong-password-0123' });
    try {
      const res = await fetch(`${stack.gateway.url}/ready`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ status: 'not_ready', reason: 'connectfi_login_failed' });
      expect(text).not.toContain('wrong-password');
      expect(sample(await metrics(stack.gateway.url), 'connectfi_logins_total{result="failed"}')).toBe(1);
      expect((await fetch(`${stack.gateway.url}/health`)).status).toBe(200); // alive, just not ready
    } finally {
      await stack.close();
    }
  });
});

describe('configuration of the operations variables', () => {
  it('names every invalid one, and never echoes REDIS_URL (it may hold a password)', async () => {
    const { code, stderr } = await runToExit({
      REDIS_URL: 'http://user:s3cret-in-url@redis.example:6379', IDEMPOTENCY_TTL_S: 'a day', IDEMPOTENCY_MAX_ENTRIES: '0',
      CONNECTFI_BREAKER_FAILURES: '0', CONNECTFI_BREAKER_COOLDOWN_MS: 'soon', SHUTDOWN_GRACE_MS: '-1',
    });
    expect(code).toBe(1);
    for (const name of ['REDIS_URL', 'IDEMPOTENCY_TTL_S', 'IDEMPOTENCY_MAX_ENTRIES', 'CONNECTFI_BREAKER_FAILURES', 'CONNECTFI_BREAKER_COOLDOWN_MS', 'SHUTDOWN_GRACE_MS']) {
      expect(stderr).toContain(name);
    }
    expect(stderr).not.toContain('s3cret-in-url');
  });
});

describe('graceful shutdown (dist/main.js)', () => {
  // The gateway process reaches the simulator through a ConnectFiProxy, which holds its mutations for as long as
  // the test needs them in flight: "still running at SIGTERM" is a state the test sets, not a latency it races.
  let simulator: Simulator;
  let sim: SimulatorControl;
  let proxy: ConnectFiProxy;
  beforeAll(async () => {
    simulator = await startSimulator({ login: LOGIN, password: PASSWORD });
    sim = new SimulatorControl(simulator.url);
    proxy = await ConnectFiProxy.start(simulator.url);
  });
  afterAll(async () => {
    await proxy.close();
    await simulator.close();
  });
  beforeEach(() => sim.reset());
  afterEach(() => proxy.release());

  const env = (extra: Record<string, string> = {}) => ({
    CONNECTFI_BASE_URL: proxy.url, CONNECTFI_LOGIN: LOGIN, CONNECTFI_PASSWORD: PASSWORD, GATEWAY_API_KEYS: API_KEY, ...extra,
  });
  const auth = { authorization: `Bearer ${API_KEY}` };

  /** A request on a brand-new connection (no pooled keep-alive socket), to see whether the port still accepts. */
  const freshConnection = (url: string) => new Promise<string>((resolve) => {
    const req = request(`${url}/health`, { agent: false }, (res) => {
      res.resume();
      resolve(`status ${res.statusCode}`);
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });

  it('on SIGTERM stops accepting, answers all 50 requests in flight, then exits 0', async () => {
    // Timeouts and grace far beyond the test: only the release below ends the held calls.
    const gateway = await startGatewayProcess(env({ CONNECTFI_TIMEOUT_MS: '60000', SHUTDOWN_GRACE_MS: '60000' }));
    const warm = await postGraphQL(gateway.url, ADD_KYC_ATTRIBUTES, cardInput(WAITING), auth);
    expect(warm.body.data.addKycAttributes.__typename).toBe('AddKycAttributesSuccess');
    await sim.reset();
    proxy.hold(ROUTES.addAttributes);

    const inFlight = Array.from({ length: 50 }, () => postGraphQL(gateway.url, ADD_KYC_ATTRIBUTES, cardInput(WAITING), auth).then(
      (a) => ({ status: a.status, result: a.body.data?.addKycAttributes?.__typename }),
      (error: Error) => ({ cut: String(error.cause ?? error) }),
    ));
    await proxy.waitForHeld(50);
    const exited = gateway.stop('SIGTERM');
    await waitUntil('the gateway to log that it is draining', () => gateway.output(), (out) => out.includes('"gateway.draining"'));
    expect(await freshConnection(gateway.url)).toBe('ECONNREFUSED');
    expect(proxy.heldCount).toBe(50); // all still running

    proxy.release();
    expect(await Promise.all(inFlight)).toEqual(Array(50).fill({ status: 200, result: 'AddKycAttributesSuccess' }));
    expect(await exited).toBe(0);
    expect((await sim.stats()).requests[ROUTES.addAttributes]).toBe(50);
    const log = gateway.output();
    expect(log).toMatch(/"event":"gateway.draining","inFlight":50/);
    expect(log).toContain('"gateway.stopped"');
    expect(log).not.toContain('"gateway.grace_expired"');
  });

  it('cuts what is still running when the grace period ends, and still exits 0', async () => {
    const gateway = await startGatewayProcess(env({ SHUTDOWN_GRACE_MS: '200', CONNECTFI_TIMEOUT_MS: '60000' }));
    await postGraphQL(gateway.url, ADD_KYC_ATTRIBUTES, cardInput(WAITING), auth);
    proxy.hold(ROUTES.addAttributes);
    const inFlight = Array.from({ length: 5 }, () =>
      postGraphQL(gateway.url, ADD_KYC_ATTRIBUTES, cardInput(WAITING), auth).then(() => 'answered', () => 'cut'),
    );
    await proxy.waitForHeld(5);
    expect(await gateway.stop('SIGTERM')).toBe(0);
    expect(await Promise.all(inFlight)).toEqual(Array(5).fill('cut'));
    expect(gateway.output()).toContain('"gateway.grace_expired"');
  });
});
