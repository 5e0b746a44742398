// The connectFi token shared by every gateway instance through Redis. N instances starting together log in once:
// the first takes a short lock (SET NX PX), logs in and stores the token; the others wait for it to appear. Each
// instance keeps the token in memory until its refresh time (a tenth of its lifetime early), then reads Redis
// again. A token connectFi refuses (401) is deleted from Redis too, only if it is still the stored one.
//
// The token is stored encrypted (AES-256-GCM, key derived from the connectFi credentials every instance has), so
// reading Redis alone does not give a usable connectFi token. It is never logged. When Redis fails, the instance
// logs in by itself (one login per instance at worst): availability over saving a login.
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { SharedRedis } from '../redis.js';
import { Sealer } from '../sealed.js';
import { TokenCache, refreshTime, type TokenSource } from './tokens.js';
import type { WireToken } from './wire.js';

export interface SharedTokenOptions {
  redis: SharedRedis;
  /** connectFi instance and credentials: the Redis key is scoped to them and the encryption key derived from them. */
  baseUrl: string;
  login: string;
  password: string;
  /** How long one login may take (the connectFi timeout); the lock lives a little longer. */
  loginTimeoutMs: number;
  logger: Logger;
  now?: () => number;
}

interface Stored {
  token: string;
  refreshAt: number;
  /** The exact value in Redis, for compare-and-delete. */
  raw: string;
}

const POLL_MS = 50;
const LOCAL_AFTER_REDIS_FAILURE_MS = 5_000;
// KEYS[1]; ARGV value: delete only if the key still holds this value.
const DELETE_IF_EQUAL = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class SharedTokenCache implements TokenSource {
  private current?: Stored;
  private pending?: Promise<string>;
  /** The last token connectFi refused: never taken from Redis again, even if deleting it there failed. */
  private refused?: string;
  /** After a Redis failure, this instance uses its own token for a while instead of paying for Redis again. */
  private localUntil = 0;
  private readonly fallback: TokenCache;
  private readonly key: string;
  private readonly lockKey: string;
  private readonly sealer: Sealer;
  private readonly lockMs: number;
  private readonly now: () => number;

  constructor(
    private readonly login: () => Promise<WireToken>,
    private readonly options: SharedTokenOptions,
  ) {
    this.now = options.now ?? Date.now;
    const scope = createHash('sha256').update(`${options.baseUrl}\u0000${options.login}`).digest('hex').slice(0, 24);
    this.key = `${options.redis.prefix}connectfi:token:${scope}`;
    this.lockKey = `${this.key}:lock`;
    this.sealer = new Sealer(options.password, `${options.baseUrl}\u0000${options.login}`, 'connectfi-token-cache/v1');
    this.lockMs = options.loginTimeoutMs + 5_000;
    this.fallback = new TokenCache(login, this.now);
  }

  peek(): string | undefined {
    if (this.current && this.now() < this.current.refreshAt) return this.current.token;
    return this.now() < this.localUntil ? this.fallback.peek() : undefined;
  }

  get(): Promise<string> {
    const token = this.peek();
    if (token !== undefined) return Promise.resolve(token);
    if (this.now() < this.localUntil) return this.fallback.get();
    this.pending ??= this.refresh().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  async invalidate(token: string): Promise<void> {
    this.refused = token;
    this.fallback.invalidate(token);
    const current = this.current;
    if (current?.token !== token) return;
    this.current = undefined;
    try {
      await this.options.redis.client.eval(DELETE_IF_EQUAL, 1, this.key, current.raw);
    } catch (error) {
      this.redisFailed(error);
    }
  }

  /** A Redis command; its failure becomes a RedisUnavailable, told apart from the login's own failure. */
  private async redis<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new RedisUnavailable(error);
    }
  }

  private async refresh(): Promise<string> {
    const { client } = this.options.redis;
    const deadline = this.now() + this.lockMs + 2_000;
    try {
      for (;;) {
        const stored = await this.readUsable();
        if (stored !== undefined) return stored;
        const owner = randomBytes(12).toString('base64url');
        if ((await this.redis(() => client.set(this.lockKey, owner, 'PX', this.lockMs, 'NX'))) === 'OK') {
          try {
            // The instance that held the lock may have stored its token and released the lock between our read
            // and our lock: read again, or we would log in a second time.
            return (await this.readUsable()) ?? (await this.loginAndStore());
          } finally {
            await client.eval(DELETE_IF_EQUAL, 1, this.lockKey, owner).catch(() => undefined);
          }
        }
        if (this.now() >= deadline) {
          this.options.logger.warn({ event: 'connectfi.token_wait_timeout' }, 'waited too long for another instance to log in: logging in here');
          return await this.fallback.get();
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } catch (error) {
      if (!(error instanceof RedisUnavailable)) throw error; // the login's own failure: the client maps it
      this.redisFailed(error.cause);
      return this.fallback.get();
    }
  }

  /** The token in Redis, when it is there, not due for refresh, and not one connectFi refused. */
  private async readUsable(): Promise<string | undefined> {
    const stored = this.decode(await this.redis(() => this.options.redis.client.get(this.key)));
    if (stored === undefined || this.now() >= stored.refreshAt || stored.token === this.refused) return undefined;
    this.current = stored;
    return stored.token;
  }

  private async loginAndStore(): Promise<string> {
    const issuedAt = this.now();
    const { token, dtsExpireAt } = await this.login();
    const { refreshAt, expiresAt } = refreshTime(issuedAt, dtsExpireAt);
    const raw = this.encode({ token, refreshAt });
    this.current = { token, refreshAt, raw };
    const ttlMs = Math.max(1, Math.floor(expiresAt - this.now()));
    try {
      await this.options.redis.client.set(this.key, raw, 'PX', ttlMs);
    } catch (error) {
      this.redisFailed(error); // this instance has its token; the others will log in by themselves
    }
    return token;
  }

  private encode(value: { token: string; refreshAt: number }): string {
    return this.sealer.seal(JSON.stringify(value));
  }

  private decode(raw: string | null): Stored | undefined {
    if (raw === null) return undefined;
    try {
      const json = this.sealer.open(raw);
      if (json === undefined) return undefined;
      const value = JSON.parse(json) as { token?: unknown; refreshAt?: unknown };
      if (typeof value.token !== 'string' || typeof value.refreshAt !== 'number') return undefined;
      return { token: value.token, refreshAt: value.refreshAt, raw };
    } catch {
      return undefined; // written with other credentials, or damaged: log in again
    }
  }

  private redisFailed(error: unknown): void {
    this.localUntil = this.now() + LOCAL_AFTER_REDIS_FAILURE_MS;
    this.options.logger.warn(
      { event: 'connectfi.token_cache_unavailable', err: error instanceof Error ? error.message : String(error) },
      'shared token cache unavailable: this instance logs in by itself',
    );
  }
}

class RedisUnavailable extends Error {
  constructor(cause: unknown) {
    super('Redis unavailable', { cause });
  }
}
