// The one data source for connectFi: base URL, token header, timeouts, and HTTP status → result mapping.
// It never retries a call whose outcome could be unknown; it retries once only after a 401 (nothing was done).
import type { Logger } from 'pino';
import { CircuitOpenError } from './breaker.js';
import { TokenCache, type TokenSource, type TokenSourceFactory } from './tokens.js';
import { TransportError, type Transport, type TransportResponse } from './transport.js';
import type {
  WireAddAttributesRequest, WireAddAttributesResponse, WireError, WireKycBundle, WireSuccess, WireToken,
} from './wire.js';

export type MutationOutcome = 'NOT_APPLIED' | 'UNKNOWN';

export type UpstreamCode =
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_CONNECTION_LOST'
  | 'UPSTREAM_SERVER_ERROR'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_LOGIN_FAILED'
  | 'UPSTREAM_CIRCUIT_OPEN';

export type CallFailure =
  /** connectFi answered 4xx with its error body: it refused, nothing was applied. */
  | { kind: 'rejected'; status: number; error: WireError }
  /** No usable answer. */
  | { kind: 'failed'; code: UpstreamCode; outcome: MutationOutcome; retryable: boolean; requestId?: string };

export type CallResult<T> = { ok: true; value: T } | { ok: false; failure: CallFailure };

/** What one request's log line says about each connectFi call it made. */
export interface UpstreamCallRecord {
  endpoint: string;
  status?: number;
  ms: number;
  requestId?: string;
  error?: string;
}

export interface ConnectFiClientOptions {
  baseUrl: string;
  login: string;
  password: string;
  timeoutMs: number;
  /** Where tokens come from; default this process's TokenCache (a shared one: src/connectfi/shared-token.ts). */
  tokenSource?: TokenSourceFactory;
  /** Told about every login attempt (metrics). */
  onLogin?: (ok: boolean) => void;
}

class LoginFailure extends Error {
  constructor(readonly failure: CallFailure & { kind: 'failed' }) {
    super('connectFi login failed');
  }
}

export class ConnectFiClient {
  private readonly tokens: TokenSource;
  private readonly baseUrl: string;

  constructor(
    private readonly options: ConnectFiClientOptions,
    private readonly transport: Transport,
    private readonly logger: Logger,
  ) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.tokens = (options.tokenSource ?? ((login) => new TokenCache(login)))(() => this.login());
  }

  addKycAttributes(body: WireAddAttributesRequest, trace?: UpstreamCallRecord[]) {
    return this.call<WireAddAttributesResponse>('POST', '/customer/kyc/add-attributes', body, trace);
  }

  /** A read, so safe to repeat: retried once, after a jittered pause, when it failed in a way that may pass. */
  async getKycStatus(customerId: string, trace?: UpstreamCallRecord[]) {
    const path = `/customer/kyc/status/${encodeURIComponent(customerId)}`;
    const first = await this.call<WireSuccess<WireKycBundle>>('GET', path, undefined, trace);
    if (first.ok || !isTransientReadFailure(first.failure)) return first;
    await new Promise((resolve) => setTimeout(resolve, READ_RETRY_BASE_MS + Math.random() * READ_RETRY_BASE_MS));
    return this.call<WireSuccess<WireKycBundle>>('GET', path, undefined, trace);
  }

  /** Obtains a token (used by readiness checks); throws when connectFi refuses or cannot be reached. */
  async token(): Promise<string> {
    return this.tokens.get();
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private async call<T extends WireSuccess<unknown>>(
    method: 'GET' | 'POST', path: string, body: unknown, trace?: UpstreamCallRecord[],
  ): Promise<CallResult<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    try {
      const token = await this.tokens.get();
      const first = await this.exchange<T>(method, path, payload, token, trace);
      if (first.ok || first.failure.kind !== 'rejected' || first.failure.status !== 401) return first;
      // An expired or revoked token: connectFi did nothing. Log in again once and retry once.
      await this.tokens.invalidate(token);
      return await this.exchange<T>(method, path, payload, await this.tokens.get(), trace);
    } catch (error) {
      if (error instanceof LoginFailure) return { ok: false, failure: error.failure };
      throw error;
    }
  }

  private async exchange<T extends WireSuccess<unknown>>(
    method: 'GET' | 'POST', path: string, payload: string | undefined, token: string, trace?: UpstreamCallRecord[],
  ): Promise<CallResult<T>> {
    const headers: Record<string, string> = { 'x-connectfi-token': token, accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const record: UpstreamCallRecord = { endpoint: `${method} ${path.replace(/\/status\/.*/, '/status/:customerId')}`, ms: 0 };
    trace?.push(record);
    try {
      const response = await this.transport.send({
        method, url: this.baseUrl + path, headers, body: payload, timeoutMs: this.options.timeoutMs,
      });
      const result = interpret<T>(response);
      record.status = response.status;
      record.requestId = result.ok ? result.value.requestId : requestIdOf(result.failure);
      if (!result.ok) record.error = result.failure.kind === 'rejected' ? result.failure.error.code : result.failure.code;
      return result;
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      const failure = transportFailure(error);
      record.error = failure.code;
      return { ok: false, failure };
    } finally {
      record.ms = Math.round((performance.now() - started) * 10) / 10;
    }
  }

  private async login(): Promise<WireToken> {
    const started = performance.now();
    const body = JSON.stringify({ user: { login: this.options.login, password: this.options.password } });
    let result: CallResult<WireSuccess<WireToken>>;
    try {
      const response = await this.transport.send({
        method: 'POST', url: `${this.baseUrl}/auth/get-token`, headers: { 'content-type': 'application/json' }, body, timeoutMs: this.options.timeoutMs,
      });
      result = interpret<WireSuccess<WireToken>>(response);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      result = { ok: false, failure: transportFailure(error) };
    }
    const ms = Math.round(performance.now() - started);
    if (result.ok && typeof result.value.data?.token === 'string' && result.value.data.token) {
      this.options.onLogin?.(true);
      this.logger.info({ event: 'connectfi.login', ms, expiresAt: result.value.data.dtsExpireAt }, 'connectFi login');
      return result.value.data;
    }
    // The circuit is open: no login was attempted, and the call it was for is refused the same way (retryable).
    if (!result.ok && result.failure.kind === 'failed' && result.failure.code === 'UPSTREAM_CIRCUIT_OPEN') throw new LoginFailure(result.failure);
    this.options.onLogin?.(false);
    const reason = result.ok ? 'no token in answer' : result.failure.kind === 'rejected' ? result.failure.error.code : result.failure.code;
    this.logger.warn({ event: 'connectfi.login_failed', ms, reason }, 'connectFi login failed');
    // The call it was for was never sent (NOT_APPLIED). Not retryable: the gateway's own credentials or
    // connectFi's login service need fixing first, which a client retry cannot do.
    throw new LoginFailure({ kind: 'failed', code: 'UPSTREAM_LOGIN_FAILED', outcome: 'NOT_APPLIED', retryable: false });
  }
}

const READ_RETRY_BASE_MS = 50;
const TRANSIENT_READ_FAILURES: ReadonlySet<UpstreamCode> = new Set([
  'UPSTREAM_TIMEOUT', 'UPSTREAM_SERVER_ERROR', 'UPSTREAM_CONNECTION_LOST', 'UPSTREAM_BAD_RESPONSE',
]);

function isTransientReadFailure(failure: CallFailure): boolean {
  return failure.kind === 'failed' && TRANSIENT_READ_FAILURES.has(failure.code);
}

function requestIdOf(failure: CallFailure): string | undefined {
  return failure.kind === 'rejected' ? failure.error.requestId : failure.requestId;
}

function transportFailure(error: TransportError): CallFailure & { kind: 'failed' } {
  if (error instanceof CircuitOpenError) return { kind: 'failed', code: 'UPSTREAM_CIRCUIT_OPEN', outcome: 'NOT_APPLIED', retryable: true };
  switch (error.failure) {
    case 'not-sent':
      return { kind: 'failed', code: 'UPSTREAM_UNAVAILABLE', outcome: 'NOT_APPLIED', retryable: true };
    case 'timeout':
      return { kind: 'failed', code: 'UPSTREAM_TIMEOUT', outcome: 'UNKNOWN', retryable: true };
    case 'broken':
      return { kind: 'failed', code: 'UPSTREAM_CONNECTION_LOST', outcome: 'UNKNOWN', retryable: true };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** HTTP status + body → result. 4xx means connectFi refused (nothing applied); 5xx or nonsense means unknown. */
function interpret<T extends WireSuccess<unknown>>({ status, body }: TransportResponse): CallResult<T> {
  const json = parseJson(body);
  const requestId = isObject(json) && typeof json.requestId === 'string' ? json.requestId : undefined;
  if (status === 200) {
    if (isObject(json) && json.code === '0' && isObject(json.data)) return { ok: true, value: json as unknown as T };
    return { ok: false, failure: { kind: 'failed', code: 'UPSTREAM_BAD_RESPONSE', outcome: 'UNKNOWN', retryable: true, requestId } };
  }
  if (status === 429) {
    return { ok: false, failure: { kind: 'failed', code: 'UPSTREAM_RATE_LIMITED', outcome: 'NOT_APPLIED', retryable: true, requestId } };
  }
  if (status >= 400 && status < 500) {
    if (isObject(json) && typeof json.code === 'string') return { ok: false, failure: { kind: 'rejected', status, error: json as unknown as WireError } };
    return { ok: false, failure: { kind: 'failed', code: 'UPSTREAM_BAD_RESPONSE', outcome: 'NOT_APPLIED', retryable: false, requestId } };
  }
  if (status >= 500) {
    return { ok: false, failure: { kind: 'failed', code: 'UPSTREAM_SERVER_ERROR', outcome: 'UNKNOWN', retryable: true, requestId } };
  }
  return { ok: false, failure: { kind: 'failed', code: 'UPSTREAM_BAD_RESPONSE', outcome: 'UNKNOWN', retryable: true, requestId } };
}
