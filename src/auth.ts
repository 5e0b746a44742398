// Callers' authentication: `Authorization: Bearer <credential>`, where the credential is one of the static API
// keys (GATEWAY_API_KEYS) or a JWT (GATEWAY_JWT_SECRET for HS256, GATEWAY_JWT_JWKS_URL for keys published as a
// JWKS). The credential itself is never logged nor kept: a caller is known by a non-secret, stable id.
import { hash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import type { AuthConfig } from './config.js';

/** Who is calling: from the Authorization header, or anonymous where that is allowed. */
export interface Caller {
  kind: 'anonymous' | 'apiKey' | 'jwt';
  /** Stable, non-secret identifier (never the credential itself), e.g. a key fingerprint or a JWT subject. */
  id: string;
  /** The connectFi customers an end user may act for (from its JWT); undefined: any (services, anonymous callers). */
  customerIds?: ReadonlySet<string>;
}

export const ANONYMOUS: Caller = { kind: 'anonymous', id: 'anonymous' };

export type AuthResult =
  | { ok: true; caller: Caller }
  | { ok: false; /** Safe to send to the caller. */ message: string; /** For the log only. */ reason: string };

export interface Authenticator {
  /**
   * `authorization`: the raw header value, if any. Never throws. Answers at once unless a JWT has to be verified
   * (an API key check is synchronous: no promise and no extra turn on every service request).
   */
  authenticate(authorization: string | undefined): AuthResult | Promise<AuthResult>;
}

const HMAC_ALGORITHMS = ['HS256'];
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** Seconds of clock skew tolerated on exp/nbf/iat between the token issuer and this instance. */
const CLOCK_TOLERANCE_S = 5;
/** Longer than any credential we issue or accept: not worth hashing. */
const MAX_CREDENTIAL_LENGTH = 8192;
const BEARER = /^Bearer +([^\s]+) *$/i;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

const MISSING = 'Missing credentials: send "Authorization: Bearer <API key or JWT>".';
const MALFORMED = 'Malformed Authorization header: send "Authorization: Bearer <API key or JWT>".';
const INVALID = 'Invalid or expired credentials.';

export function createAuthenticator(config: AuthConfig, logger: Logger): Authenticator {
  if (config.anonymous) {
    logger.warn(
      { event: 'auth.anonymous' },
      'CALLERS ARE NOT AUTHENTICATED: no GATEWAY_API_KEYS, GATEWAY_JWT_SECRET or GATEWAY_JWT_JWKS_URL is set, so anyone who can ' +
        'reach /graphql can call connectFi through this gateway. Acceptable for local development only.',
    );
    const anonymous: AuthResult = { ok: true, caller: ANONYMOUS };
    return { authenticate: () => anonymous };
  }

  const keys = config.apiKeys.map((key) => {
    const digest = sha256(key);
    const id = `key:${digest.toString('hex').slice(0, 12)}`;
    return { digest, id, result: { ok: true, caller: { kind: 'apiKey', id } } satisfies AuthResult };
  });
  const verifyJwt = jwtVerifier(config);
  logger.info(
    { event: 'auth.configured', apiKeys: keys.map((k) => k.id), jwt: verifyJwt ? { hs256: config.jwtSecret !== undefined, jwksUrl: config.jwtJwksUrl ?? null, issuer: config.jwtIssuer ?? null, audience: config.jwtAudience ?? null } : null },
    'callers must authenticate',
  );

  return {
    authenticate(authorization) {
      if (authorization === undefined || authorization.trim() === '') return { ok: false, message: MISSING, reason: 'missing' };
      const credential = BEARER.exec(authorization)?.[1];
      if (credential === undefined) return { ok: false, message: MALFORMED, reason: 'not a Bearer credential' };
      if (credential.length > MAX_CREDENTIAL_LENGTH) return { ok: false, message: INVALID, reason: 'credential too long' };

      // Every key is compared, matching or not, each in constant time over equal-length digests.
      const digest = sha256(credential);
      let match: AuthResult | undefined;
      for (const key of keys) if (timingSafeEqual(digest, key.digest) && match === undefined) match = key.result;
      if (match !== undefined) return match;

      if (verifyJwt && JWT_SHAPE.test(credential)) return verifyJwt(credential);
      return { ok: false, message: INVALID, reason: verifyJwt ? 'unknown API key, not a JWT' : 'unknown API key' };
    },
  };
}

function jwtVerifier(config: AuthConfig): ((token: string) => Promise<AuthResult>) | undefined {
  if (config.jwtSecret === undefined && config.jwtJwksUrl === undefined) return undefined;
  const secret = config.jwtSecret === undefined ? undefined : new TextEncoder().encode(config.jwtSecret);
  const jwks = config.jwtJwksUrl === undefined ? undefined : createRemoteJWKSet(new URL(config.jwtJwksUrl));
  // Each algorithm family goes only to its own key source: an HS256 token is never checked against a public key.
  const algorithms = [...(secret ? HMAC_ALGORITHMS : []), ...(jwks ? ASYMMETRIC_ALGORITHMS : [])];
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (HMAC_ALGORITHMS.includes(header.alg ?? '')) {
      if (secret) return secret;
    } else if (jwks) return jwks(header, token);
    throw new Error(`no key for alg ${header.alg}`); // unreachable: `algorithms` is checked first
  };
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, getKey, {
        algorithms,
        issuer: config.jwtIssuer,
        audience: config.jwtAudience,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      const customerIds = customerIdsOf(payload[config.jwtCustomerClaim]);
      return { ok: true, caller: { kind: 'jwt', id: `jwt:${String(payload.sub).slice(0, 200)}`, customerIds } };
    } catch (error) {
      return { ok: false, message: INVALID, reason: jwtFailure(token, error) };
    }
  };
}

/** The claim's customer IDs: a string or an array of strings; anything else (or no claim) names none. */
function customerIdsOf(claim: unknown): ReadonlySet<string> {
  if (typeof claim === 'string') return new Set([claim]);
  if (Array.isArray(claim)) return new Set(claim.filter((id): id is string => typeof id === 'string'));
  return new Set();
}

/** Why a JWT was refused, for the log: jose's error code and claim, never the token. */
function jwtFailure(token: string, error: unknown): string {
  const { code, claim } = (error ?? {}) as { code?: unknown; claim?: unknown };
  let alg = '?';
  try {
    alg = String(decodeProtectedHeader(token).alg);
  } catch {
    // not decodable: reported by the code below
  }
  const parts = [typeof code === 'string' ? code : error instanceof Error ? error.message : 'JWT rejected'];
  if (typeof claim === 'string') parts.push(`claim ${claim}`);
  parts.push(`alg ${alg.slice(0, 16)}`);
  return parts.join(', ');
}

/** One-shot crypto.hash: half the cost of a Hash object, on every authenticated request. */
function sha256(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}
