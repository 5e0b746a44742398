// Per-caller rate limits with GCRA (the generic cell rate algorithm): one number per (caller, class), the
// theoretical arrival time (TAT) of the next operation. Counted in Redis when the gateway has it (every instance
// shares the count; Redis's clock, so instances need not agree on time), in this process otherwise. If Redis
// fails, this process counts alone until it is back: limits loosen to per instance, they never stop traffic.
import type { Logger } from 'pino';
import type { SharedRedis } from '../redis.js';
import type { OperationClass, Rate, RatePolicy } from './policy.js';

export type Verdict = { allowed: true } | { allowed: false; retryAfterMs: number };

const ALLOWED: Verdict = { allowed: true };
const MAX_LOCAL_KEYS = 100_000;

/** GCRA step: the new TAT if the operation is allowed at `now`, else how long until it would be. */
export function gcra(tat: number, now: number, rate: Rate): { allowed: true; tat: number } | { allowed: false; retryAfterMs: number } {
  const interval = rate.periodMs / rate.limit;
  const next = Math.max(tat, now) + interval;
  const allowAt = next - rate.periodMs;
  return now < allowAt ? { allowed: false, retryAfterMs: Math.ceil(allowAt - now) } : { allowed: true, tat: next };
}

// The same step in Redis, atomically, on Redis's clock. KEYS[1] the TAT; ARGV interval and period in ms.
const GCRA_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local nxt = math.max(tat, now) + interval
local allowAt = nxt - period
if now < allowAt then return math.ceil(allowAt - now) end
redis.call('SET', KEYS[1], tostring(nxt), 'PX', math.ceil(nxt - now))
return 0`;

type Scripts = { rateGcra(key: string, interval: number, period: number): Promise<number> };

export class RateLimiter {
  private readonly local = new Map<string, number>();
  private readonly scripts?: Scripts;

  constructor(
    private readonly policy: RatePolicy,
    private readonly options: { redis?: SharedRedis; logger: Logger; now?: () => number },
  ) {
    if (options.redis) {
      options.redis.client.defineCommand('rateGcra', { numberOfKeys: 1, lua: GCRA_LUA });
      this.scripts = options.redis.client as unknown as Scripts;
    }
  }

  get limitsAnything(): boolean {
    return Object.keys(this.policy).length > 0;
  }

  /** Counts one operation of `operationClass` for `callerId`. */
  async take(callerId: string, operationClass: OperationClass): Promise<Verdict> {
    const rate = this.policy[operationClass];
    if (rate === undefined) return ALLOWED;
    const key = `${operationClass}\u0000${callerId}`;
    if (this.scripts) {
      try {
        const wait = await this.scripts.rateGcra(`${this.options.redis!.prefix}rate:${key}`, rate.periodMs / rate.limit, rate.periodMs);
        return wait > 0 ? { allowed: false, retryAfterMs: wait } : ALLOWED;
      } catch (error) {
        this.options.logger.warn({ event: 'rate_limit.redis_failed', err: (error as Error).message }, 'rate limits counted in this process while Redis fails');
      }
    }
    return this.takeLocally(key, rate);
  }

  private takeLocally(key: string, rate: Rate): Verdict {
    const now = (this.options.now ?? Date.now)();
    const step = gcra(this.local.get(key) ?? 0, now, rate);
    if (!step.allowed) return step;
    this.local.delete(key); // re-inserted last: the Map's order is least recently used first
    this.local.set(key, step.tat);
    if (this.local.size > MAX_LOCAL_KEYS) this.local.delete(this.local.keys().next().value!);
    return ALLOWED;
  }
}
