// The optional Redis connection (REDIS_URL) that N gateway instances share: idempotency records and the connectFi
// token. Every command is bounded in time so a slow or unreachable Redis never hangs a GraphQL request; callers
// decide what a failure means (idempotency refuses, the token falls back to a local login).
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface SharedRedis {
  client: Redis;
  /** Prepended to every key (REDIS_KEY_PREFIX), so several deployments or test runs can share one Redis. */
  prefix: string;
  /** True when Redis answers PING within a short time (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const COMMAND_TIMEOUT_MS = 2_000;

export function connectRedis(url: string, prefix: string, logger: Logger): SharedRedis {
  const client = new Redis(url, {
    lazyConnect: false,
    connectTimeout: COMMAND_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // While disconnected, commands fail after one reconnect attempt instead of queueing for a long time.
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2_000),
    connectionName: 'connectfi-gateway',
  });
  let healthy: boolean | undefined;
  client.on('ready', () => {
    if (healthy !== true) logger.info({ event: 'redis.ready' }, 'Redis connected');
    healthy = true;
  });
  client.on('error', (error: Error) => {
    // ioredis emits an error per failed reconnect: log only the transitions. Never log the URL (it may hold a password).
    if (healthy !== false) logger.error({ event: 'redis.error', err: error.message }, 'Redis unavailable');
    healthy = false;
  });
  return {
    client,
    prefix,
    async ping() {
      if (client.status !== 'ready') return false; // connecting or reconnecting: not usable now
      try {
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      if (client.status !== 'ready') {
        client.disconnect(); // never connected, or reconnecting: QUIT would wait for a connection
        return;
      }
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
