// Callers' authentication over HTTP: API keys, HS256 JWTs, JWTs checked against a JWKS served by a local HTTP
// server; every refused call is a 401 UNAUTHENTICATED that reaches nothing at connectFi (not even a login).
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK } from 'jose';
import { createAuthenticator } from '../src/auth.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { ADD_KYC_ATTRIBUTES, APPROVED, WAITING, cardInput } from './helpers/operations.js';
import { runToExit } from './helpers/process.js';
import { ROUTES, startStack, type Stack } from './helpers/stack.js';

const KEY_A = 'test-key-A-4f1c9a8e2b7d6c5a';
const KEY_B = 'test-key-B-9e8d7c6b5a4f3e2d';
const SECRET = 'an-hs256-secret-of-at-least-32-characters!';
const ISSUER = 'https://issuer.test/';
const AUDIENCE = 'connectfi-gateway';
const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });
const secretBytes = (secret: string) => new TextEncoder().encode(secret);

interface Claims { sub?: string; iss?: string; aud?: string; exp?: number | string; customer_id?: string | string[] }
// The customers the end user may act for (GATEWAY_JWT_CUSTOMER_CLAIM, default customer_id): the demo customers these tests use.
const CLAIMS: Claims = { sub: 'user-42', iss: ISSUER, aud: AUDIENCE, exp: '5m', customer_id: [WAITING, APPROVED] };

function signHs256(claims: Claims = CLAIMS, secret = SECRET): Promise<string> {
  return sign(new SignJWT({ customer_id: claims.customer_id }).setProtectedHeader({ alg: 'HS256' }), claims).sign(secretBytes(secret));
}

function sign(jwt: SignJWT, claims: Claims): SignJWT {
  jwt.setIssuedAt();
  if (claims.sub !== undefined) jwt.setSubject(claims.sub);
  if (claims.iss !== undefined) jwt.setIssuer(claims.iss);
  if (claims.aud !== undefined) jwt.setAudience(claims.aud);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  return jwt;
}

const anHourAgo = () => Math.floor(Date.now() / 1000) - 3600;

/** Sends the README mutation; expects a 401 and checks its shape. */
async function expectRefused(stack: Stack, headers: Record<string, string>) {
  const res = await fetch(`${stack.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: ADD_KYC_ATTRIBUTES, variables: cardInput(WAITING) }),
  });
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toBe('Bearer');
  const body = (await res.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
  expect(body.data).toBeUndefined();
  expect(body.errors).toEqual([{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }]);
  return body;
}

async function expectNothingReachedConnectFi(stack: Stack) {
  const stats = await stack.sim.stats();
  expect(stats.logins).toBe(0);
  expect(stats.requests[ROUTES.login] ?? 0).toBe(0);
  expect(stats.requests[ROUTES.addAttributes] ?? 0).toBe(0);
  expect(Object.values(stats.requests).reduce((a, b) => a + b, 0)).toBe(0);
}

const succeeds = async (stack: Stack, headers: Record<string, string>) => {
  const r = await stack.gql(ADD_KYC_ATTRIBUTES, cardInput(WAITING), headers);
  expect(r.status).toBe(200);
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.addKycAttributes.__typename).toBe('AddKycAttributesSuccess');
};

describe('with API keys and HS256 JWTs configured', () => {
  const env = {
    GATEWAY_API_KEYS: ` ${KEY_A} , ${KEY_B} `,
    GATEWAY_JWT_SECRET: SECRET,
    GATEWAY_JWT_ISSUER: ISSUER,
    GATEWAY_JWT_AUDIENCE: AUDIENCE,
  };

  describe('refused callers reach nothing', () => {
    // A fresh gateway that never served an authenticated call: any call getting through would need a login.
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ env });
    });
    afterAll(() => stack.close());

    const cases: Array<[string, () => Promise<Record<string, string>>]> = [
      ['no Authorization header', async () => ({})],
      ['an empty Authorization header', async () => ({ authorization: '' })],
      ['"Bearer" without a credential', async () => ({ authorization: 'Bearer ' })],
      ['another scheme (Basic)', async () => ({ authorization: `Basic ${Buffer.from(`u:${KEY_A}`).toString('base64')}` })],
      ['an unknown API key', async () => bearer('test-key-C-0000000000000000')],
      ['a known key with a suffix', async () => bearer(`${KEY_A}x`)],
      ['a known key cut short', async () => bearer(KEY_A.slice(0, -1))],
      ['a huge credential', async () => bearer('k'.repeat(10_000))],
      ['an expired JWT', async () => bearer(await signHs256({ ...CLAIMS, exp: anHourAgo() }))],
      ['a JWT for another audience', async () => bearer(await signHs256({ ...CLAIMS, aud: 'another-api' }))],
      ['a JWT from another issuer', async () => bearer(await signHs256({ ...CLAIMS, iss: 'https://evil.test/' }))],
      ['a JWT with a bad signature', async () => bearer(await signHs256(CLAIMS, 'another-secret-that-is-also-32-characters-long'))],
      ['a JWT with a tampered payload', async () => {
        const [header, , signature] = (await signHs256()).split('.');
        const payload = Buffer.from(JSON.stringify({ sub: 'admin', iss: ISSUER, aud: AUDIENCE, exp: anHourAgo() + 7200 })).toString('base64url');
        return bearer(`${header}.${payload}.${signature}`);
      }],
      ['an unsigned JWT (alg none)', async () => bearer(new UnsecuredJWT({}).setSubject('user-42').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').encode())],
      ['a JWT without exp', async () => bearer(await signHs256({ ...CLAIMS, exp: undefined }))],
      ['a JWT without sub', async () => bearer(await signHs256({ ...CLAIMS, sub: undefined }))],
      ['a JWT that is not yet valid', async () => bearer(await sign(new SignJWT({ customer_id: CLAIMS.customer_id }).setProtectedHeader({ alg: 'HS256' }).setNotBefore('1h'), CLAIMS).sign(secretBytes(SECRET)))],
    ];

    it.each(cases)('answers 401 UNAUTHENTICATED to %s', async (_, headers) => {
      await expectRefused(stack, await headers());
      await expectNothingReachedConnectFi(stack);
    });

    it('refuses GET queries too', async () => {
      const res = await fetch(`${stack.gateway.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('logs why, never the credential', async () => {
      const expired = await signHs256({ ...CLAIMS, exp: anHourAgo() });
      await expectRefused(stack, bearer(expired));
      await expectRefused(stack, bearer('test-key-D-1111111111111111'));
      const rejected = stack.logLines.filter((l) => l.includes('"auth.rejected"')).map((l) => JSON.parse(l));
      expect(rejected.map((l) => l.reason)).toEqual(expect.arrayContaining([expect.stringContaining('ERR_JWT_EXPIRED'), 'unknown API key, not a JWT']));
      const log = stack.logLines.join('\n');
      for (const secret of [expired, 'test-key-D-1111111111111111', KEY_A, KEY_B, SECRET]) expect(log).not.toContain(secret);
    });

    it('does not warn that callers are anonymous', () => {
      expect(stack.logLines.some((l) => l.includes('"auth.anonymous"'))).toBe(false);
    });
  });

  describe('operations endpoints', () => {
    // Its own gateway: /ready logs in to connectFi, which the block above must never see.
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ env });
    });
    afterAll(() => stack.close());

    it('needs no credentials for /health, /ready and /metrics, and answers them in full', async () => {
      const health = await fetch(`${stack.gateway.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${stack.gateway.url}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      const metrics = await fetch(`${stack.gateway.url}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await metrics.text();
      expect(text).toMatch(/^connectfi_logins_total\{result="ok"\} 1$/m); // the login /ready just made
      expect(text).toMatch(/^connectfi_circuit_breaker_state\{state="closed"\} 1$/m);
      expect((await stack.sim.stats()).logins).toBe(1);
    });
  });

  describe('accepted callers', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ env });
    });
    afterAll(() => stack.close());

    it('accepts either API key', async () => {
      await succeeds(stack, bearer(KEY_A));
      await succeeds(stack, bearer(KEY_B));
      await succeeds(stack, { authorization: `bearer   ${KEY_A}` }); // the scheme is case-insensitive
    });

    it('accepts a valid HS256 JWT', async () => {
      await succeeds(stack, bearer(await signHs256()));
    });

    it('still refuses a bad credential after good ones', async () => {
      await succeeds(stack, bearer(KEY_A));
      await stack.sim.reset();
      await expectRefused(stack, bearer(await signHs256({ ...CLAIMS, exp: anHourAgo() })));
      expect((await stack.sim.stats()).requests[ROUTES.addAttributes] ?? 0).toBe(0);
    });
  });
});

describe('with JWTs checked against a JWKS', () => {
  let jwksServer: Server;
  let jwksRequests = 0;
  let stack: Stack;
  let signingKey: CryptoKey;
  let otherKey: CryptoKey;
  const KID = 'key-2024';

  const signEs256 = (claims: Claims = CLAIMS, key = signingKey, kid = KID) =>
    sign(new SignJWT({ customer_id: claims.customer_id }).setProtectedHeader({ alg: 'ES256', kid }), claims).sign(key);

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    signingKey = pair.privateKey;
    otherKey = (await generateKeyPair('ES256')).privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'ES256', use: 'sig' };
    jwksServer = createServer((req, res) => {
      jwksRequests++;
      if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    stack = await startStack({
      env: { GATEWAY_JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`, GATEWAY_JWT_AUDIENCE: `other-api,${AUDIENCE}` },
    });
  });
  afterAll(async () => {
    await stack.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  it('refuses bad tokens before any connectFi call', async () => {
    await expectRefused(stack, {});
    await expectRefused(stack, bearer(await signEs256({ ...CLAIMS, exp: anHourAgo() })));
    await expectRefused(stack, bearer(await signEs256({ ...CLAIMS, aud: 'another-api' })));
    await expectRefused(stack, bearer(await signEs256(CLAIMS, otherKey))); // same kid, another key
    await expectRefused(stack, bearer(await signEs256(CLAIMS, signingKey, 'unknown-kid')));
    // Algorithm confusion: an HS256 token "signed" with the public key is refused without a configured secret.
    await expectRefused(stack, bearer(await signHs256(CLAIMS)));
    await expectRefused(stack, bearer(KEY_A)); // no API keys are configured here
    await expectNothingReachedConnectFi(stack);
  });

  it('accepts a token signed with the published key, with any configured audience', async () => {
    await succeeds(stack, bearer(await signEs256()));
    await succeeds(stack, bearer(await signEs256({ ...CLAIMS, aud: 'other-api' })));
    expect(jwksRequests).toBeGreaterThanOrEqual(1);
  });
});

describe('without credentials configured', () => {
  it('lets anonymous callers in with the embedded simulator, and warns at start-up', async () => {
    const stack = await startStack();
    try {
      const warning = stack.logLines.map((l) => JSON.parse(l)).find((l) => l.event === 'auth.anonymous');
      expect(warning).toMatchObject({ msg: expect.stringContaining('NOT AUTHENTICATED') });
      expect([40, 'warn']).toContain(warning.level);
      await succeeds(stack, {});
      await succeeds(stack, bearer('anything')); // nothing to check it against
    } finally {
      await stack.close();
    }
  });

  const realConnectFi = { CONNECTFI_BASE_URL: 'https://connectfi.example', CONNECTFI_LOGIN: 'gateway', CONNECTFI_PASSWORD: 'pw' };

  it('refuses to start against a real connectFi, naming GATEWAY_API_KEYS and GATEWAY_ALLOW_ANONYMOUS', async () => {
    expect(() => loadConfig(realConnectFi)).toThrow(ConfigError);
    expect(() => loadConfig(realConnectFi)).toThrow(/GATEWAY_API_KEYS.*GATEWAY_ALLOW_ANONYMOUS/s);
    const { code, stderr } = await runToExit(realConnectFi);
    expect(code).toBe(1);
    expect(stderr).toContain('GATEWAY_API_KEYS');
    expect(stderr).toContain('GATEWAY_ALLOW_ANONYMOUS');
  });

  it('starts against a real connectFi with GATEWAY_ALLOW_ANONYMOUS=true, or with credentials', () => {
    expect(loadConfig({ ...realConnectFi, GATEWAY_ALLOW_ANONYMOUS: 'true' }).auth.anonymous).toBe(true);
    expect(loadConfig({ ...realConnectFi, GATEWAY_API_KEYS: KEY_A }).auth.anonymous).toBe(false);
    expect(loadConfig({ ...realConnectFi, GATEWAY_JWT_SECRET: SECRET }).auth.anonymous).toBe(false);
    expect(loadConfig({ ...realConnectFi, GATEWAY_JWT_JWKS_URL: 'https://issuer.test/jwks.json' }).auth.anonymous).toBe(false);
    // Credentials win over GATEWAY_ALLOW_ANONYMOUS: callers must then authenticate.
    expect(loadConfig({ GATEWAY_ALLOW_ANONYMOUS: 'true', GATEWAY_API_KEYS: KEY_A }).auth.anonymous).toBe(false);
  });

  it('names bad credential settings without echoing them', () => {
    const weak = 'short-key';
    const weakSecret = 'too-short-secret';
    let error: unknown;
    try {
      loadConfig({ GATEWAY_API_KEYS: `${KEY_A},${weak}`, GATEWAY_JWT_SECRET: weakSecret, GATEWAY_ALLOW_ANONYMOUS: 'maybe', GATEWAY_JWT_JWKS_URL: 'ftp://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['GATEWAY_API_KEYS: key #2', 'GATEWAY_JWT_SECRET', 'GATEWAY_ALLOW_ANONYMOUS', 'GATEWAY_JWT_JWKS_URL']) expect(message).toContain(name);
    expect(message).not.toContain(weak);
    expect(message).not.toContain(weakSecret);
    expect(message).not.toContain(KEY_A);
    expect(() => loadConfig({ GATEWAY_JWT_AUDIENCE: AUDIENCE })).toThrow(/GATEWAY_JWT_AUDIENCE is set but neither/);
  });
});

describe('the caller in the GraphQL context', () => {
  const logger = createLogger('silent');
  const auth = (env: Record<string, string>) => createAuthenticator(loadConfig(env).auth, logger);

  it('is a short sha256 fingerprint for an API key, never the key', async () => {
    const result = await auth({ GATEWAY_API_KEYS: `${KEY_A},${KEY_B}` }).authenticate(`Bearer ${KEY_B}`);
    const fingerprint = createHash('sha256').update(KEY_B).digest('hex').slice(0, 12);
    expect(result).toEqual({ ok: true, caller: { kind: 'apiKey', id: `key:${fingerprint}` } });
  });

  it("is the JWT's subject", async () => {
    const result = await auth({ GATEWAY_JWT_SECRET: SECRET }).authenticate(`Bearer ${await signHs256({ sub: 'user-42', exp: '1m' })}`);
    expect(result).toEqual({ ok: true, caller: { kind: 'jwt', id: 'jwt:user-42', customerIds: new Set() } });
  });

  it('is anonymous without credentials configured', async () => {
    expect(await auth({}).authenticate(undefined)).toEqual({ ok: true, caller: { kind: 'anonymous', id: 'anonymous' } });
  });
});
