// The composition root: builds every long-lived part once (Redis, circuit breaker, metrics, the connectFi
// connection, the idempotency store, authentication, Apollo Server) and wires them together. No HTTP here.
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import { createAuthenticator, type Authenticator, type Caller } from './auth.js';
import { CONNECTION_POOL_SIZE, type Config } from './config.js';
import { CircuitBreaker, withBreaker } from './connectfi/breaker.js';
import { ConnectFiClient } from './connectfi/client.js';
import { RateCeiling } from './connectfi/ceiling.js';
import { ConnectFiConnection } from './connectfi/connection.js';
import { createLimiter } from './connectfi/limiter.js';
import { SharedTokenCache } from './connectfi/shared-token.js';
import { createTransport } from './connectfi/transport.js';
import { createContextFactory, type GatewayContext } from './graphql/context.js';
import { isSettled } from './graphql/results.js';
import { buildSchema } from './graphql/schema.js';
import { apolloSecurityOptions } from './graphql/security.js';
import type { GraphQLSchema } from 'graphql';
import { rateLimitPlugin } from './graphql/rate-limit.js';
import { federatedTracingWhenAsked, telemetryPlugin } from './graphql/telemetry.js';
import { Idempotency, MemoryStore, RedisStore, type IdempotencyStore } from './idempotency/index.js';
import { KycLive } from './live/kyc-live.js';
import { MemoryPubSub, RedisPubSub } from './live/pubsub.js';
import { MemoryLiveStore, RedisLiveStore } from './live/store.js';
import { WebhookTokens } from './live/webhook-tokens.js';
import { GatewayMetrics } from './metrics.js';
import { connectRedis, type SharedRedis } from './redis.js';
import { RateLimiter } from './rate-limits/limiter.js';
import { Sealer } from './sealed.js';
import { manifestCache } from './http/trusted-documents.js';
import { MemorySingleUse, RedisSingleUse, type SingleUse } from './uploads/single-use.js';
import { tracingConfigured } from './tracing.js';
import { UploadTargets } from './uploads/targets.js';

/** Where connectFi is: CONNECTFI_BASE_URL, or the embedded simulator's URL. */
export interface ConnectFiTarget {
  baseUrl: string;
  login: string;
  password: string;
}

export interface App {
  apollo: ApolloServer<GatewayContext>;
  uploadTargets: UploadTargets;
  /** Which upload URLs were used: in this process, or in Redis. */
  uploadUses: SingleUse;
  authenticator: Authenticator;
  createContext: (caller: Caller) => Promise<GatewayContext>;
  connection: ConnectFiConnection;
  breaker: CircuitBreaker;
  metrics: GatewayMetrics;
  redis?: SharedRedis;
  /** The executable schema Apollo serves, also run by the WebSocket server (subscriptions), with the same limits. */
  schema: GraphQLSchema;
  security: ReturnType<typeof apolloSecurityOptions>;
  /** Live KYC status: webhooks in, subscriptions out (src/live/). */
  live: KycLive;
  /** Stops Apollo, then closes connectFi's connections (without waiting for them after a cut) and Redis. */
  close(options: { abandonInFlight: boolean }): Promise<void>;
}

/** `ownUrl`: this gateway's URL once it listens, the base of upload URLs when GATEWAY_PUBLIC_URL is unset. */
export async function createApp(config: Config, connectFi: ConnectFiTarget, logger: Logger, ownUrl: () => string): Promise<App> {
  const redis = config.redisUrl ? connectRedis(config.redisUrl, config.redisKeyPrefix, logger) : undefined;
  const metrics = new GatewayMetrics();
  const { connection, breaker } = connectFiConnection(config, connectFi, metrics, logger, redis);
  const idempotency = new Idempotency(idempotencyStore(config, connectFi, logger, redis), {
    keep: (member) => isSettled(member as { __typename: string }),
    logger,
    maxWaitMs: Math.max(60_000, 4 * config.connectFiTimeoutMs),
    onResult: (result) => metrics.idempotencyResult(result),
  });
  const uploadTargets = new UploadTargets(config.uploads.secret, { ...config.uploads, baseUrl: () => config.publicUrl ?? ownUrl() });
  const security = apolloSecurityOptions(config.security, logger);
  const schema = buildSchema();
  const readLimiter = createLimiter(config.connectFiMaxConcurrency);
  const live = liveKyc(config, connectFi, connection, readLimiter, metrics, logger, redis);
  const apollo = apolloServer(config, schema, security, metrics, logger, redis);
  await apollo.start();

  return {
    apollo,
    uploadTargets,
    uploadUses: redis ? new RedisSingleUse(redis) : new MemorySingleUse(),
    authenticator: createAuthenticator(config.auth, logger),
    createContext: createContextFactory({
      connection,
      readLimiter,
      readsPerRequest: config.connectFiMaxConcurrencyPerRequest,
      idempotency,
      uploadTargets,
      live,
    }),
    connection,
    breaker,
    metrics,
    redis,
    schema,
    security,
    live,
    async close({ abandonInFlight }) {
      await apollo.stop();
      await live.close();
      // After a cut, connectFi calls of requests nobody waits for any more may still run: do not wait for them.
      const closing = connection.close();
      await (abandonInFlight ? Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 500).unref())]) : closing);
      await redis?.close();
    },
  };
}

/** The shared connection to connectFi: the circuit breaker around the transport, the token (shared via Redis), the RPS ceiling. */
function connectFiConnection(
  config: Config, connectFi: ConnectFiTarget, metrics: GatewayMetrics, logger: Logger, redis?: SharedRedis,
): { connection: ConnectFiConnection; breaker: CircuitBreaker } {
  const breaker = new CircuitBreaker({
    failureThreshold: config.breakerFailures,
    cooldownMs: config.breakerCooldownMs,
    onStateChange: (state, previous) => {
      logger.warn({ event: 'connectfi.circuit', state, previous }, `connectFi circuit ${state}`);
      metrics.breakerChanged(state);
    },
  });
  metrics.watchBreaker(() => breaker.state);
  const connection = new ConnectFiConnection(
    {
      ...connectFi,
      timeoutMs: config.connectFiTimeoutMs,
      onLogin: (ok) => metrics.login(ok),
      ceiling: config.connectFiMaxRps === undefined ? undefined : new RateCeiling(config.connectFiMaxRps),
      tokenSource: redis && ((login) => new SharedTokenCache(login, { redis, ...connectFi, loginTimeoutMs: config.connectFiTimeoutMs, logger })),
    },
    withBreaker(createTransport(config.connectFiHttpClient, CONNECTION_POOL_SIZE, config.connectFiTimeoutMs), breaker),
    logger,
  );
  return { connection, breaker };
}

/** Apollo Server as the request pipeline, with our limits, telemetry and rate limits (not started). */
function apolloServer(
  config: Config, schema: GraphQLSchema, security: ReturnType<typeof apolloSecurityOptions>, metrics: GatewayMetrics, logger: Logger, redis?: SharedRedis,
): ApolloServer<GatewayContext> {
  return new ApolloServer<GatewayContext>({
    schema,
    logger,
    ...security, // introspection, CSRF prevention, limits, error masking
    // No automatic persisted queries: per-instance caches miss behind a load balancer, and they would let any caller
    // register operations. Known operations are trusted documents (GATEWAY_TRUSTED_DOCUMENTS), resolved before Apollo
    // and read by Apollo from the manifest by their hash (read-only: nothing can be registered).
    persistedQueries: config.trustedDocuments ? { cache: manifestCache(config.trustedDocuments), ttl: null } : false,
    // No @cacheControl in the schema: the built-in cache-control plugin would only add a hook on every field.
    plugins: [
      telemetryPlugin(logger, metrics, tracingConfigured()),
      federatedTracingWhenAsked(),
      rateLimitPlugin(new RateLimiter(config.rateLimits, { redis, logger }), (operationClass) => metrics.limited(operationClass)),
      ApolloServerPluginCacheControlDisabled(),
      ...security.plugins,
    ],
    stopOnTerminationSignals: false, // main.ts owns shutdown: it drains HTTP first, then stops Apollo
  });
}

/** In this process (LRU), or in Redis shared by every instance and sealed with a key only the gateway has. */
function idempotencyStore(config: Config, connectFi: ConnectFiTarget, logger: Logger, redis?: SharedRedis): IdempotencyStore {
  if (!redis) return new MemoryStore(config.idempotencyTtlS * 1000, config.idempotencyMaxEntries);
  const sealer = new Sealer(connectFi.password, `${connectFi.baseUrl}\u0000${connectFi.login}`, 'idempotency-record/v1');
  return new RedisStore(redis, { ttlS: config.idempotencyTtlS, logger, sealer });
}

/** Live KYC status: events over Redis pub/sub shared by every instance, or in this process. */
function liveKyc(
  config: Config, connectFi: ConnectFiTarget, connection: ConnectFiConnection, readLimiter: ReturnType<typeof createLimiter>,
  metrics: GatewayMetrics, logger: Logger, redis?: SharedRedis,
): KycLive {
  const sealer = redis && new Sealer(connectFi.password, `${connectFi.baseUrl}\u0000${connectFi.login}`, 'kyc-events/v1');
  const live = new KycLive({
    client: new ConnectFiClient(connection),
    readLimiter,
    store: redis ? new RedisLiveStore(redis, logger) : new MemoryLiveStore(),
    pubsub: redis && sealer ? new RedisPubSub(redis, sealer, logger) : new MemoryPubSub(logger),
    tokens: new WebhookTokens(config.live.webhookSecret),
    publicUrl: config.publicUrl,
    pollIntervalMs: config.live.pollIntervalS * 1000,
    metrics,
    logger,
  });
  metrics.watchSubscriptions(() => live.openSubscriptions);
  if (config.publicUrl !== undefined && config.live.webhookSecret === undefined) {
    logger.warn({ event: 'live.webhook_secret_random' }, 'GATEWAY_WEBHOOK_SECRET is not set: webhook URLs are signed with a key of this process only, so other instances (and this one after a restart) refuse them');
  }
  return live;
}
