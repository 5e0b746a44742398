// Environment → typed configuration. Every bad variable is reported, each by name, before start-up stops.
import type { HttpClientKind } from './connectfi/transport.js';

export interface Config {
  /** NODE_ENV=production: fail closed (no embedded simulator unless asked for, credentials required). */
  production: boolean;
  host: string;
  port: number;
  logLevel: string;
  /** Unset: the embedded connectFi simulator is started and used (in production only with CONNECTFI_SIMULATOR=embedded). */
  connectFiBaseUrl?: string;
  connectFiLogin?: string;
  connectFiPassword?: string;
  connectFiTimeoutMs: number;
  connectFiHttpClient: HttpClientKind;
  /** Process-wide bound on concurrent connectFi reads. */
  connectFiMaxConcurrency: number;
  // --- Operations: idempotency, shared state in Redis, resilience, shutdown ---
  /** Unset: idempotency records and the connectFi token stay in this process. */
  redisUrl?: string;
  redisKeyPrefix: string;
  idempotencyTtlS: number;
  /** Bound of the in-memory idempotency store (without Redis). */
  idempotencyMaxEntries: number;
  breakerFailures: number;
  breakerCooldownMs: number;
  shutdownGraceMs: number;
  // --- end operations ---
  // --- Callers' authentication and abuse limits (src/auth.ts, src/security.ts) ---
  auth: AuthConfig;
  security: SecurityConfig;
  // --- end callers' authentication and abuse limits ---
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const HTTP_CLIENTS: HttpClientKind[] = ['undici', 'node-fetch'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!allowed.includes(raw as T)) problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return raw as T;
  };

  const connectFiBaseUrl = read('CONNECTFI_BASE_URL');
  if (connectFiBaseUrl !== undefined && !isHttpUrl(connectFiBaseUrl)) {
    problems.push(`CONNECTFI_BASE_URL must be an http(s) URL, got "${connectFiBaseUrl}"`);
  }
  const connectFiLogin = read('CONNECTFI_LOGIN');
  if (connectFiLogin !== undefined && !/^[0-9a-zA-Z_]{1,36}$/.test(connectFiLogin)) {
    problems.push('CONNECTFI_LOGIN must be 1-36 characters of A-Z, a-z, 0-9 and _');
  }
  const connectFiPassword = env.CONNECTFI_PASSWORD || undefined; // never trimmed, never echoed
  if (connectFiPassword !== undefined && connectFiPassword.length > 50) problems.push('CONNECTFI_PASSWORD must be 1-50 characters');
  const production = env.NODE_ENV?.trim() === 'production';
  const simulator = read('CONNECTFI_SIMULATOR');
  if (simulator !== undefined && simulator !== 'embedded') problems.push(`CONNECTFI_SIMULATOR must be "embedded" or unset, got "${simulator}"`);
  if (simulator !== undefined && connectFiBaseUrl !== undefined) problems.push('CONNECTFI_SIMULATOR cannot be set together with CONNECTFI_BASE_URL');
  if (production && connectFiBaseUrl === undefined && simulator === undefined) {
    problems.push('CONNECTFI_BASE_URL is required when NODE_ENV=production (CONNECTFI_SIMULATOR=embedded runs the demo simulator instead)');
  }
  if (connectFiBaseUrl !== undefined) {
    if (connectFiLogin === undefined) problems.push('CONNECTFI_LOGIN is required when CONNECTFI_BASE_URL is set');
    if (connectFiPassword === undefined) problems.push('CONNECTFI_PASSWORD is required when CONNECTFI_BASE_URL is set');
  }

  const config: Config = {
    production,
    host: read('HOST') ?? '0.0.0.0',
    port: integer('PORT', 4000, 0, 65535),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    connectFiBaseUrl,
    connectFiLogin,
    connectFiPassword,
    connectFiTimeoutMs: integer('CONNECTFI_TIMEOUT_MS', 10_000, 1, 600_000),
    connectFiHttpClient: oneOf('CONNECTFI_HTTP_CLIENT', HTTP_CLIENTS, 'undici'),
    connectFiMaxConcurrency: integer('CONNECTFI_MAX_CONCURRENCY', 8, 1, 1024),
    // --- Operations: idempotency, shared state in Redis, resilience, shutdown ---
    redisUrl: redisUrl(read('REDIS_URL'), problems),
    redisKeyPrefix: read('REDIS_KEY_PREFIX') ?? 'connectfi-gateway:',
    idempotencyTtlS: integer('IDEMPOTENCY_TTL_S', 86_400, 1, 30 * 86_400),
    idempotencyMaxEntries: integer('IDEMPOTENCY_MAX_ENTRIES', 10_000, 1, 10_000_000),
    breakerFailures: integer('CONNECTFI_BREAKER_FAILURES', 5, 1, 10_000),
    breakerCooldownMs: integer('CONNECTFI_BREAKER_COOLDOWN_MS', 10_000, 1, 3_600_000),
    shutdownGraceMs: integer('SHUTDOWN_GRACE_MS', 10_000, 0, 3_600_000),
    // --- end operations ---
    // --- Callers' authentication and abuse limits ---
    ...callerSecurity(read, integer, problems, { production, connectFiBaseUrl, jwtSecret: env.GATEWAY_JWT_SECRET || undefined }),
    // --- end callers' authentication and abuse limits ---
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** REDIS_URL must be redis:// or rediss://; it is never echoed (it may hold a password). */
function redisUrl(value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'redis:' || url.protocol === 'rediss:') return value;
  } catch {
    // reported below
  }
  problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  return undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

// --- Callers' authentication and abuse limits (src/auth.ts, src/security.ts) ---

export interface AuthConfig {
  /** GATEWAY_API_KEYS: static API keys callers send as `Authorization: Bearer <key>`. */
  apiKeys: string[];
  /** GATEWAY_JWT_SECRET: HS256 secret for JWTs. */
  jwtSecret?: string;
  /** GATEWAY_JWT_JWKS_URL: where the JWT signing keys are published (RS*, PS*, ES*, EdDSA). */
  jwtJwksUrl?: string;
  jwtIssuer?: string;
  jwtAudience?: string[];
  /**
   * No credential is configured and callers are not authenticated: the embedded simulator is in use, or
   * GATEWAY_ALLOW_ANONYMOUS=true. False whenever a credential is configured.
   */
  anonymous: boolean;
}

export interface SecurityConfig {
  /** Introspection and the landing page (GATEWAY_INTROSPECTION; default: off in production). */
  introspection: boolean;
  maxBodyBytes: number;
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxTokens: number;
}

const API_KEY = /^[A-Za-z0-9._~+/-]{16,512}={0,2}$/;

function callerSecurity(
  read: (name: string) => string | undefined,
  integer: (name: string, fallback: number, min: number, max: number) => number,
  problems: string[],
  { production, connectFiBaseUrl, jwtSecret }: { production: boolean; connectFiBaseUrl?: string; jwtSecret?: string },
): { auth: AuthConfig; security: SecurityConfig } {
  const boolean = (name: string, fallback: boolean) => {
    const raw = read(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    problems.push(`${name} must be true or false, got "${read(name)}"`);
    return fallback;
  };
  const list = (name: string) => (read(name) ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');

  // Credentials are never echoed, not even in part.
  const apiKeys = [...new Set(list('GATEWAY_API_KEYS'))];
  apiKeys.forEach((key, index) => {
    if (!API_KEY.test(key)) {
      problems.push(`GATEWAY_API_KEYS: key #${index + 1} must be 16-512 characters of A-Z, a-z, 0-9, - . _ ~ + / (optionally ending in =)`);
    }
  });
  // jwtSecret is never trimmed, never echoed.
  if (jwtSecret !== undefined && jwtSecret.length < 32) problems.push('GATEWAY_JWT_SECRET must be at least 32 characters (256 bits for HS256)');
  const jwtJwksUrl = read('GATEWAY_JWT_JWKS_URL');
  if (jwtJwksUrl !== undefined && !isHttpUrl(jwtJwksUrl)) problems.push(`GATEWAY_JWT_JWKS_URL must be an http(s) URL, got "${jwtJwksUrl}"`);
  const jwtIssuer = read('GATEWAY_JWT_ISSUER');
  const jwtAudience = list('GATEWAY_JWT_AUDIENCE');
  const jwt = jwtSecret !== undefined || jwtJwksUrl !== undefined;
  for (const name of ['GATEWAY_JWT_ISSUER', 'GATEWAY_JWT_AUDIENCE']) {
    if (read(name) !== undefined && !jwt) problems.push(`${name} is set but neither GATEWAY_JWT_SECRET nor GATEWAY_JWT_JWKS_URL is`);
  }
  const credentials = apiKeys.length > 0 || jwt;
  const allowAnonymous = boolean('GATEWAY_ALLOW_ANONYMOUS', false);
  // Only the embedded simulator outside production lets anonymous callers in without being told to.
  if (!credentials && (connectFiBaseUrl !== undefined || production) && !allowAnonymous) {
    problems.push(
      'No caller credentials: with CONNECTFI_BASE_URL set or NODE_ENV=production, set GATEWAY_API_KEYS (or GATEWAY_JWT_SECRET / GATEWAY_JWT_JWKS_URL), ' +
        'or GATEWAY_ALLOW_ANONYMOUS=true to let anyone call the gateway unauthenticated',
    );
  }

  return {
    auth: {
      apiKeys,
      jwtSecret,
      jwtJwksUrl,
      jwtIssuer,
      jwtAudience: jwtAudience.length > 0 ? jwtAudience : undefined,
      anonymous: !credentials,
    },
    security: {
      introspection: boolean('GATEWAY_INTROSPECTION', !production),
      maxBodyBytes: integer('GATEWAY_MAX_BODY_BYTES', 65_536, 1024, 16 * 1024 * 1024),
      maxDepth: integer('GATEWAY_MAX_DEPTH', 8, 1, 100),
      maxAliases: integer('GATEWAY_MAX_ALIASES', 10, 0, 1000),
      maxCost: integer('GATEWAY_MAX_COST', 1000, 1, 1_000_000),
      maxTokens: integer('GATEWAY_MAX_TOKENS', 1000, 10, 100_000),
    },
  };
}
// --- end callers' authentication and abuse limits ---
