// Idempotency records in Redis, shared by every gateway instance. One hash per (caller, key):
//   fp      fingerprint of the input
//   state   pending | done
//   owner   random ID of the request running it (pending only)
//   lease   Redis time (ms) until which the owner is presumed alive (pending only; renewed while it runs)
//   record  JSON of the union member answered (done only)
// Each step is one Lua script, so the check and the change are atomic across instances; times come from Redis's
// clock, so instances' clocks never matter. The whole hash expires IDEMPOTENCY_TTL_S after it was written.
// Records hold KYC data (names on cards): they are sealed (src/sealed.ts) when a Sealer is given.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { SharedRedis } from '../redis.js';
import type { Sealer } from '../sealed.js';
import type { Acquired, IdempotencyStore, Lease } from './store.js';

const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// KEYS[1] record; ARGV fingerprint, owner, leaseMs, ttlS, orphanRecord
const ACQUIRE = `${NOW}
local v = redis.call('HMGET', KEYS[1], 'fp', 'state', 'lease', 'record')
if not v[1] then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'state', 'pending', 'owner', ARGV[2], 'lease', now + tonumber(ARGV[3]))
  redis.call('EXPIRE', KEYS[1], ARGV[4])
  return {'owner'}
end
if v[1] ~= ARGV[1] then return {'mismatch'} end
if v[2] == 'done' then return {'done', v[4]} end
if tonumber(v[3]) < now then
  redis.call('HSET', KEYS[1], 'state', 'done', 'record', ARGV[5])
  redis.call('HDEL', KEYS[1], 'owner', 'lease')
  return {'orphan', ARGV[5]}
end
return {'pending'}`;

// KEYS[1] record; ARGV owner, leaseMs
const RENEW = `${NOW}
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'lease', now + tonumber(ARGV[2]))
return 1`;

// KEYS[1] record; ARGV owner, record, ttlS
const COMPLETE = `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'done', 'record', ARGV[2])
redis.call('HDEL', KEYS[1], 'owner', 'lease')
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`;

// KEYS[1] record; ARGV owner
const ABANDON = `
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

interface Scripts {
  idemAcquire(key: string, fp: string, owner: string, leaseMs: number, ttlS: number, orphan: string): Promise<Array<string | null>>;
  idemRenew(key: string, owner: string, leaseMs: number): Promise<number>;
  idemComplete(key: string, owner: string, record: string, ttlS: number): Promise<number>;
  idemAbandon(key: string, owner: string): Promise<number>;
}

/** How long an owner is presumed alive without renewing; it renews every third of it while it runs. */
export const LEASE_MS = 15_000;

export interface RedisStoreOptions {
  ttlS: number;
  logger: Logger;
  /** Seals records at rest; without it they are stored as plain JSON. */
  sealer?: Sealer;
  leaseMs?: number;
}

export class RedisStore implements IdempotencyStore {
  readonly kind = 'redis';
  private readonly scripts: Scripts;
  private readonly ttlS: number;
  private readonly leaseMs: number;
  private readonly logger: Logger;
  private readonly sealer?: Sealer;

  constructor(
    private readonly redis: SharedRedis,
    options: RedisStoreOptions,
  ) {
    this.ttlS = options.ttlS;
    this.leaseMs = options.leaseMs ?? LEASE_MS;
    this.logger = options.logger;
    this.sealer = options.sealer;
    const { client } = redis;
    client.defineCommand('idemAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    client.defineCommand('idemRenew', { numberOfKeys: 1, lua: RENEW });
    client.defineCommand('idemComplete', { numberOfKeys: 1, lua: COMPLETE });
    client.defineCommand('idemAbandon', { numberOfKeys: 1, lua: ABANDON });
    this.scripts = client as unknown as Scripts;
  }

  async acquire(key: string, fingerprint: string, orphanRecord: string): Promise<Acquired> {
    const redisKey = `${this.redis.prefix}idem:${key}`;
    const owner = randomBytes(12).toString('base64url');
    const [kind, record] = await this.scripts.idemAcquire(redisKey, fingerprint, owner, this.leaseMs, this.ttlS, this.seal(orphanRecord));
    switch (kind) {
      case 'owner':
        return { kind, lease: this.lease(redisKey, owner) };
      case 'done':
      case 'orphan': {
        if (typeof record !== 'string') throw new Error('idempotency record without a result');
        const opened = this.open(record);
        if (opened !== undefined) return { kind, record: opened };
        // Sealed under other credentials (the connectFi password was rotated): the answer is lost, not the fact
        // that the request ran, so it reads as an unknown outcome.
        this.logger.warn({ event: 'idempotency.unreadable_record' }, 'an idempotency record could not be opened');
        return { kind: 'done', record: orphanRecord };
      }
      case 'mismatch':
      case 'pending':
        return { kind };
      default:
        throw new Error(`unexpected idempotency script answer ${String(kind)}`);
    }
  }

  private seal(record: string): string {
    return this.sealer ? this.sealer.seal(record) : record;
  }

  private open(record: string): string | undefined {
    return this.sealer ? this.sealer.open(record) : record;
  }

  private lease(redisKey: string, owner: string): Lease {
    const renew = setInterval(() => {
      this.scripts.idemRenew(redisKey, owner, this.leaseMs).catch((error: unknown) => {
        this.logger.warn({ event: 'idempotency.renew_failed', err: errorMessage(error) }, 'could not renew an idempotency lease');
      });
    }, Math.max(10, Math.floor(this.leaseMs / 3)));
    renew.unref();
    return {
      complete: async (record) => {
        clearInterval(renew);
        await this.scripts.idemComplete(redisKey, owner, this.seal(record), this.ttlS);
      },
      abandon: async () => {
        clearInterval(renew);
        await this.scripts.idemAbandon(redisKey, owner);
      },
    };
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
