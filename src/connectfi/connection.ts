// The shared connection to connectFi: base URL, the token (single-flight login, optionally shared through Redis),
// the transport, and one exchange = token header + call + interpretation. It never retries a call whose outcome
// could be unknown; it retries once only after a 401 (nothing was done), except for a streamed body, which can be
// sent only once. Endpoint methods live in client.ts (JSON) and uploads.ts (files).
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import {
  failureCode, interpret, requestIdOf, transportFailure, type CallObserver, type CallResult, type FailedCall,
  type UpstreamCallRecord,
} from './call-result.js';
import type { RateCeiling } from './ceiling.js';
import { TokenCache, type TokenSource, type TokenSourceFactory } from './tokens.js';
import { TransportError, type Transport } from './transport.js';
import type { WireSuccess, WireToken } from './wire.js';

export interface ConnectionOptions {
  baseUrl: string;
  login: string;
  password: string;
  timeoutMs: number;
  /** Where tokens come from; default this process's TokenCache (a shared one: shared-token.ts). */
  tokenSource?: TokenSourceFactory;
  /** Told about every login attempt (metrics). */
  onLogin?: (ok: boolean) => void;
  /** CONNECTFI_MAX_RPS, when set. */
  ceiling?: RateCeiling;
}

export interface CallSpec {
  method: 'GET' | 'POST';
  path: string;
  /** The route template reported to observers, e.g. "/customer/kyc/status/:customerId". */
  route: string;
  body?: unknown;
  /** A read: it may wait for the rate ceiling; a change is refused instead. */
  read?: boolean;
}

/** A POST whose body is a stream (an upload): sent once, as it comes. */
export interface StreamCallSpec {
  path: string;
  route: string;
  body: Readable;
  contentType: string;
}

class LoginFailure extends Error {
  constructor(readonly failure: FailedCall) {
    super('connectFi login failed');
  }
}

export class ConnectFiConnection {
  private readonly tokens: TokenSource;
  private readonly baseUrl: string;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly transport: Transport,
    private readonly logger: Logger,
  ) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.tokens = (options.tokenSource ?? ((login) => new TokenCache(login)))(() => this.login());
  }

  /** Obtains a token (readiness checks); throws when connectFi refuses or cannot be reached. */
  token(): Promise<string> {
    return this.tokens.get();
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /** CONNECTFI_TIMEOUT_MS: the budget of one call, which a read's retry must also fit in. */
  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  async call<T extends WireSuccess<unknown>>(spec: CallSpec, observer?: CallObserver): Promise<CallResult<T>> {
    // Without CONNECTFI_MAX_RPS, and with a token at hand, nothing is awaited before the exchange.
    const refused = this.options.ceiling && (await this.overCeiling(this.options.ceiling, spec.read === true));
    if (refused) return refused;
    const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const send = (token: string) => this.exchange<T>(spec, payload, payload === undefined ? undefined : 'application/json', token, observer);
    try {
      const token = this.tokens.peek() ?? (await this.tokens.get());
      const first = await send(token);
      if (!isUnauthorized(first)) return first;
      // An expired or revoked token: connectFi did nothing. Log in again once and retry once.
      await this.tokens.invalidate(token);
      return await send(await this.tokens.get());
    } catch (error) {
      if (error instanceof LoginFailure) return { ok: false, failure: error.failure };
      throw error;
    }
  }

  /**
   * A POST with a streamed body. Its bytes are gone once sent, so a 401 cannot be repeated: the token (valid until
   * shortly before its expiry) is forgotten so the next call logs in again, and the 401 is returned (NOT_APPLIED).
   */
  async stream<T extends WireSuccess<unknown>>(spec: StreamCallSpec, observer?: CallObserver): Promise<CallResult<T>> {
    const refused = this.options.ceiling && (await this.overCeiling(this.options.ceiling, false));
    if (refused) return refused;
    try {
      const token = await this.tokens.get();
      const result = await this.exchange<T>({ method: 'POST', path: spec.path, route: spec.route }, spec.body, spec.contentType, token, observer);
      if (isUnauthorized(result)) await this.tokens.invalidate(token);
      return result;
    } catch (error) {
      if (error instanceof LoginFailure) return { ok: false, failure: error.failure };
      throw error;
    }
  }

  /** CONNECTFI_MAX_RPS: a read may wait for its turn, a change is refused (nothing sent). */
  private async overCeiling(ceiling: RateCeiling, read: boolean): Promise<{ ok: false; failure: FailedCall } | undefined> {
    const admitted = await ceiling.admit(read, this.options.timeoutMs);
    if (admitted.ok) return undefined;
    return { ok: false, failure: { kind: 'failed', code: 'UPSTREAM_RATE_LIMITED', outcome: 'NOT_APPLIED', retryable: true, retryAfterMs: admitted.retryAfterMs } };
  }

  private async exchange<T extends WireSuccess<unknown>>(
    spec: CallSpec, payload: string | Readable | undefined, contentType: string | undefined, token: string, observer?: CallObserver,
  ): Promise<CallResult<T>> {
    const headers: Record<string, string> = { 'x-connectfi-token': token, accept: 'application/json' };
    if (contentType !== undefined) headers['content-type'] = contentType;
    const started = performance.now();
    const record: UpstreamCallRecord = { endpoint: `${spec.method} ${spec.route}`, ms: 0 };
    try {
      const response = await this.transport.send({
        method: spec.method, url: this.baseUrl + spec.path, headers, body: payload, timeoutMs: this.options.timeoutMs,
      });
      const result = interpret<T>(response);
      record.status = response.status;
      record.requestId = result.ok ? result.value.requestId : requestIdOf(result.failure);
      if (!result.ok) record.error = failureCode(result.failure);
      return result;
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      const failure = transportFailure(error);
      record.error = failure.code;
      return { ok: false, failure };
    } finally {
      record.ms = Math.round((performance.now() - started) * 10) / 10;
      observer?.upstreamCall(record);
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
    const reason = result.ok ? 'no token in answer' : failureCode(result.failure);
    this.logger.warn({ event: 'connectfi.login_failed', ms, reason }, 'connectFi login failed');
    // The call it was for was never sent (NOT_APPLIED). Not retryable: the gateway's own credentials or
    // connectFi's login service need fixing first, which a client retry cannot do.
    throw new LoginFailure({ kind: 'failed', code: 'UPSTREAM_LOGIN_FAILED', outcome: 'NOT_APPLIED', retryable: false });
  }
}

function isUnauthorized(result: CallResult<unknown>): boolean {
  return !result.ok && result.failure.kind === 'rejected' && result.failure.status === 401;
}
