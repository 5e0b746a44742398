// What a connectFi call comes back as, in connectFi's terms: a success envelope, connectFi's refusal (4xx with
// its error body), or a failure with no usable answer and what it means for a change that may have been sent.
import { CircuitOpenError } from './breaker.js';
import type { TransportError, TransportResponse } from './transport.js';
import type { WireError, WireSuccess } from './wire.js';
import { isJsonObject, parseJsonOrUndefined } from '../json.js';

/** Whether a failed call may have changed anything at connectFi. */
export type CallOutcome = 'NOT_APPLIED' | 'UNKNOWN';

export type UpstreamFailureCode =
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
  | FailedCall;

export interface FailedCall {
  kind: 'failed';
  code: UpstreamFailureCode;
  outcome: CallOutcome;
  retryable: boolean;
  requestId?: string;
  /** How long connectFi asked us to wait (its Retry-After on a 429). */
  retryAfterMs?: number;
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; failure: CallFailure };

/** What one connectFi call was, for whoever observes calls (a request's log line and metrics). */
export interface UpstreamCallRecord {
  /** Method and route template, e.g. "GET /customer/kyc/status/:customerId": never a customer ID. */
  endpoint: string;
  status?: number;
  ms: number;
  requestId?: string;
  error?: string;
}

export interface CallObserver {
  upstreamCall(record: UpstreamCallRecord): void;
}

const failed = (code: UpstreamFailureCode, outcome: CallOutcome, retryable: boolean, requestId?: string): FailedCall =>
  ({ kind: 'failed', code, outcome, retryable, requestId });

export function transportFailure(error: TransportError): FailedCall {
  if (error instanceof CircuitOpenError) return failed('UPSTREAM_CIRCUIT_OPEN', 'NOT_APPLIED', true);
  switch (error.failure) {
    case 'not-sent': return failed('UPSTREAM_UNAVAILABLE', 'NOT_APPLIED', true);
    case 'timeout': return failed('UPSTREAM_TIMEOUT', 'UNKNOWN', true);
    case 'broken': return failed('UPSTREAM_CONNECTION_LOST', 'UNKNOWN', true);
  }
}

/** HTTP status + body → result. 4xx means connectFi refused (nothing applied); 5xx or nonsense means unknown. */
export function interpret<T extends WireSuccess<unknown>>({ status, body, retryAfter }: TransportResponse): CallResult<T> {
  const json = parseJsonOrUndefined(body);
  const requestId = isJsonObject(json) && typeof json.requestId === 'string' ? json.requestId : undefined;
  if (status === 200) {
    if (isSuccess<T>(json)) return { ok: true, value: json };
    return { ok: false, failure: failed('UPSTREAM_BAD_RESPONSE', 'UNKNOWN', true, requestId) };
  }
  if (status === 429) return { ok: false, failure: { ...failed('UPSTREAM_RATE_LIMITED', 'NOT_APPLIED', true, requestId), retryAfterMs: retryAfterMs(retryAfter) } };
  if (status >= 400 && status < 500) {
    if (isWireError(json)) return { ok: false, failure: { kind: 'rejected', status, error: json } };
    return { ok: false, failure: failed('UPSTREAM_BAD_RESPONSE', 'NOT_APPLIED', false, requestId) };
  }
  if (status >= 500) return { ok: false, failure: failed('UPSTREAM_SERVER_ERROR', 'UNKNOWN', true, requestId) };
  return { ok: false, failure: failed('UPSTREAM_BAD_RESPONSE', 'UNKNOWN', true, requestId) };
}

/** Retry-After as seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const TRANSIENT_READ_FAILURES: ReadonlySet<UpstreamFailureCode> = new Set([
  'UPSTREAM_TIMEOUT', 'UPSTREAM_SERVER_ERROR', 'UPSTREAM_CONNECTION_LOST', 'UPSTREAM_BAD_RESPONSE',
]);

/** A failure that may pass if a read is asked again. */
export function isTransientReadFailure(failure: CallFailure): boolean {
  return failure.kind === 'failed' && TRANSIENT_READ_FAILURES.has(failure.code);
}

export function requestIdOf(failure: CallFailure): string | undefined {
  return failure.kind === 'rejected' ? failure.error.requestId : failure.requestId;
}

/** The code a log line or metric reports for a failure: connectFi's, else the gateway's. */
export function failureCode(failure: CallFailure): string {
  return failure.kind === 'rejected' ? failure.error.code : failure.code;
}

// The envelope is checked; what is inside `data` is connectFi's contract, read defensively by the mapping.
function isSuccess<T extends WireSuccess<unknown>>(json: unknown): json is T {
  return isJsonObject(json) && json.code === '0' && isJsonObject(json.data);
}

function isWireError(json: unknown): json is WireError {
  return isJsonObject(json) && typeof json.code === 'string';
}
