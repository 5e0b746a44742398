// Environment → typed configuration. Every bad variable is reported, each by name, before start-up stops.
import type { HttpClientKind } from './connectfi/transport.js';

export interface Config {
  host: string;
  port: number;
  logLevel: string;
  /** Unset: the embedded connectFi simulator is started and used. */
  connectFiBaseUrl?: string;
  connectFiLogin?: string;
  connectFiPassword?: string;
  connectFiTimeoutMs: number;
  connectFiHttpClient: HttpClientKind;
  /** Process-wide bound on concurrent connectFi reads. */
  connectFiMaxConcurrency: number;
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
  if (connectFiBaseUrl !== undefined) {
    if (connectFiLogin === undefined) problems.push('CONNECTFI_LOGIN is required when CONNECTFI_BASE_URL is set');
    if (connectFiPassword === undefined) problems.push('CONNECTFI_PASSWORD is required when CONNECTFI_BASE_URL is set');
  }

  const config: Config = {
    host: read('HOST') ?? '0.0.0.0',
    port: integer('PORT', 4000, 0, 65535),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    connectFiBaseUrl,
    connectFiLogin,
    connectFiPassword,
    connectFiTimeoutMs: integer('CONNECTFI_TIMEOUT_MS', 10_000, 1, 600_000),
    connectFiHttpClient: oneOf('CONNECTFI_HTTP_CLIENT', HTTP_CLIENTS, 'undici'),
    connectFiMaxConcurrency: integer('CONNECTFI_MAX_CONCURRENCY', 8, 1, 1024),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
