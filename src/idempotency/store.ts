// Where idempotency records live: one record per (caller, idempotencyKey), holding the fingerprint of the input
// and, once known, the union member answered (as JSON). MemoryStore is the single-instance default; RedisStore
// (redis-store.ts) is shared by every instance.

/** What a store says when a request with an idempotency key arrives. */
export type Acquired =
  /** Nobody has this key: the caller now owns it and must complete() or abandon() the lease. */
  | { kind: 'owner'; lease: Lease }
  /** A result is stored: answer it again. */
  | { kind: 'done'; record: string }
  /** The previous owner vanished mid-call (its lease ran out): the store pinned `record`, an UNKNOWN outcome. */
  | { kind: 'orphan'; record: string }
  /** The key was used with a different input. */
  | { kind: 'mismatch' }
  /** Another request with this key and the same input is running: ask again shortly. */
  | { kind: 'pending' };

export interface Lease {
  /** Store the answer (JSON of the union member) for the TTL. */
  complete(record: string): Promise<void>;
  /** Release the key without storing anything, so a retry with the same key runs again. */
  abandon(): Promise<void>;
}

export interface IdempotencyStore {
  readonly kind: 'memory' | 'redis';
  /** `orphanRecord` is what to pin when the key's owner is found gone mid-call. */
  acquire(key: string, fingerprint: string, orphanRecord: string): Promise<Acquired>;
}

interface Entry {
  fingerprint: string;
  /** undefined while the owner is running. */
  record?: string;
  expiresAt: number;
}

/**
 * In-process store: a Map in least-recently-used order, bounded to `maxEntries` completed records (entries in
 * progress are never evicted; they are bounded by the requests in flight), each kept for `ttlMs`.
 */
export class MemoryStore implements IdempotencyStore {
  readonly kind = 'memory';
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async acquire(key: string, fingerprint: string): Promise<Acquired> {
    const now = this.now();
    let entry = this.entries.get(key);
    if (entry !== undefined && entry.record !== undefined && entry.expiresAt <= now) {
      this.entries.delete(key);
      entry = undefined;
    }
    if (entry === undefined) {
      const mine: Entry = { fingerprint, expiresAt: now + this.ttlMs };
      this.entries.set(key, mine);
      return { kind: 'owner', lease: this.lease(key, mine) };
    }
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (entry.record === undefined) return { kind: 'pending' };
    this.entries.delete(key); // most recently used goes last
    this.entries.set(key, entry);
    return { kind: 'done', record: entry.record };
  }

  private lease(key: string, mine: Entry): Lease {
    return {
      complete: async (record) => {
        if (this.entries.get(key) !== mine) return;
        this.entries.delete(key);
        this.entries.set(key, { ...mine, record, expiresAt: this.now() + this.ttlMs });
        this.evict();
      },
      abandon: async () => {
        if (this.entries.get(key) === mine) this.entries.delete(key);
      },
    };
  }

  private evict(): void {
    if (this.entries.size <= this.maxEntries) return;
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries) break;
      if (entry.record !== undefined || entry.expiresAt <= now) this.entries.delete(key);
    }
  }
}
