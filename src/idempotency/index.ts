// Idempotent mutations: a repeat with the same idempotencyKey (per caller) and the same input answers the first
// result without calling connectFi again; the same key with another input answers IdempotencyKeyReuseError;
// concurrent duplicates wait for the first and share its answer (in this process through one shared promise,
// across instances through the Redis store).
//
// What is stored: every answer from connectFi (success, its business refusals) and every UNKNOWN outcome, so a
// retry can never apply a change twice. What is not: an UpstreamError with outcome NOT_APPLIED (connectFi was not
// reached, the circuit is open, rate limited, the gateway could not log in): nothing happened, so running it
// again is safe, and a client must be able to retry with the same key once connectFi is back. The gateway's own
// input checks run before a key is taken: they cost no connectFi call and answer the same every time.
import { hash } from 'node:crypto';
import type { Logger } from 'pino';
import type { FieldError } from '../generated/graphql.js';
import type { IdempotencyStore } from './store.js';

export { MemoryStore, type IdempotencyStore } from './store.js';
export { RedisStore } from './redis-store.js';

export const MAX_KEY_LENGTH = 64;

/** How a request with a key was answered (metrics label and log field). */
export type IdempotencyResult =
  | 'executed' // first use: connectFi was called and the answer stored
  | 'executed_not_stored' // connectFi was not reached (NOT_APPLIED): answered, key released
  | 'replayed' // answered from the store
  | 'shared' // joined a concurrent duplicate in this process
  | 'waited' // waited for a concurrent duplicate on another instance, then replayed
  | 'orphaned' // the first request's instance vanished mid-call: UNKNOWN pinned
  | 'mismatch' // same key, different input
  | 'unavailable'; // the store could not be reached: refused, nothing sent

interface Member {
  __typename: string;
  outcome?: string;
}

export interface IdempotencyOptions {
  /** Give up waiting for a concurrent duplicate after this long (its owner renews its lease while alive). */
  maxWaitMs: number;
  logger: Logger;
  onResult?: (result: IdempotencyResult) => void;
}

export function validateIdempotencyKey(key: string | null | undefined): FieldError[] {
  if (key === undefined || key === null) return [];
  const length = [...key].length;
  if (length < 1 || length > MAX_KEY_LENGTH) {
    return [{ __typename: 'FieldError', path: ['idempotencyKey'], message: `Must be 1 to ${MAX_KEY_LENGTH} characters.` }];
  }
  return [];
}

/** Nothing was applied, so nothing is pinned: a retry with the same key may run again. */
export function isStored(member: Member): boolean {
  return !(member.__typename === 'UpstreamError' && member.outcome === 'NOT_APPLIED');
}

export class Idempotency {
  private readonly inFlight = new Map<string, { fingerprint: string; answer: Promise<{ json: string; result: IdempotencyResult }> }>();

  constructor(
    readonly store: IdempotencyStore,
    private readonly options: IdempotencyOptions,
  ) {}

  /**
   * Runs `execute` at most once per (caller, key, input) within the TTL and answers its result to every repeat.
   * `input` is the normalised request (the wire body), fingerprinted in canonical JSON.
   */
  async run<M extends Member>(
    callerId: string, idempotencyKey: string, input: unknown, execute: () => Promise<M>,
  ): Promise<{ member: M; result: IdempotencyResult }> {
    const key = sha256(`${callerId}\u0000${idempotencyKey}`);
    const fingerprint = sha256(canonicalJson(input));
    const joined = this.inFlight.get(key);
    let answer: { json: string; result: IdempotencyResult };
    if (joined !== undefined) {
      if (joined.fingerprint !== fingerprint) answer = { json: JSON.stringify(reuseError(idempotencyKey)), result: 'mismatch' };
      else answer = { ...(await joined.answer), result: 'shared' };
    } else {
      const lead = this.lead(key, fingerprint, idempotencyKey, execute);
      this.inFlight.set(key, { fingerprint, answer: lead });
      try {
        answer = await lead;
      } finally {
        this.inFlight.delete(key);
      }
    }
    this.options.onResult?.(answer.result);
    return { member: JSON.parse(answer.json) as M, result: answer.result };
  }

  private async lead(
    key: string, fingerprint: string, idempotencyKey: string, execute: () => Promise<Member>,
  ): Promise<{ json: string; result: IdempotencyResult }> {
    const deadline = Date.now() + this.options.maxWaitMs;
    let pollMs = 20;
    let waited = false;
    for (;;) {
      let acquired;
      try {
        acquired = await this.store.acquire(key, fingerprint, ORPHAN_JSON);
      } catch (error) {
        this.options.logger.error({ event: 'idempotency.store_failed', err: errorMessage(error) }, 'idempotency store unavailable');
        return { json: STORE_UNAVAILABLE_JSON, result: 'unavailable' };
      }
      switch (acquired.kind) {
        case 'done':
          return { json: acquired.record, result: waited ? 'waited' : 'replayed' };
        case 'orphan':
          this.options.logger.warn({ event: 'idempotency.orphaned' }, 'an idempotent request lost its owner mid-call: pinned as UNKNOWN');
          return { json: acquired.record, result: 'orphaned' };
        case 'mismatch':
          return { json: JSON.stringify(reuseError(idempotencyKey)), result: 'mismatch' };
        case 'pending':
          if (Date.now() >= deadline) return { json: IN_PROGRESS_JSON, result: 'waited' };
          waited = true;
          await sleep(pollMs);
          pollMs = Math.min(pollMs * 2, 200);
          continue;
        case 'owner': {
          const { lease } = acquired;
          let member: Member;
          try {
            member = await execute();
          } catch (error) {
            await lease.abandon().catch(() => undefined);
            throw error;
          }
          const json = JSON.stringify(member);
          try {
            if (isStored(member)) await lease.complete(json);
            else await lease.abandon();
          } catch (error) {
            // The answer still goes to this caller; a repeat finds the lease expired and answers UNKNOWN.
            this.options.logger.error({ event: 'idempotency.store_failed', err: errorMessage(error) }, 'could not store an idempotent result');
          }
          return { json, result: isStored(member) ? 'executed' : 'executed_not_stored' };
        }
      }
    }
  }
}

export function reuseError(idempotencyKey: string) {
  return {
    __typename: 'IdempotencyKeyReuseError' as const,
    code: 'IDEMPOTENCY_KEY_REUSED',
    message: 'This idempotencyKey was already used with a different input. Nothing was sent to connectFi: use a new key for a new request.',
    requestId: null,
    idempotencyKey,
  };
}

const ORPHAN_JSON = JSON.stringify({
  __typename: 'UpstreamError',
  code: 'UPSTREAM_OUTCOME_UNKNOWN',
  message: 'The first request with this idempotencyKey stopped before its answer was known. The change may or may not have been applied: read the state before retrying with a new key.',
  requestId: null,
  retryable: true,
  outcome: 'UNKNOWN',
});

const STORE_UNAVAILABLE_JSON = JSON.stringify({
  __typename: 'UpstreamError',
  code: 'IDEMPOTENCY_UNAVAILABLE',
  message: 'The idempotency store could not be reached, so the request was not sent to connectFi. Retry with the same key.',
  requestId: null,
  retryable: true,
  outcome: 'NOT_APPLIED',
});

const IN_PROGRESS_JSON = JSON.stringify({
  __typename: 'UpstreamError',
  code: 'IDEMPOTENCY_KEY_IN_PROGRESS',
  message: 'A request with this idempotencyKey is still running. Retry with the same key to get its answer.',
  requestId: null,
  retryable: true,
  outcome: 'UNKNOWN',
});

function sha256(text: string): string {
  return hash('sha256', text, 'base64url');
}

/** JSON with object keys sorted at every level, so key order never changes a fingerprint. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
