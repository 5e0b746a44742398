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
import type { IdempotencyStore, Lease } from './store.js';

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

/** Why a request was answered by the store instead of by running it. */
export type IdempotencyRefusal =
  | 'mismatch' // same key, different input
  | 'orphaned' // the first request's instance vanished mid-call: its outcome is unknown
  | 'unavailable' // the store could not be reached: nothing was run
  | 'in_progress'; // a duplicate is still running after maxWaitMs

export type IdempotentAnswer<T> =
  | { kind: 'answer'; value: T; result: IdempotencyResult }
  | { kind: 'refused'; refusal: IdempotencyRefusal; result: IdempotencyResult };

export interface IdempotencyOptions {
  /** Whether an answer is kept: answers that changed nothing are not, so a retry with the same key runs again. */
  keep: (value: unknown) => boolean;
  /** Give up waiting for a concurrent duplicate after this long (its owner renews its lease while alive). */
  maxWaitMs: number;
  logger: Logger;
  onResult?: (result: IdempotencyResult) => void;
}

/** The problem with a key, if any: keys are 1 to MAX_KEY_LENGTH characters. */
export function idempotencyKeyProblem(key: string | null | undefined): string | undefined {
  if (key === undefined || key === null) return undefined;
  const length = [...key].length;
  return length < 1 || length > MAX_KEY_LENGTH ? `Must be 1 to ${MAX_KEY_LENGTH} characters.` : undefined;
}

// Pinned when a key's owner vanished mid-call. Records from before it existed pinned an UpstreamError instead,
// which still reads back as an answer with an UNKNOWN outcome.
const ORPHAN_RECORD = '{"$orphaned":true}';

type Settled = { record: string; result: IdempotencyResult } | { refusal: IdempotencyRefusal; result: IdempotencyResult };

export class Idempotency {
  private readonly inFlight = new Map<string, { fingerprint: string; settled: Promise<Settled> }>();

  constructor(
    readonly store: IdempotencyStore,
    private readonly options: IdempotencyOptions,
  ) {}

  /**
   * Runs `execute` at most once per (caller, key, input) within the TTL and answers its result to every repeat.
   * `input` is the normalised request (the wire body), fingerprinted in canonical JSON; answers are kept as JSON.
   */
  async run<T>(callerId: string, idempotencyKey: string, input: unknown, execute: () => Promise<T>): Promise<IdempotentAnswer<T>> {
    const key = sha256(`${callerId}\u0000${idempotencyKey}`);
    const fingerprint = sha256(canonicalJson(input));
    const joined = this.inFlight.get(key);
    let settled: Settled;
    if (joined !== undefined) {
      settled = joined.fingerprint !== fingerprint ? { refusal: 'mismatch', result: 'mismatch' } : { ...(await joined.settled), result: 'shared' };
    } else {
      const lead = this.lead(key, fingerprint, execute);
      this.inFlight.set(key, { fingerprint, settled: lead });
      try {
        settled = await lead;
      } finally {
        this.inFlight.delete(key);
      }
    }
    this.options.onResult?.(settled.result);
    if ('refusal' in settled) return { kind: 'refused', refusal: settled.refusal, result: settled.result };
    if (settled.record === ORPHAN_RECORD) return { kind: 'refused', refusal: 'orphaned', result: settled.result };
    return { kind: 'answer', value: JSON.parse(settled.record) as T, result: settled.result };
  }

  private async lead(key: string, fingerprint: string, execute: () => Promise<unknown>): Promise<Settled> {
    const deadline = Date.now() + this.options.maxWaitMs;
    let pollMs = 20;
    let waited = false;
    for (;;) {
      let acquired;
      try {
        acquired = await this.store.acquire(key, fingerprint, ORPHAN_RECORD);
      } catch (error) {
        this.options.logger.error({ event: 'idempotency.store_failed', err: errorMessage(error) }, 'idempotency store unavailable');
        return { refusal: 'unavailable', result: 'unavailable' };
      }
      switch (acquired.kind) {
        case 'done':
          return { record: acquired.record, result: waited ? 'waited' : 'replayed' };
        case 'orphan':
          this.options.logger.warn({ event: 'idempotency.orphaned' }, 'an idempotent request lost its owner mid-call: pinned as UNKNOWN');
          return { record: acquired.record, result: 'orphaned' };
        case 'mismatch':
          return { refusal: 'mismatch', result: 'mismatch' };
        case 'pending':
          if (Date.now() >= deadline) return { refusal: 'in_progress', result: 'waited' };
          waited = true;
          await sleep(pollMs);
          pollMs = Math.min(pollMs * 2, 200);
          continue;
        case 'owner':
          return this.own(acquired.lease, execute);
      }
    }
  }

  /** This request owns the key: run it, then keep its answer, or release the key when nothing was applied. */
  private async own(lease: Lease, execute: () => Promise<unknown>): Promise<Settled> {
    let value: unknown;
    try {
      value = await execute();
    } catch (error) {
      await lease.abandon().catch(() => undefined);
      throw error;
    }
    const record = JSON.stringify(value);
    const kept = this.options.keep(value);
    try {
      if (kept) await lease.complete(record);
      else await lease.abandon();
    } catch (error) {
      // The answer still goes to this caller; a repeat finds the lease expired and answers UNKNOWN.
      this.options.logger.error({ event: 'idempotency.store_failed', err: errorMessage(error) }, 'could not store an idempotent result');
    }
    return { record, result: kept ? 'executed' : 'executed_not_stored' };
  }
}

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
