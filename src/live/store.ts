// What the live KYC machinery remembers, in this process or in Redis shared by every instance: the last state
// published per customer and subject (so a duplicate publishes nothing), the akepa applications heard of per
// customer (so a new subscriber gets their current state first), and the per-customer poll lock (one read per
// customer per interval across instances). A Redis failure never loses an event: it publishes (at worst twice),
// polls (at worst twice), and only forgets applications.
import type { Logger } from 'pino';
import type { SharedRedis } from '../redis.js';

/** How long application IDs and last states are kept after their last change. */
export const LIVE_TTL_S = 30 * 86_400;
/** Applications remembered per customer (the most recent ones). */
export const MAX_APPLICATIONS = 20;

export interface LiveStore {
  /**
   * Records `fingerprint` (read at `readAt`, ms since the epoch) as the subject's state. False when it is the state
   * already recorded, or older than it: nothing to publish.
   */
  recordState(customerId: string, subject: string, fingerprint: string, readAt: number): Promise<boolean>;
  rememberApplication(customerId: string, applicationId: string): Promise<void>;
  applications(customerId: string): Promise<string[]>;
  /** True for the one caller, across instances, that may poll this customer now (for `ms`). */
  claimPoll(customerId: string, ms: number): Promise<boolean>;
}

/** Without Redis: bounded maps (the oldest customer is forgotten first). */
export class MemoryLiveStore implements LiveStore {
  private readonly states = new Map<string, { fingerprint: string; readAt: number }>();
  private readonly apps = new Map<string, string[]>();

  constructor(private readonly maxEntries = 100_000) {}

  async recordState(customerId: string, subject: string, fingerprint: string, readAt: number): Promise<boolean> {
    const key = `${customerId}\u0000${subject}`;
    const previous = this.states.get(key);
    if (previous && (previous.fingerprint === fingerprint || previous.readAt > readAt)) return false;
    this.states.delete(key);
    bounded(this.states, this.maxEntries).set(key, { fingerprint, readAt });
    return true;
  }

  async rememberApplication(customerId: string, applicationId: string): Promise<void> {
    const ids = (this.apps.get(customerId) ?? []).filter((id) => id !== applicationId);
    this.apps.delete(customerId);
    bounded(this.apps, this.maxEntries).set(customerId, [...ids, applicationId].slice(-MAX_APPLICATIONS));
  }

  async applications(customerId: string): Promise<string[]> {
    return this.apps.get(customerId) ?? [];
  }

  async claimPoll(): Promise<boolean> {
    return true; // one process: the poller already reads each customer once per interval
  }
}

function bounded<K, V>(map: Map<K, V>, max: number): Map<K, V> {
  if (map.size >= max) map.delete(map.keys().next().value as K);
  return map;
}

// KEYS[1] the customer's states (a hash: subject → "readAt fingerprint"); ARGV subject, fingerprint, readAt, ttlS
const RECORD = `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v then
  local sep = string.find(v, ' ', 1, true)
  if string.sub(v, sep + 1) == ARGV[2] or tonumber(string.sub(v, 1, sep - 1)) > tonumber(ARGV[3]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3] .. ' ' .. ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1`;

interface RecordScript {
  liveRecord(key: string, subject: string, fingerprint: string, readAt: number, ttlS: number): Promise<number>;
}

export class RedisLiveStore implements LiveStore {
  private readonly client: SharedRedis['client'] & RecordScript;

  constructor(private readonly redis: SharedRedis, private readonly logger: Logger) {
    redis.client.defineCommand('liveRecord', { numberOfKeys: 1, lua: RECORD });
    this.client = redis.client as SharedRedis['client'] & RecordScript;
  }

  async recordState(customerId: string, subject: string, fingerprint: string, readAt: number): Promise<boolean> {
    try {
      return (await this.client.liveRecord(this.key('state', customerId), subject, fingerprint, readAt, LIVE_TTL_S)) === 1;
    } catch (error) {
      this.failed('record', error);
      return true; // publish: a duplicate is better than a missed change
    }
  }

  async rememberApplication(customerId: string, applicationId: string): Promise<void> {
    const key = this.key('apps', customerId);
    try {
      await this.client.multi().zadd(key, Date.now(), applicationId).zremrangebyrank(key, 0, -(MAX_APPLICATIONS + 1)).expire(key, LIVE_TTL_S).exec();
    } catch (error) {
      this.failed('remember', error);
    }
  }

  async applications(customerId: string): Promise<string[]> {
    try {
      return await this.client.zrange(this.key('apps', customerId), '0', '-1');
    } catch (error) {
      this.failed('applications', error);
      return [];
    }
  }

  async claimPoll(customerId: string, ms: number): Promise<boolean> {
    try {
      return (await this.client.set(this.key('poll', customerId), '1', 'PX', ms, 'NX')) === 'OK';
    } catch (error) {
      this.failed('claim', error);
      return true; // poll anyway: a second read is better than none
    }
  }

  private key(kind: string, customerId: string): string {
    return `${this.redis.prefix}live:${kind}:${customerId}`;
  }

  private failed(step: string, error: unknown): void {
    this.logger.warn({ event: 'live.store_failed', step, err: error instanceof Error ? error.message : String(error) }, 'live KYC store unavailable');
  }
}
