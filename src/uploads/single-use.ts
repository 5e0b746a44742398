// Single use of upload URLs: a URL serves one successful upload. An upload first claims its URL (in progress), so
// two concurrent uploads with one URL never both reach connectFi; the claim becomes "used" once connectFi accepted
// the file, and is released when the upload failed, so the URL can be tried again (a repeat overwrites the file).
// Records are keyed by a hash of the token, never the token, and kept until a little after the URL expires. In this
// process, or in Redis shared by every instance (REDIS_URL).
import { createHash, randomBytes } from 'node:crypto';
import type { SharedRedis } from '../redis.js';

export type Claim =
  | { state: 'claimed'; consume(): Promise<void>; release(): Promise<void> }
  | { state: 'used' | 'in_progress' };

export interface SingleUse {
  /** `expiresAtMs`: when the URL stops working anyway. Rejects when the record cannot be checked. */
  claim(token: string, expiresAtMs: number): Promise<Claim>;
}

// Instances' clocks may differ a little: a record outlives its URL, so no instance still accepts an unrecorded one.
const KEEP_AFTER_EXPIRY_MS = 5 * 60_000;
const SWEEP_EVERY_MS = 60_000;

export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class MemorySingleUse implements SingleUse {
  private readonly records = new Map<string, { used: boolean; until: number }>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async claim(token: string, expiresAtMs: number): Promise<Claim> {
    this.sweep();
    const key = tokenKey(token);
    const existing = this.records.get(key);
    if (existing && existing.until > this.now()) return { state: existing.used ? 'used' : 'in_progress' };
    const mine = { used: false, until: expiresAtMs + KEEP_AFTER_EXPIRY_MS };
    this.records.set(key, mine);
    return {
      state: 'claimed',
      consume: async () => void (mine.used = true),
      release: async () => void (this.records.get(key) === mine && this.records.delete(key)),
    };
  }

  /** Expired records go at most once a minute: a scan of the map, not a timer per URL. */
  private sweep(): void {
    const now = this.now();
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_EVERY_MS;
    for (const [key, record] of this.records) if (record.until <= now) this.records.delete(key);
  }
}

// KEYS[1]; ARGV claim value, ttlMs. Atomic: 'claimed', or the value already there ('used' or another claim).
const CLAIM = `if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 'claimed' end
return redis.call('GET', KEYS[1])`;
// KEYS[1]; ARGV claim value. Only while this claim holds the record.
const CONSUME = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], 'used', 'KEEPTTL') end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class RedisSingleUse implements SingleUse {
  constructor(private readonly redis: SharedRedis, private readonly now: () => number = Date.now) {}

  async claim(token: string, expiresAtMs: number): Promise<Claim> {
    const { client, prefix } = this.redis;
    const key = `${prefix}upload:${tokenKey(token)}`;
    const mine = `claim:${randomBytes(12).toString('base64url')}`;
    const ttlMs = Math.max(1, expiresAtMs + KEEP_AFTER_EXPIRY_MS - this.now());
    const answer = await client.eval(CLAIM, 1, key, mine, ttlMs);
    if (answer !== 'claimed') return { state: answer === 'used' ? 'used' : 'in_progress' };
    return {
      state: 'claimed',
      consume: async () => void (await client.eval(CONSUME, 1, key, mine)),
      release: async () => void (await client.eval(RELEASE, 1, key, mine)),
    };
  }
}
