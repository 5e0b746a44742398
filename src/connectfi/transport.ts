// One small interface over the HTTP client that talks to connectFi, so the client can use undici (default,
// about 2x cheaper per request) or node-fetch. Both report failures the same way: see classifyTransportError.
import type { Readable } from 'node:stream';
import { createNodeFetchTransport } from './transport-node-fetch.js';
import { createUndiciTransport } from './transport-undici.js';

export type HttpClientKind = 'undici' | 'node-fetch';

export interface TransportRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** JSON text, or a stream (an upload) sent as it comes: it can be sent only once. */
  body?: string | Readable;
  /**
   * Limit on connecting, on each pause while connectFi takes a streamed body, on waiting for the answer's headers,
   * and on each pause in the answer's body. A streamed body waiting on its own source is not timed here.
   */
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  /** The whole body: a body cut short is a TransportError, never a partial string. */
  body: string;
  /** The Retry-After header, when connectFi sent one (429). */
  retryAfter?: string;
}

export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

/**
 * Where the exchange broke. `not-sent`: the request never reached connectFi (nothing can have happened there).
 * `timeout` and `broken`: it may have reached connectFi, so a mutation's outcome is unknown.
 */
export type TransportFailure = 'not-sent' | 'timeout' | 'broken';

export class TransportError extends Error {
  constructor(readonly failure: TransportFailure, cause: unknown) {
    super(`connectFi transport ${failure}`, { cause });
  }
}

/**
 * The gateway stopped a streamed body itself (the upload was refused mid-stream, or its client went away): the
 * request was cut before its end, so connectFi cannot take it as complete. The producer destroys the body with it.
 * Not connectFi's failure: the breaker does not count it.
 */
export class BodyAbortedError extends TransportError {
  constructor(readonly reason: string) {
    super('broken', undefined);
    this.message = `request body aborted by the gateway: ${reason}`;
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
// Errors raised before a single byte could reach the server.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT',
]);

export function classifyTransportError(error: unknown, aborted = false, body?: TransportRequest['body']): TransportError {
  if (error instanceof TransportError) return error;
  // However the HTTP client wraps it, a body the gateway stopped itself is reported as such.
  if (typeof body === 'object' && body.errored instanceof BodyAbortedError) return body.errored;
  if (aborted) return new TransportError('timeout', error);
  // Walk the cause chain by shape, not instanceof: errors may come from another realm (e.g. a test VM).
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e && typeof e === 'object'; e = e.cause as typeof e) {
    if (typeof e.code !== 'string') continue;
    if (NOT_SENT_CODES.has(e.code)) return new TransportError('not-sent', error);
    if (TIMEOUT_CODES.has(e.code)) return new TransportError('timeout', error);
  }
  return new TransportError('broken', error);
}

export function createTransport(kind: HttpClientKind, maxSockets: number, connectTimeoutMs: number): Transport {
  return kind === 'node-fetch' ? createNodeFetchTransport(maxSockets) : createUndiciTransport(maxSockets, connectTimeoutMs);
}
