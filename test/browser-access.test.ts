// What browsers get: CORS for the listed origins only, and trusted documents for end users (JWT and anonymous
// callers) while services (API keys) may send any operation.
import { readFileSync } from 'node:fs';
import { JWT_SECRET, endUserJwt } from './helpers/jwt.js';
import { WAITING } from './helpers/operations.js';
import { startStack, type Stack } from './helpers/stack.js';

const APP = 'https://app.example.com';
const API_KEY = 'browser-access-test-key-0123456';
const MANIFEST_PATH = 'examples/generated/persisted-documents.json';
const manifest: Record<string, string> = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'));
const [CUSTOMER_STATUS_ID, CUSTOMER_STATUS] = Object.entries(manifest).find(([, text]) => text.startsWith('query CustomerStatus'))!;

describe('CORS_ORIGINS', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CORS_ORIGINS: `${APP},http://localhost:5173` } });
  });
  afterAll(() => stack.close());

  const preflight = (origin: string) => fetch(`${stack.gateway.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });

  it('answers an allowed origin\'s preflight with 204 and the CORS headers, without credentials', async () => {
    const res = await preflight(APP);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST');
    const allowed = res.headers.get('access-control-allow-headers')!.split(',');
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name']));
    expect(res.headers.get('access-control-max-age')).toBe('7200');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('adds Access-Control-Allow-Origin and Vary: Origin to an allowed origin\'s actual response', async () => {
    const res = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST', headers: { origin: APP, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('gives any other origin no Access-Control-Allow-* header, on the preflight or the response', async () => {
    const refused = await preflight('https://evil.example.com');
    expect(refused.status).toBe(405);
    const res = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST', headers: { origin: 'https://evil.example.com', 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }),
    });
    for (const r of [refused, res]) expect([...r.headers.keys()].filter((name) => name.startsWith('access-control-allow'))).toEqual([]);
  });

  it('keeps CSRF prevention: a GET without a preflight-forcing header is refused', async () => {
    const res = await fetch(`${stack.gateway.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { origin: APP } });
    expect(res.status).toBe(400);
  });
});

describe('GATEWAY_TRUSTED_DOCUMENTS', () => {
  let stack: Stack;
  let jwt: string;
  const calls = async () => Object.values((await stack.sim.stats()).requests).reduce((a, b) => a + b, 0);
  const post = (body: unknown, authorization: string) => fetch(`${stack.gateway.url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_TRUSTED_DOCUMENTS: MANIFEST_PATH, GATEWAY_JWT_SECRET: JWT_SECRET, GATEWAY_API_KEYS: API_KEY } });
    jwt = `Bearer ${await endUserJwt('user-a', { customer_id: WAITING })}`;
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sim.reset());

  it('refuses an end user\'s raw query with TRUSTED_DOCUMENT_REQUIRED, before anything reaches connectFi', async () => {
    for (const query of [CUSTOMER_STATUS, '{ _service { sdl } }']) {
      const r = await post({ query, variables: { customerId: WAITING } }, jwt);
      expect(r.status).toBe(400);
      expect(r.body.errors[0].extensions.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    }
    expect(await calls()).toBe(0);
  });

  it.each([['a bare hash', (id: string) => id], ['sha256:<hash>', (id: string) => `sha256:${id}`]])(
    'runs an end user\'s documentId given as %s', async (_, form) => {
      const r = await post({ documentId: form(CUSTOMER_STATUS_ID), variables: { customerId: WAITING } }, jwt);
      expect(r.body.errors).toBeUndefined();
      expect(r.status).toBe(200);
      expect(r.body.data.customer.__typename).toBe('Customer');
    });

  it('runs a documentId by GET, and Apollo\'s persistedQuery hash without a query', async () => {
    const search = new URLSearchParams({ documentId: CUSTOMER_STATUS_ID, variables: JSON.stringify({ customerId: WAITING }) });
    const get = await fetch(`${stack.gateway.url}/graphql?${search}`, { headers: { authorization: jwt, 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(((await get.json()) as any).data.customer.__typename).toBe('Customer');
    const apq = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: CUSTOMER_STATUS_ID } }, variables: { customerId: WAITING } }, jwt);
    expect(apq.body.data.customer.__typename).toBe('Customer');
  });

  it('answers an unknown documentId with PERSISTED_QUERY_NOT_FOUND, reaching nothing', async () => {
    const r = await post({ documentId: '0'.repeat(64), variables: { customerId: WAITING } }, jwt);
    expect(r.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await calls()).toBe(0);
  });

  it('lets a service (API key) send any operation', async () => {
    const r = await post({ query: '{ _service { sdl } }' }, `Bearer ${API_KEY}`);
    expect(r.status).toBe(200);
    expect(r.body.data._service.sdl).toContain('type Customer');
  });

  it('stops start-up naming the variable when the manifest is missing or not a manifest', async () => {
    const { loadConfig, ConfigError } = await import('../src/config.js');
    for (const path of ['does/not/exist.json', 'package.json']) {
      expect(() => loadConfig({ GATEWAY_TRUSTED_DOCUMENTS: path })).toThrow(ConfigError);
      expect(() => loadConfig({ GATEWAY_TRUSTED_DOCUMENTS: path })).toThrow(/GATEWAY_TRUSTED_DOCUMENTS/);
    }
  });
});
