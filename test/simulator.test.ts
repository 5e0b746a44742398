// The embedded connectFi simulator over real HTTP: wire format (API.md 2, 4, 5.4, 8), faults, stats and the control API.
import { startSimulator } from '../src/simulator/index.js';
import type { Simulator } from '../src/simulator/index.js';
import { fakeDate } from './helpers/clock.js';
import { waitUntil, within } from './helpers/wait.js';

const HEX32 = /^[0-9a-f]{32}$/;
const ADD = '/customer/kyc/add-attributes';
const ADD_KEY = 'POST /customer/kyc/add-attributes';
const STATUS_KEY = 'GET /customer/kyc/status/:customerId';
const WAITING = 'cstap_demoWaitingData1';

interface Answer {
  status: number;
  json: any; // wire bodies, checked field by field below
}

let sim: Simulator;
let token: string;

/** tok null = send no x-connectfi-token header. A string body is sent as is (for broken JSON). */
async function request(method: string, path: string, body?: unknown, tok: string | null = token): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (tok !== null) headers['x-connectfi-token'] = tok;
  const res = await fetch(sim.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

const post = (path: string, body?: unknown, tok: string | null = token) => request('POST', path, body, tok);
const get = (path: string) => request('GET', path);
const control = (name: string, body: unknown = {}) => request('POST', `/__sim/${name}`, body, null);
const stats = async () => (await request('GET', '/__sim/stats', undefined, null)).json;
const recorded = async (routeKey: string) =>
  (await request('GET', `/__sim/requests?route=${encodeURIComponent(routeKey)}`, undefined, null)).json.bodies;

async function login(s: Simulator = sim, password = 'demo-password'): Promise<Answer> {
  const res = await fetch(`${s.url}/auth/get-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: { login: 'demo', password } }),
  });
  return { status: res.status, json: await res.json() };
}

function cardAttributes(overrides: Record<string, unknown> = {}) {
  return {
    productID: 'Virtual_Debit_Card',
    nameOnCard: 'JOHN TESTMAN',
    designId: '1',
    addressType: 'PRIMARY',
    issueType: 'RE-ISSUE',
    additionalData: {},
    ...overrides,
  };
}

const addBody = (customerId = WAITING, card: unknown = cardAttributes()) => ({
  customerId,
  additionalAttributes: { cardAttributes: card },
});

async function setFaults(faults: unknown[]) {
  expect((await control('faults', { faults })).status).toBe(200);
}

beforeAll(async () => {
  sim = await startSimulator();
  token = (await login()).json.data.token;
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  expect((await control('reset')).status).toBe(200);
});

describe('authentication', () => {
  test('login answers a 66-character token and its expiry', async () => {
    const before = Date.now();
    const { status, json } = await login();
    expect(status).toBe(200);
    expect(json.code).toBe('0');
    expect(json.data.token).toMatch(/^[0-9A-Za-z]{66}$/);
    expect(json.data.dtsExpireAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const expiresAt = Date.parse(json.data.dtsExpireAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect((await stats()).logins).toBe(1);
  });

  test('wrong password: 401 unauthorized without requestId, not counted as a login', async () => {
    const { status, json } = await login(sim, 'wrong');
    expect(status).toBe(401);
    expect(json).toEqual({ code: 'unauthorized', message: 'Authentication error' });
    expect((await stats()).logins).toBe(0);
  });

  test('missing user: 400 requestValidateError', async () => {
    const { status, json } = await post('/auth/get-token', {}, null);
    expect(status).toBe(400);
    expect(json.code).toBe('requestValidateError');
    expect(json.context).toEqual([
      { instancePath: '', schemaPath: '#/required', keyword: 'required', params: { missingProperty: 'user' }, message: "must have required property 'user'" },
    ]);
  });

  test('the password never shows up in recorded bodies', async () => {
    await login();
    expect(await recorded('POST /auth/get-token')).toEqual([{ user: { login: 'demo', password: '[redacted]' } }]);
  });

  test('no token or an unknown token: 401 with requestId, nothing done', async () => {
    for (const tok of [null, 'not-a-token']) {
      const { status, json } = await post(ADD, addBody(), tok);
      expect(status).toBe(401);
      expect(json).toEqual({ code: 'unauthorized', message: 'Authentication error', requestId: expect.stringMatching(HEX32) });
    }
    expect((await get(`/customer/kyc/status/${WAITING}`)).json.data.kycAttributes).toBeUndefined();
  });

  test('expire-tokens makes every token answer 401; a new login works', async () => {
    const own = (await login()).json.data.token;
    await control('expire-tokens');
    expect((await post(ADD, addBody(), own)).status).toBe(401);
    expect((await post(ADD, addBody(), token)).status).toBe(401);
    token = (await login()).json.data.token;
    expect((await get(`/customer/kyc/status/${WAITING}`)).status).toBe(200);
  });

  test('a short TTL expires; older tokens survive a login unless revokeOnLogin', async () => {
    const clock = fakeDate(); // the token store reads Date.now(): the test moves it, nothing sleeps
    const keep = await startSimulator({ tokenTtlMs: 150 });
    const revoke = await startSimulator({ revokeOnLogin: true });
    try {
      const statusWith = async (s: Simulator, tok: string) =>
        (await fetch(`${s.url}/customer/kyc/status/${WAITING}`, { headers: { 'x-connectfi-token': tok } })).status;
      const issuedAt = Date.now();
      const firstLogin = (await login(keep)).json.data;
      expect(firstLogin.dtsExpireAt).toBe(new Date(issuedAt + 150).toISOString());
      const first = firstLogin.token;
      clock.advance(100);
      const second = (await login(keep)).json.data.token;
      clock.advance(49); // 149 ms after the first login: both valid
      expect(await statusWith(keep, first)).toBe(200);
      expect(await statusWith(keep, second)).toBe(200);
      clock.advance(1); // 150 ms: the first has expired, the second has 100 ms left
      expect(await statusWith(keep, first)).toBe(401);
      expect(await statusWith(keep, second)).toBe(200);
      clock.advance(100);
      expect(await statusWith(keep, second)).toBe(401);

      const old = (await login(revoke)).json.data.token;
      const latest = (await login(revoke)).json.data.token;
      expect(await statusWith(revoke, old)).toBe(401);
      expect(await statusWith(revoke, latest)).toBe(200);
    } finally {
      clock.restore();
      await Promise.all([keep.close(), revoke.close()]);
    }
  });
});

describe('POST /customer/kyc/add-attributes', () => {
  test('success: KYC bundle in data, kycAttributes at top level, fresh requestId', async () => {
    const body = addBody();
    const { status, json } = await post(ADD, body);
    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual(['code', 'data', 'kycAttributes', 'requestId']);
    expect(json.code).toBe('0');
    expect(json.requestId).toMatch(HEX32);
    expect(json.kycAttributes).toEqual(body.additionalAttributes);
    expect(json.data.kycAttributes).toBeUndefined();
    expect(json.data.customer).toMatchObject({ customerId: WAITING, customerType: 'individual', kycStatus: 'WAITING_DATA', boises: [] });
    expect(json.data.customer.customer).toEqual({ firstName: expect.any(String), lastName: expect.any(String), gender: expect.any(String) });
    expect(json.data.kyc).toEqual({ attributeCodes: [], system: 'condor', mode: 'licenseUSACondor', status: 'WAITING_DATA' });
    expect(json.data.kycDocumentList).toEqual([
      { id: expect.stringMatching(/^doc_[0-9A-Za-z]{22}$/), label: 'LICENSE FRONT', type: 'LICENSE', documentSide: 'FRONT', uploadStatus: false },
      { id: expect.stringMatching(/^doc_[0-9A-Za-z]{22}$/), label: 'LICENSE BACK', type: 'LICENSE', documentSide: 'BACK', uploadStatus: false },
    ]);

    const bodies = await recorded(ADD_KEY);
    expect(bodies).toEqual([body]);
    expect(bodies[0].additionalAttributes.cardAttributes).toMatchObject({ productID: 'Virtual_Debit_Card', issueType: 'RE-ISSUE' });
  });

  test('each answer has its own requestId', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) ids.add((await post(ADD, addBody('cstap_demoWaitingData2'))).json.requestId);
    expect(ids.size).toBe(3);
  });

  test('without additionalAttributes: 400 exception, no message', async () => {
    for (const additionalAttributes of [undefined, null]) {
      const { status, json } = await post(ADD, { customerId: WAITING, additionalAttributes });
      expect(status).toBe(400);
      expect(json).toEqual({ code: 'exception', requestId: expect.stringMatching(HEX32) });
    }
  });

  test('requestValidateError lists every problem', async () => {
    const { status, json } = await post(ADD, { additionalAttributes: { cardAttributes: { productID: 'P', designId: 1 } } });
    expect(status).toBe(400);
    expect(json.code).toBe('requestValidateError');
    expect(json.requestId).toMatch(HEX32);
    const card = '/additionalAttributes/cardAttributes';
    const cardSchema = '#/properties/additionalAttributes/properties/cardAttributes';
    const missing = (name: string) => ({
      instancePath: card,
      schemaPath: `${cardSchema}/required`,
      keyword: 'required',
      params: { missingProperty: name },
      message: `must have required property '${name}'`,
    });
    expect(json.context).toEqual([
      { instancePath: '', schemaPath: '#/required', keyword: 'required', params: { missingProperty: 'customerId' }, message: "must have required property 'customerId'" },
      missing('nameOnCard'),
      missing('addressType'),
      missing('issueType'),
      missing('additionalData'),
      { instancePath: `${card}/designId`, schemaPath: `${cardSchema}/properties/designId/type`, keyword: 'type', params: { type: 'string' }, message: 'must be string' },
    ]);
  });

  test('values outside the documented lists: enum errors', async () => {
    const { status, json } = await post(ADD, addBody(WAITING, cardAttributes({ addressType: 'WORK', issueType: 'REISSUE', additionalData: [] })));
    expect(status).toBe(400);
    expect(json.context).toEqual([
      {
        instancePath: '/additionalAttributes/cardAttributes/addressType',
        schemaPath: '#/properties/additionalAttributes/properties/cardAttributes/properties/addressType/enum',
        keyword: 'enum',
        params: { allowedValues: ['PRIMARY', 'SECONDARY'] },
        message: 'must be equal to one of the allowed values',
      },
      {
        instancePath: '/additionalAttributes/cardAttributes/issueType',
        schemaPath: '#/properties/additionalAttributes/properties/cardAttributes/properties/issueType/enum',
        keyword: 'enum',
        params: { allowedValues: ['NEW', 'REGISTRATION', 'RE-ISSUE', 'EXPIRED', 'DAMAGED'] },
        message: 'must be equal to one of the allowed values',
      },
      {
        instancePath: '/additionalAttributes/cardAttributes/additionalData',
        schemaPath: '#/properties/additionalAttributes/properties/cardAttributes/properties/additionalData/type',
        keyword: 'type',
        params: { type: 'object' },
        message: 'must be object',
      },
    ]);
  });

  test('bad customerId: type and pattern errors', async () => {
    const typeError = await post(ADD, { customerId: 42, additionalAttributes: {} });
    expect(typeError.json.context).toEqual([
      { instancePath: '/customerId', schemaPath: '#/properties/customerId/type', keyword: 'type', params: { type: 'string' }, message: 'must be string' },
    ]);
    const patternError = await post(ADD, { customerId: 'bad id!', additionalAttributes: {} });
    expect(patternError.json.context).toEqual([
      {
        instancePath: '/customerId',
        schemaPath: '#/properties/customerId/pattern',
        keyword: 'pattern',
        params: { pattern: '^[0-9A-Za-z_-]{1,36}$' },
        message: 'must match pattern "^[0-9A-Za-z_-]{1,36}$"',
      },
    ]);
  });

  test('body that is not a JSON object', async () => {
    const notJson = await post(ADD, '{"customerId": ');
    expect(notJson.status).toBe(400);
    expect(notJson.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'requestValidateError', context: [] });
    const array = await post(ADD, []);
    expect(array.json.context).toEqual([{ instancePath: '', schemaPath: '#/type', keyword: 'type', params: { type: 'object' }, message: 'must be object' }]);
  });

  test('APPROVED customer: 400 statusNotWAITING_DATA', async () => {
    const { status, json } = await post(ADD, addBody('cstap_demoApproved1'));
    expect(status).toBe(400);
    expect(json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'statusNotWAITING_DATA', message: 'Need WAITING_DATA status' });
  });

  test('unknown customer: 400 customerNotFound', async () => {
    const { status, json } = await post(ADD, addBody('cstap_nobody'));
    expect(status).toBe(400);
    expect(json).toEqual({
      requestId: expect.stringMatching(HEX32),
      code: 'customerNotFound',
      context: { customerId: 'cstap_nobody' },
      message: 'Customer not found.',
    });
  });
});

describe('other connectFi endpoints', () => {
  test('kyc/status reports kycAttributes once stored', async () => {
    const before = await get(`/customer/kyc/status/${WAITING}`);
    expect(before.status).toBe(200);
    expect(before.json.requestId).toMatch(HEX32);
    expect(before.json.data.kyc.attributeCodes).toEqual(['cardAttributes']);
    expect(before.json.data.kycAttributes).toBeUndefined();

    const body = addBody();
    await post(ADD, body);
    const after = await get(`/customer/kyc/status/${WAITING}`);
    expect(after.json.data.kycAttributes).toEqual(body.additionalAttributes);
    expect(after.json.data.kyc).toMatchObject({ attributeCodes: [], status: 'WAITING_DATA' });
  });

  test('kyc/status and kyc/init for an unknown customer: customerNotFound', async () => {
    const status = await get('/customer/kyc/status/cstap_nobody');
    expect(status.status).toBe(400);
    expect(status.json).toMatchObject({ code: 'customerNotFound', context: { customerId: 'cstap_nobody' } });
    const init = await post('/customer/kyc/init', { customerId: 'cstap_nobody' });
    expect(init.status).toBe(400);
    expect(init.json.code).toBe('customerNotFound');
  });

  test('kyc/init answers the bundle', async () => {
    const { status, json } = await post('/customer/kyc/init', { customerId: 'cstap_demoApproved1', syncMode: false });
    expect(status).toBe(200);
    expect(json.data.customer.kycStatus).toBe('APPROVED');
    expect(json.data.kyc).toEqual({ attributeCodes: [], system: 'condor', mode: 'licenseUSACondor', status: 'APPROVED' });
  });

  test('unknown route: 404 notFound', async () => {
    const { status, json } = await get('/customer/kyc/nothing');
    expect(status).toBe(404);
    expect(json).toEqual({ code: 'notFound', requestId: expect.stringMatching(HEX32) });
  });
});

describe('faults', () => {
  const stored = async () => (await get(`/customer/kyc/status/${WAITING}`)).json.data.kycAttributes;

  test('status: answers that status without doing the operation', async () => {
    await setFaults([{ kind: 'status', route: ADD_KEY, status: 503, times: 1 }]);
    const { status, json } = await post(ADD, addBody());
    expect(status).toBe(503);
    expect(json).toEqual({ code: 'internalError', requestId: expect.stringMatching(HEX32) });
    expect(await stored()).toBeUndefined();
    expect((await post(ADD, addBody())).status).toBe(200); // times: 1 is used up
    expect((await stats()).faultsInjected).toEqual({ status: 1 });
  });

  test('reset: connection dropped, operation not done, body still recorded', async () => {
    await setFaults([{ kind: 'reset', route: ADD_KEY }]);
    await expect(post(ADD, addBody())).rejects.toThrow();
    expect(await stored()).toBeUndefined();
    const s = await stats();
    expect(s.faultsInjected).toEqual({ reset: 1 });
    expect(s.requests[ADD_KEY]).toBe(1);
    expect(s.inFlight).toBe(0);
    expect(await recorded(ADD_KEY)).toHaveLength(1);
  });

  test('truncate: operation done, 200 headers, body cut short', async () => {
    await setFaults([{ kind: 'truncate', route: ADD_KEY, times: 1 }]);
    const res = await fetch(sim.url + ADD, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-connectfi-token': token },
      body: JSON.stringify(addBody()),
    });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(await stored()).toBeDefined();
    expect((await stats()).faultsInjected).toEqual({ truncate: 1 });
  });

  test('expireToken: the presented token stops working', async () => {
    const own = (await login()).json.data.token;
    await setFaults([{ kind: 'expireToken', route: ADD_KEY, times: 1 }]);
    expect((await post(ADD, addBody(), own)).status).toBe(401);
    expect((await post(ADD, addBody(), own)).status).toBe(401); // still expired after the rule is used up
    expect((await post(ADD, addBody(), token)).status).toBe(200); // other tokens unaffected
    expect((await stats()).faultsInjected).toEqual({ expireToken: 1 });
  });

  test('latency: delays, then answers normally; combines with another rule', async () => {
    await setFaults([
      { kind: 'latency', route: ADD_KEY, latencyMs: 120 },
      { kind: 'status', route: ADD_KEY, times: 1 },
    ]);
    let started = Date.now();
    expect((await post(ADD, addBody())).status).toBe(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    started = Date.now();
    expect((await post(ADD, addBody())).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect((await stats()).faultsInjected).toEqual({ latency: 2, status: 1 });
  });

  test('rules without route hit every connectFi route; rate 0 never fires', async () => {
    await setFaults([{ kind: 'status', status: 502, rate: 0 }]);
    expect((await get(`/customer/kyc/status/${WAITING}`)).status).toBe(200);
    await setFaults([{ kind: 'status', status: 502, rate: 1 }]);
    expect((await get(`/customer/kyc/status/${WAITING}`)).status).toBe(502);
    expect((await post('/customer/kyc/init', { customerId: WAITING })).status).toBe(502);
    expect((await stats()).faultsInjected).toEqual({ status: 2 });
  });

  test('invalid rules are refused', async () => {
    const { status, json } = await control('faults', { faults: [{ kind: 'explode' }] });
    expect(status).toBe(400);
    expect(json.message).toMatch(/kind/);
  });
});

describe('control API', () => {
  test('stats count requests and responses; maxInFlight sees concurrent latency requests', async () => {
    await setFaults([{ kind: 'latency', route: STATUS_KEY, latencyMs: 150 }]);
    const answers = await Promise.all(Array.from({ length: 5 }, () => get(`/customer/kyc/status/${WAITING}`)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await post(ADD, addBody('cstap_demoApproved1'));
    const s = await stats();
    expect(s.requests).toEqual({ [STATUS_KEY]: 5, [ADD_KEY]: 1 });
    expect(s.responses).toEqual({ [STATUS_KEY]: { '200': 5 }, [ADD_KEY]: { '400': 1 } });
    expect(s.maxInFlight).toEqual({ [STATUS_KEY]: 5, [ADD_KEY]: 1 });
    expect(s.inFlight).toBe(0);
    expect(s.faultsInjected).toEqual({ latency: 5 });
    expect(s.logins).toBe(0);
  });

  test('customers: created with ids cstap_<prefix><n>, status-dependent attribute codes', async () => {
    const waiting = await control('customers', { count: 3, prefix: 'bench' });
    expect(waiting.json.customerIds).toEqual(['cstap_bench1', 'cstap_bench2', 'cstap_bench3']);
    expect((await get('/customer/kyc/status/cstap_bench2')).json.data.kyc).toMatchObject({ attributeCodes: ['cardAttributes'], status: 'WAITING_DATA' });
    expect((await post(ADD, addBody('cstap_bench2'))).status).toBe(200);

    const approved = await control('customers', { kycStatus: 'APPROVED' });
    expect(approved.json.customerIds).toHaveLength(1);
    expect(approved.json.customerIds[0]).toMatch(/^cstap_[0-9A-Za-z]{6}1$/);
    expect((await post(ADD, addBody(approved.json.customerIds[0]))).json.code).toBe('statusNotWAITING_DATA');

    expect((await control('customers', { count: 0 })).status).toBe(400);
  });

  test('reset restores the seeded state, forgets created customers, clears stats and faults; tokens stay valid', async () => {
    await post(ADD, addBody());
    await control('customers', { prefix: 'gone' });
    await setFaults([{ kind: 'status', route: 'POST /customer/kyc/init' }]);

    expect((await control('reset')).status).toBe(200);
    const s = await stats();
    expect(s).toEqual({
      requests: {}, responses: {}, logins: 0, inFlight: 0, maxInFlight: {}, faultsInjected: {},
      bytesReceived: { 'POST /customer/kyc/upload/:customerId/:documentId': 0, 'POST /akepa/document/upload/:documentId': 0 },
      webhooks: { sent: 0, dropped: 0, failed: 0 },
    });
    const status = await get(`/customer/kyc/status/${WAITING}`);
    expect(status.status).toBe(200); // same token still valid
    expect(status.json.data.kycAttributes).toBeUndefined();
    expect(status.json.data.kyc.attributeCodes).toEqual(['cardAttributes']);
    expect((await get('/customer/kyc/status/cstap_gone1')).json.code).toBe('customerNotFound');
    expect((await post('/customer/kyc/init', { customerId: WAITING })).status).toBe(200);
    expect(await recorded(ADD_KEY)).toEqual([]);
  });

  test('demo customers are announced', () => {
    expect(sim.demoCustomers.map((c) => [c.customerId, c.kycStatus])).toEqual([
      ['cstap_demoWaitingData1', 'WAITING_DATA'],
      ['cstap_demoWaitingData2', 'WAITING_DATA'],
      ['cstap_demoApproved1', 'APPROVED'],
      ['cstap_demoNoKyc1', 'WAITING_DATA'],
      ['cstap_demoWaitReview1', 'WAITING_DATA'],
    ]);
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
  });

  test('close() returns promptly despite keep-alive connections and pending latency', async () => {
    const other = await startSimulator({ seedDemoCustomers: false });
    expect(other.demoCustomers).toEqual([]);
    await fetch(`${other.url}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ faults: [{ kind: 'latency', latencyMs: 60_000 }] }),
    });
    const outcome = fetch(`${other.url}/customer/kyc/status/x`).then(() => 'answered', () => 'failed');
    // The request is inside its 60 s latency once the simulator counts it in flight.
    await waitUntil('the request to be in flight', async () => ((await (await fetch(`${other.url}/__sim/stats`)).json()) as { inFlight: number }).inFlight, (n) => n === 1);
    // close() must not wait for the latency: it resolves long before it (the bound only names the failure).
    await within('close() with a request in its 60 s latency', other.close(), 10_000);
    expect(await outcome).toBe('failed');
  });
});
