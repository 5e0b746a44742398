// Abuse limits and hygiene over HTTP: depth/alias/cost/token limits, introspection and the landing page in
// production, CSRF prevention, error masking, body and JSON-nesting limits, and the GraphQL-over-HTTP audits.
import { request as httpRequest } from 'node:http';
import { serverAudits } from 'graphql-http';
import { ADD_KYC_ATTRIBUTES, WAITING, cardInput } from './helpers/operations.js';
import { ROUTES, startStack, type Stack } from './helpers/stack.js';

const API_KEY = 'security-test-key-5d1e0c7b9a';
const AUTH = { authorization: `Bearer ${API_KEY}` };

// The README's client query, verbatim.
const README_MUTATION = /* GraphQL */ `
  mutation AddKycAttributes($input: AddKycAttributesInput!) {
    addKycAttributes(input: $input) {
      __typename
      ... on AddKycAttributesSuccess {
        requestId
        customer { customerId kycStatus }
        kyc { status attributeCodes }
        kycDocumentList { id label documentSide uploadStatus }
        kycAttributes { cardAttributes { productId nameOnCard designId addressType issueType additionalData } }
      }
      ... on InvalidInputError { code message fields { path message } }
      ... on KycStatusConflictError { code message requestId requiredStatus }
      ... on CustomerNotFoundError { code message requestId customerId }
      ... on UpstreamError { code message requestId retryable outcome }
    }
  }
`;
const README_CURL_MUTATION =
  'mutation Add($input: AddKycAttributesInput!) { addKycAttributes(input: $input) { __typename ... on ErrorResult { code message requestId } ... on AddKycAttributesSuccess { requestId kyc { status attributeCodes } kycAttributes { cardAttributes { productId issueType } } } } }';

// What a federation router sends a subgraph.
const SERVICE_SDL = 'query __ApolloGetServiceDefinition__ { _service { sdl } }';
const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Customer {
        customerId reference customerType kycStatus createdAt
        kyc { status system mode attributeCodes }
        kycDocumentList { id label type documentSide uploadStatus extension }
      }
    }
  }
`;

/** Markers of internals that must never reach a client. */
const INTERNALS = /stacktrace|\n\s+at |\bat [\w.<>]+ \(|node_modules|\/src\/|\/dist\/|\.[cm]?[jt]s:\d+|TypeError|RangeError|ReferenceError|loader\.load|_entities resolver|Maximum call stack/;

interface RawResponse { status: number; headers: Headers; text: string; body: any }

async function raw(url: string, init: RequestInit = {}): Promise<RawResponse> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

function post(stack: Stack, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return raw(`${stack.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...AUTH, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Every error has a code, and nothing in the body looks like a stack trace or an internal message. */
function expectClean(res: RawResponse) {
  expect(res.status).toBeLessThan(500);
  expect(res.text).not.toMatch(INTERNALS);
  for (const error of res.body?.errors ?? []) expect(typeof error.extensions?.code).toBe('string');
}

const codes = (res: RawResponse) => (res.body?.errors ?? []).map((e: any) => e.extensions?.code);

describe('with the default limits', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_API_KEYS: API_KEY }, headers: AUTH });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sim.reset());

  describe('lets normal operations through', () => {
    it.each([
      ["the README's client query", README_MUTATION],
      ["the README's curl query", README_CURL_MUTATION],
      ["the tests' client query", ADD_KYC_ATTRIBUTES],
    ])('%s', async (_, query) => {
      const r = await stack.gql(query, cardInput(WAITING, { additionalData: { tier: 'gold', nested: { a: { b: [1, 2, { c: true }] } } } }));
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.addKycAttributes.__typename).toBe('AddKycAttributesSuccess');
    });

    it("federation's _service and _entities queries", async () => {
      const sdl = await stack.gql(SERVICE_SDL);
      expect(sdl.status).toBe(200);
      expect(sdl.body.data._service.sdl).toContain('type Customer');
      const entities = await stack.gql(ENTITIES, { representations: [{ __typename: 'Customer', customerId: WAITING }] });
      expect(entities.body.errors).toBeUndefined();
      expect(entities.body.data._entities[0]).toMatchObject({ customerId: WAITING, kycStatus: 'WAITING_DATA' });
    });

    it('the standard introspection query (outside production)', async () => {
      const { getIntrospectionQuery } = await import('graphql');
      const r = await stack.gql(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true }));
      expect(r.status).toBe(200);
      expect(r.body.data.__schema.mutationType.name).toBe('Mutation');
    });
  });

  describe('refuses abusive operations before any connectFi call', () => {
    const aliases = Array.from({ length: 11 }, (_, i) => `a${i}: addKycAttributes(input: $input) { __typename }`).join('\n');
    it.each([
      ['too deep', 'GRAPHQL_VALIDATION_FAILED', /depth limit of 8/,
        '{ __type(name: "Query") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }'],
      ['too many aliases (11 mutations in one request)', 'GRAPHQL_VALIDATION_FAILED', /Aliases limit of 10/,
        `mutation Many($input: AddKycAttributesInput!) { ${aliases} }`],
      ['too costly', 'GRAPHQL_VALIDATION_FAILED', /Cost limit of 1000/,
        `{ customer(customerId: "${WAITING}") { ... on Customer { kyc { ${'status '.repeat(600)} } } } }`],
      ['too many tokens', 'GRAPHQL_PARSE_FAILED', /more tha[nt] 1000 tokens/,
        `{ customer(customerId: "${WAITING}") { ${'__typename '.repeat(1200)} } }`],
      ['too many directives', 'GRAPHQL_VALIDATION_FAILED', /Directives limit of 50/,
        `{ ${'__typename @include(if: true) '.repeat(51)} }`],
    ])('%s', async (_, code, message, query) => {
      const r = await post(stack, { query, variables: cardInput(WAITING) });
      expect(r.status).toBe(400);
      expect(codes(r)).toEqual([code]);
      expect(r.body.errors[0].message).toMatch(message);
      expect(r.body.data).toBeUndefined();
      expectClean(r);
      expect((await stack.sim.stats()).requests).toEqual({});
    });

    it('batched requests', async () => {
      const r = await post(stack, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
      expect(r.status).toBe(400);
      expect(codes(r)).toEqual(['BAD_REQUEST']);
    });
  });

  describe('masks unexpected errors, keeps client errors readable', () => {
    it('masks an unexpected internal error (a TypeError in a resolver) and logs it instead', async () => {
      // connectFi answers a status read with code "0" and a KYC bundle without its customer: the Customer field
      // resolvers then read a property of undefined, a plain bug-shaped TypeError with an internal message.
      const broken = await startStack({ env: { GATEWAY_API_KEYS: API_KEY }, headers: AUTH, proxy: true });
      try {
        broken.proxy!.rewriteAnswers((route, status, body) => {
          if (route === ROUTES.status && status === 200) delete body.data.customer;
          return body;
        });
        const r = await post(broken, { query: `{ customer(customerId: "${WAITING}") { __typename ... on Customer { customerId kycStatus } } }` });
        expect(r.status).toBe(200);
        expect(r.body.errors).toEqual([{
          message: 'Internal server error', locations: expect.any(Array), path: ['customer', 'kycStatus'], extensions: { code: 'INTERNAL_SERVER_ERROR' },
        }]);
        expect(r.text).not.toMatch(INTERNALS);
        expect(r.text).not.toMatch(/Cannot read|undefined|bundle/);
        expect(broken.proxy!.calls[ROUTES.status]).toBe(1); // the rewritten answer is what the resolver read
        // The detail stays in the log.
        const logged = broken.logLines.filter((l) => l.includes('"graphql.internal_error"')).map((l) => JSON.parse(l));
        expect(logged).toEqual([expect.objectContaining({
          path: ['customer', 'kycStatus'], err: expect.objectContaining({ type: 'TypeError', message: expect.stringMatching(/Cannot read properties of undefined/) }),
        })]);
      } finally {
        await broken.close();
      }
    });

    it('masks errors thrown by libraries (an entity of an unknown type)', async () => {
      const r = await post(stack, { query: '{ _entities(representations: [{ __typename: "Nope", customerId: "x" }]) { __typename } }' });
      expectClean(r);
      expect(r.status).toBe(200);
      expect(r.body.errors).toEqual([expect.objectContaining({
        message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' }, path: ['_entities'],
      })]);
      const logged = stack.logLines.filter((l) => l.includes('"graphql.internal_error"')).map((l) => JSON.parse(l));
      expect(logged.some((l) => JSON.stringify(l).includes('no object or interface type'))).toBe(true); // the detail stays in the log
    });

    it("keeps the code and message of the resolvers' own errors (a federation entity not found)", async () => {
      const r = await post(stack, { query: ENTITIES, variables: { representations: [{ __typename: 'Customer', customerId: 'cstap_nobodyHere' }] } });
      expectClean(r);
      expect(r.body.errors).toEqual([expect.objectContaining({
        message: expect.any(String), path: ['_entities', 0], extensions: expect.objectContaining({ code: 'customerNotFound' }),
      })]);
      expect(r.body.errors[0].message).not.toBe('Internal server error');
    });

    it.each<[string, () => Promise<RawResponse>, number, string]>([
      ['malformed JSON', () => post(stack, '{"query": "{ __typename }"'), 400, 'BAD_REQUEST'],
      ['a JSON array of junk', () => post(stack, '[1, "two", null]'), 400, 'BAD_REQUEST'],
      ['a non-string query', () => post(stack, { query: { not: 'a string' } }), 400, 'BAD_REQUEST'],
      ['an empty body', () => post(stack, ''), 400, 'BAD_REQUEST'],
      ['a GraphQL syntax error', () => post(stack, { query: '{ customer(' }), 400, 'GRAPHQL_PARSE_FAILED'],
      ['an unknown field', () => post(stack, { query: '{ nope }' }), 400, 'GRAPHQL_VALIDATION_FAILED'],
      ['a variable of the wrong type', () => post(stack, { query: README_MUTATION, variables: { input: 42 } }), 400, 'BAD_USER_INPUT'],
      ['a missing operation', () => post(stack, { query: 'query A { __typename } query B { __typename }', operationName: 'C' }), 400, 'OPERATION_RESOLUTION_FAILURE'],
      ['JSON nested 65 levels deep', () => post(stack, { query: '{ __typename }', variables: { deep: JSON.parse('['.repeat(65) + ']'.repeat(65)) } }), 400, 'BAD_REQUEST'],
      ['a PUT', () => raw(`${stack.gateway.url}/graphql`, { method: 'PUT', headers: AUTH }), 405, 'BAD_REQUEST'],
      ['a form post (CSRF)', () => post(stack, 'query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }), 400, 'BAD_REQUEST'],
      ['a GET without a preflight header (CSRF)', () => raw(`${stack.gateway.url}/graphql?query=%7B__typename%7D`, { headers: AUTH }), 400, 'BAD_REQUEST'],
    ])('%s', async (_, send, status, code) => {
      const r = await send();
      expectClean(r);
      expect(r.status).toBe(status);
      expect(codes(r)).toEqual([code]);
      expect(r.body.errors[0].message).not.toBe('Internal server error');
    });

    it('answers 405 with Allow for methods other than GET and POST', async () => {
      const r = await raw(`${stack.gateway.url}/graphql`, { method: 'DELETE', headers: AUTH });
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, POST');
    });

    it('accepts a GET query with a preflight header, and refuses a mutation over GET', async () => {
      const get = (query: string) => raw(`${stack.gateway.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { ...AUTH, 'apollo-require-preflight': 'true' } });
      const query = await get('{ __typename }');
      expect(query.status).toBe(200);
      expect(query.body).toEqual({ data: { __typename: 'Query' } });
      const mutation = await get('mutation { __typename }');
      expect(mutation.status).toBe(405);
      expectClean(mutation);
    });
  });

  describe('body limits', () => {
    it('answers 413 to a body over 65536 bytes, without reaching connectFi', async () => {
      const input = cardInput(WAITING, { additionalData: { padding: 'x'.repeat(70_000) } });
      const r = await post(stack, { query: README_MUTATION, variables: input });
      expect(r.status).toBe(413);
      expect(codes(r)).toEqual(['BAD_REQUEST']);
      expect((await stack.sim.stats()).requests).toEqual({});
    });

    it('takes a body just under the limit', async () => {
      const r = await post(stack, { query: '{ __typename }', extensions: { padding: 'x'.repeat(65_000) } });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ data: { __typename: 'Query' } });
    });

    it('refuses JSON nested deeper than 64 levels, e.g. in additionalData, without reaching connectFi', async () => {
      // 30,000 levels of [ fit in 64 KiB; walked recursively they would overflow the stack.
      const variables = JSON.stringify(cardInput(WAITING, { additionalData: { deep: null } })).replace('"deep":null', `"deep":${'['.repeat(30_000)}${']'.repeat(30_000)}`);
      const r = await post(stack, `{"query":${JSON.stringify(README_MUTATION)},"variables":${variables}}`);
      expect(r.status).toBe(400);
      expect(codes(r)).toEqual(['BAD_REQUEST']);
      expect(r.body.errors[0].message).toMatch(/nested more than 64 levels/);
      expect((await stack.sim.stats()).requests).toEqual({});
      expect((await fetch(`${stack.gateway.url}/health`)).status).toBe(200);
    });
  });
});

describe('GATEWAY_MAX_BODY_BYTES', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_MAX_BODY_BYTES: '2048' } });
  });
  afterAll(() => stack.close());

  it('applies to declared and to chunked bodies', async () => {
    const body = JSON.stringify({ query: '{ __typename }', extensions: { padding: 'x'.repeat(3000) } });
    expect((await post(stack, body)).status).toBe(413);
    // Chunked: no Content-Length, so the limit is found while reading.
    const { port } = new URL(stack.gateway.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(body.slice(0, 1500));
      req.end(body.slice(1500));
    });
    expect(status).toBe(413);
    expect((await post(stack, { query: '{ __typename }' })).status).toBe(200);
  });
});

describe('in production (NODE_ENV=production)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { NODE_ENV: 'production', GATEWAY_API_KEYS: API_KEY }, headers: AUTH });
  });
  afterAll(() => stack.close());

  it.each([
    ['__schema', '{ __schema { queryType { name } } }'],
    ['__type', '{ __type(name: "Customer") { fields { name } } }'],
  ])('refuses introspection (%s)', async (_, query) => {
    const r = await post(stack, { query });
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(r.body.errors[0].message).toMatch(/introspection is not allowed/);
  });

  it('serves no landing page', async () => {
    const r = await raw(`${stack.gateway.url}/graphql`, { headers: { ...AUTH, accept: 'text/html', 'apollo-require-preflight': 'true' } });
    // Without a landing page, a request that accepts only HTML has nothing to be answered with.
    expect(r.status).toBe(406);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(codes(r)).toEqual(['BAD_REQUEST']);
    expect(r.text).not.toMatch(/<html/i);
  });

  it('gives no field suggestions', async () => {
    const r = await post(stack, { query: '{ custmer(customerId: "x") { __typename } }' });
    expect(codes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(r.body.errors[0].message).not.toMatch(/Did you mean/);
  });

  it('still serves operations', async () => {
    const r = await stack.gql(README_MUTATION, cardInput(WAITING));
    expect(r.body.data.addKycAttributes.__typename).toBe('AddKycAttributesSuccess');
  });

  it('re-enables introspection and the landing page with GATEWAY_INTROSPECTION=true', async () => {
    const open = await startStack({ env: { NODE_ENV: 'production', GATEWAY_INTROSPECTION: 'true', GATEWAY_API_KEYS: API_KEY }, headers: AUTH });
    try {
      const r = await post(open, { query: '{ __schema { queryType { name } } }' });
      expect(r.status).toBe(200);
      expect(r.body.data.__schema.queryType.name).toBe('Query');
      const page = await raw(`${open.gateway.url}/graphql`, { headers: { ...AUTH, accept: 'text/html', 'apollo-require-preflight': 'true' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/html/);
    } finally {
      await open.close();
    }
  });
});

describe('GraphQL over HTTP (graphql-http server audits)', () => {
  let stack: Stack;
  let anonymous: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_API_KEYS: API_KEY } });
    anonymous = await startStack();
  });
  afterAll(async () => {
    await stack.close();
    await anonymous.close();
  });

  const withAuth: typeof fetch = (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', AUTH.authorization);
    return fetch(input, { ...init, headers });
  };
  // Every MUST audit of graphql-http runs, against both gateways: none is skipped as not applicable.
  const audits = (target: () => Stack, fetchFn?: typeof fetch) =>
    serverAudits({ url: () => `${target().gateway.url}/graphql`, fetchFn }).filter((audit) => audit.name.startsWith('MUST'));

  it.each(audits(() => stack, withAuth).map((audit) => [audit.id, audit.name, audit] as const))('with an API key: %s %s', async (_, __, audit) => {
    const result = await audit.fn();
    expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
  });

  it.each(audits(() => anonymous).map((audit) => [audit.id, audit.name, audit] as const))('anonymous (simulator): %s %s', async (_, __, audit) => {
    const result = await audit.fn();
    expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
  });

  it('refuses every request of every audit run without the API key: 401 UNAUTHENTICATED, nothing reaches connectFi', async () => {
    await stack.sim.reset();
    const answers: Array<{ status: number; code: unknown; challenge: string | null }> = [];
    const recording: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const body = (await res.clone().json().catch(() => undefined)) as { errors?: Array<{ extensions?: { code?: unknown } }> } | undefined;
      answers.push({ status: res.status, code: body?.errors?.[0]?.extensions?.code, challenge: res.headers.get('www-authenticate') });
      return res;
    };
    const run = audits(() => stack, recording);
    const results = await Promise.all(run.map((audit) => audit.fn()));
    // Each audit fails, and for the one reason that its request was refused.
    expect(results.map((r) => ({ id: r.id, status: r.status, reason: r.status === 'ok' ? undefined : r.reason }))).toEqual(
      run.map((audit) => ({ id: audit.id, status: 'error', reason: 'Response status code is not 200' })),
    );
    expect(answers.length).toBeGreaterThanOrEqual(run.length);
    expect(answers).toEqual(answers.map(() => ({ status: 401, code: 'UNAUTHENTICATED', challenge: 'Bearer' })));
    const stats = await stack.sim.stats();
    expect(stats.requests).toEqual({});
    expect(stats.logins).toBe(0);
  });
});
