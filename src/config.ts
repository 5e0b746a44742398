// Environment → typed configuration. Every bad variable is reported, each by name, before start-up stops.
import type { HttpClientKind } from './connectfi/transport.js';
import type { CorsOrigins } from './http/cors.js';
import { loadManifest, type Manifest } from './http/trusted-documents.js';
import { parseRatePolicy, type RatePolicy } from './rate-limits/policy.js';

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
  /** Process-wide bound on concurrent connectFi reads (the connection pool's size). */
  connectFiMaxConcurrency: number;
  /** Bound on one GraphQL request's concurrent connectFi reads: one operation's fan-out cannot crowd out the rest. */
  connectFiMaxConcurrencyPerRequest: number;
  /** CONNECTFI_MAX_RPS: process-wide ceiling on connectFi calls per second; unset: none. */
  connectFiMaxRps?: number;
  /** Unset: idempotency records and the connectFi token stay in this process. */
  redisUrl?: string;
  redisKeyPrefix: string;
  idempotencyTtlS: number;
  /** Bound of the in-memory idempotency store (without Redis). */
  idempotencyMaxEntries: number;
  breakerFailures: number;
  breakerCooldownMs: number;
  shutdownGraceMs: number;
  auth: AuthConfig;
  security: SecurityConfig;
  /** CORS_ORIGINS: origins whose browsers may call the gateway. Unset: no CORS headers (same origin only). */
  corsOrigins?: CorsOrigins;
  /** GATEWAY_TRUSTED_DOCUMENTS, loaded: the only operations end users may run. */
  trustedDocuments?: Manifest;
  /** GATEWAY_PUBLIC_URL: where connectFi and clients reach this gateway (upload and webhook URLs); no trailing slash. */
  publicUrl?: string;
  uploads: UploadConfig;
  /** connectFi's webhooks and GraphQL subscriptions (issue 13, src/live/). */
  live: LiveConfig;
  /** GATEWAY_RATE_LIMITS: per caller and operation class; empty: no per-caller limits. */
  rateLimits: RatePolicy;
}

export interface UploadConfig {
  /** GATEWAY_UPLOAD_SECRET: signs upload URLs, so any instance accepts any instance's. Unset: random per process. */
  secret?: string;
  /** UPLOAD_URL_TTL_S: how long an upload URL works. */
  ttlS: number;
  /** UPLOAD_MAX_BYTES: the largest file accepted. */
  maxBytes: number;
}

export interface AuthConfig {
  /** GATEWAY_API_KEYS: static API keys callers send as `Authorization: Bearer <key>`. */
  apiKeys: string[];
  /** GATEWAY_JWT_SECRET: HS256 secret for JWTs. */
  jwtSecret?: string;
  /** GATEWAY_JWT_JWKS_URL: where the JWT signing keys are published (RS*, PS*, ES*, EdDSA). */
  jwtJwksUrl?: string;
  jwtIssuer?: string;
  jwtAudience?: string[];
  /** GATEWAY_JWT_CUSTOMER_CLAIM: the claim listing the connectFi customer IDs a JWT caller may act for. */
  jwtCustomerClaim: string;
  /**
   * No credential is configured and callers are not authenticated: the embedded simulator outside production,
   * or GATEWAY_ALLOW_ANONYMOUS=true. False whenever a credential is configured.
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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Sockets to connectFi per process, and so the default bound on concurrent reads: more would only queue in the pool.
 * At 50 ms per call that is ~5,000 reads/s, above what one process serves, so the bound protects connectFi from a
 * runaway process without becoming the bottleneck.
 */
export const CONNECTION_POOL_SIZE = 256;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const HTTP_CLIENTS: HttpClientKind[] = ['undici', 'node-fetch'];
const API_KEY = /^[A-Za-z0-9._~+/-]{16,512}={0,2}$/;

/** Reads variables and collects one problem line per bad one. Secrets are read with `secret`: never trimmed or echoed. */
class Env {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  read(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  secret(name: string): string | undefined {
    return this.env[name] || undefined;
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (/^\d+$/.test(raw) && value >= min && value <= max) return value;
    this.problem(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.read(name);
    if (raw === undefined) return fallback;
    if (!allowed.includes(raw as T)) this.problem(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return raw as T;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.read(name);
    if (raw === undefined) return fallback;
    if (raw.toLowerCase() === 'true') return true;
    if (raw.toLowerCase() === 'false') return false;
    this.problem(`${name} must be true or false, got "${raw}"`);
    return fallback;
  }

  list(name: string): string[] {
    return (this.read(name) ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const env = new Env(environment);
  const production = env.read('NODE_ENV') === 'production';
  const connectFi = connectFiSettings(env, production);
  const config: Config = {
    production,
    host: env.read('HOST') ?? '0.0.0.0',
    port: env.integer('PORT', 4000, 0, 65535),
    logLevel: env.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    ...connectFi,
    connectFiTimeoutMs: env.integer('CONNECTFI_TIMEOUT_MS', 10_000, 1, 600_000),
    connectFiHttpClient: env.oneOf('CONNECTFI_HTTP_CLIENT', HTTP_CLIENTS, 'undici'),
    connectFiMaxConcurrency: env.integer('CONNECTFI_MAX_CONCURRENCY', CONNECTION_POOL_SIZE, 1, 1024),
    connectFiMaxConcurrencyPerRequest: env.integer('CONNECTFI_MAX_CONCURRENCY_PER_REQUEST', 8, 1, 1024),
    connectFiMaxRps: env.read('CONNECTFI_MAX_RPS') === undefined ? undefined : env.integer('CONNECTFI_MAX_RPS', 0, 1, 100_000),
    redisUrl: redisUrl(env),
    redisKeyPrefix: env.read('REDIS_KEY_PREFIX') ?? 'connectfi-gateway:',
    idempotencyTtlS: env.integer('IDEMPOTENCY_TTL_S', 86_400, 1, 30 * 86_400),
    idempotencyMaxEntries: env.integer('IDEMPOTENCY_MAX_ENTRIES', 10_000, 1, 10_000_000),
    breakerFailures: env.integer('CONNECTFI_BREAKER_FAILURES', 5, 1, 10_000),
    breakerCooldownMs: env.integer('CONNECTFI_BREAKER_COOLDOWN_MS', 10_000, 1, 3_600_000),
    shutdownGraceMs: env.integer('SHUTDOWN_GRACE_MS', 10_000, 0, 3_600_000),
    auth: authSettings(env, production || connectFi.connectFiBaseUrl !== undefined),
    security: securitySettings(env, production),
    corsOrigins: corsOrigins(env, production),
    trustedDocuments: trustedDocuments(env),
    publicUrl: publicUrl(env),
    uploads: uploadSettings(env),
    live: liveSettings(env, production, environment.GATEWAY_PUBLIC_URL !== undefined && environment.GATEWAY_PUBLIC_URL.trim() !== ''),
    rateLimits: ratePolicy(env),
  };
  if (env.problems.length > 0) throw new ConfigError(env.problems);
  return config;
}

/** Where connectFi is. In production it must be named: a forgotten variable never turns the gateway into a demo. */
function connectFiSettings(env: Env, production: boolean): Pick<Config, 'connectFiBaseUrl' | 'connectFiLogin' | 'connectFiPassword'> {
  const connectFiBaseUrl = env.read('CONNECTFI_BASE_URL');
  if (connectFiBaseUrl !== undefined && !isHttpUrl(connectFiBaseUrl)) env.problem(`CONNECTFI_BASE_URL must be an http(s) URL, got "${connectFiBaseUrl}"`);
  const connectFiLogin = env.read('CONNECTFI_LOGIN');
  if (connectFiLogin !== undefined && !/^[0-9a-zA-Z_]{1,36}$/.test(connectFiLogin)) env.problem('CONNECTFI_LOGIN must be 1-36 characters of A-Z, a-z, 0-9 and _');
  const connectFiPassword = env.secret('CONNECTFI_PASSWORD');
  if (connectFiPassword !== undefined && connectFiPassword.length > 50) env.problem('CONNECTFI_PASSWORD must be 1-50 characters');
  const simulator = env.read('CONNECTFI_SIMULATOR');
  if (simulator !== undefined && simulator !== 'embedded') env.problem(`CONNECTFI_SIMULATOR must be "embedded" or unset, got "${simulator}"`);
  if (simulator !== undefined && connectFiBaseUrl !== undefined) env.problem('CONNECTFI_SIMULATOR cannot be set together with CONNECTFI_BASE_URL');
  if (production && connectFiBaseUrl === undefined && simulator === undefined) {
    env.problem('CONNECTFI_BASE_URL is required when NODE_ENV=production (CONNECTFI_SIMULATOR=embedded runs the demo simulator instead)');
  }
  if (connectFiBaseUrl !== undefined) {
    if (connectFiLogin === undefined) env.problem('CONNECTFI_LOGIN is required when CONNECTFI_BASE_URL is set');
    if (connectFiPassword === undefined) env.problem('CONNECTFI_PASSWORD is required when CONNECTFI_BASE_URL is set');
  }
  return { connectFiBaseUrl, connectFiLogin, connectFiPassword };
}

/** Callers' credentials; never echoed, not even in part. `required`: anonymous callers only when allowed explicitly. */
function authSettings(env: Env, required: boolean): AuthConfig {
  const apiKeys = [...new Set(env.list('GATEWAY_API_KEYS'))];
  apiKeys.forEach((key, index) => {
    if (!API_KEY.test(key)) env.problem(`GATEWAY_API_KEYS: key #${index + 1} must be 16-512 characters of A-Z, a-z, 0-9, - . _ ~ + / (optionally ending in =)`);
  });
  const jwtSecret = env.secret('GATEWAY_JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) env.problem('GATEWAY_JWT_SECRET must be at least 32 characters (256 bits for HS256)');
  const jwtJwksUrl = env.read('GATEWAY_JWT_JWKS_URL');
  if (jwtJwksUrl !== undefined && !isHttpUrl(jwtJwksUrl)) env.problem(`GATEWAY_JWT_JWKS_URL must be an http(s) URL, got "${jwtJwksUrl}"`);
  const jwtAudience = env.list('GATEWAY_JWT_AUDIENCE');
  const jwt = jwtSecret !== undefined || jwtJwksUrl !== undefined;
  for (const name of ['GATEWAY_JWT_ISSUER', 'GATEWAY_JWT_AUDIENCE']) {
    if (env.read(name) !== undefined && !jwt) env.problem(`${name} is set but neither GATEWAY_JWT_SECRET nor GATEWAY_JWT_JWKS_URL is`);
  }
  const credentials = apiKeys.length > 0 || jwt;
  const allowAnonymous = env.boolean('GATEWAY_ALLOW_ANONYMOUS', false);
  if (!credentials && required && !allowAnonymous) {
    env.problem(
      'No caller credentials: with CONNECTFI_BASE_URL set or NODE_ENV=production, set GATEWAY_API_KEYS (or GATEWAY_JWT_SECRET / GATEWAY_JWT_JWKS_URL), ' +
        'or GATEWAY_ALLOW_ANONYMOUS=true to let anyone call the gateway unauthenticated',
    );
  }
  return {
    apiKeys,
    jwtSecret,
    jwtJwksUrl,
    jwtIssuer: env.read('GATEWAY_JWT_ISSUER'),
    jwtAudience: jwtAudience.length > 0 ? jwtAudience : undefined,
    jwtCustomerClaim: env.read('GATEWAY_JWT_CUSTOMER_CLAIM') ?? 'customer_id',
    anonymous: !credentials,
  };
}

function securitySettings(env: Env, production: boolean): SecurityConfig {
  return {
    introspection: env.boolean('GATEWAY_INTROSPECTION', !production),
    maxBodyBytes: env.integer('GATEWAY_MAX_BODY_BYTES', 65_536, 1024, 16 * 1024 * 1024),
    maxDepth: env.integer('GATEWAY_MAX_DEPTH', 8, 1, 100),
    maxAliases: env.integer('GATEWAY_MAX_ALIASES', 10, 0, 1000),
    maxCost: env.integer('GATEWAY_MAX_COST', 1000, 1, 1_000_000),
    maxTokens: env.integer('GATEWAY_MAX_TOKENS', 1000, 10, 100_000),
  };
}

/** Exact origins (scheme://host[:port]); "*" only outside production. */
function corsOrigins(env: Env, production: boolean): CorsOrigins | undefined {
  const origins = env.list('CORS_ORIGINS');
  if (origins.length === 0) return undefined;
  if (origins.includes('*')) {
    if (production) env.problem('CORS_ORIGINS must list exact origins when NODE_ENV=production, not "*"');
    else if (origins.length > 1) env.problem('CORS_ORIGINS: "*" cannot be combined with other origins');
    return '*';
  }
  for (const origin of origins) {
    if (!isExactOrigin(origin)) env.problem(`CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com (scheme, host, optional port; no path)`);
  }
  return origins;
}

function isExactOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

function trustedDocuments(env: Env): Manifest | undefined {
  const path = env.read('GATEWAY_TRUSTED_DOCUMENTS');
  if (path === undefined) return undefined;
  try {
    return loadManifest(path);
  } catch (error) {
    env.problem(`GATEWAY_TRUSTED_DOCUMENTS: ${(error as Error).message}`);
    return undefined;
  }
}

function ratePolicy(env: Env): RatePolicy {
  const policy = parseRatePolicy(env.read('GATEWAY_RATE_LIMITS') ?? '');
  if (typeof policy === 'string') {
    env.problem(`GATEWAY_RATE_LIMITS: ${policy}`);
    return {};
  }
  return policy;
}

function publicUrl(env: Env): string | undefined {
  const value = env.read('GATEWAY_PUBLIC_URL');
  if (value === undefined) return undefined;
  if (!isHttpUrl(value)) env.problem(`GATEWAY_PUBLIC_URL must be an http(s) URL, got "${value}"`);
  return value.replace(/\/+$/, '');
}

function uploadSettings(env: Env): UploadConfig {
  const secret = env.secret('GATEWAY_UPLOAD_SECRET');
  if (secret !== undefined && secret.length < 32) env.problem('GATEWAY_UPLOAD_SECRET must be at least 32 characters');
  return {
    secret,
    ttlS: env.integer('UPLOAD_URL_TTL_S', 600, 10, 86_400),
    maxBytes: env.integer('UPLOAD_MAX_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  };
}

/** REDIS_URL must be redis:// or rediss://; it is never echoed (it may hold a password). */
function redisUrl(env: Env): string | undefined {
  const value = env.read('REDIS_URL');
  if (value === undefined) return undefined;
  if (hasProtocol(value, ['redis:', 'rediss:'])) return value;
  env.problem('REDIS_URL must be a redis:// or rediss:// URL');
  return undefined;
}

function isHttpUrl(value: string): boolean {
  return hasProtocol(value, ['http:', 'https:']);
}

function hasProtocol(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

export interface LiveConfig {
  /**
   * GATEWAY_WEBHOOK_SECRET: the HMAC key of each customer's webhook URL token, so every instance verifies any
   * instance's URLs. Unset: random per process (then only the instance that started KYC accepts its webhook);
   * required in production when GATEWAY_PUBLIC_URL is set.
   */
  webhookSecret?: string;
  /** GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION: subscriptions one WebSocket may hold at once. */
  maxSubscriptionsPerConnection: number;
  /** KYC_POLL_INTERVAL_S: how often a subscribed customer's unfinished KYC is re-read (a lost webhook's delay). */
  pollIntervalS: number;
}

function liveSettings(env: Env, production: boolean, publicUrlSet: boolean): LiveConfig {
  const webhookSecret = env.secret('GATEWAY_WEBHOOK_SECRET');
  if (webhookSecret !== undefined && webhookSecret.length < 32) env.problem('GATEWAY_WEBHOOK_SECRET must be at least 32 characters');
  if (webhookSecret === undefined && production && publicUrlSet) {
    env.problem('GATEWAY_WEBHOOK_SECRET is required when NODE_ENV=production and GATEWAY_PUBLIC_URL is set (every instance must accept every instance\'s webhook URLs)');
  }
  return {
    webhookSecret,
    maxSubscriptionsPerConnection: env.integer('GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION', 10, 1, 1000),
    pollIntervalS: env.integer('KYC_POLL_INTERVAL_S', 30, 1, 86_400),
  };
}
