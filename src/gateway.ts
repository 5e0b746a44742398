// A running gateway: the app (src/app.ts), its routes, and the HTTP server's life (src/http/lifecycle.ts).
import type { Logger } from 'pino';
import { createApp, type ConnectFiTarget } from './app.js';
import type { Config } from './config.js';
import { corsStep } from './http/cors.js';
import { graphqlRoute } from './http/graphql.js';
import { healthRoute } from './http/health.js';
import { listen } from './http/lifecycle.js';
import { metricsRoute } from './http/metrics.js';
import { readyRoute } from './http/ready.js';
import { createRouter } from './http/router.js';
import { subscriptionServer } from './http/subscriptions.js';
import { webhookRoute } from './http/webhooks.js';
import { uploadRoute } from './http/uploads.js';
import { tracingConfigured } from './tracing.js';

export interface GatewayOptions {
  config: Config;
  connectFi: ConnectFiTarget;
  logger: Logger;
}

export interface Gateway {
  url: string;
  port: number;
  /** Drains HTTP (up to SHUTDOWN_GRACE_MS), then closes everything else. */
  close(): Promise<void>;
}

export async function startGateway({ config, connectFi, logger }: GatewayOptions): Promise<Gateway> {
  let ownUrl = '';
  const app = await createApp(config, connectFi, logger, () => ownUrl);
  let draining = () => false;
  const router = createRouter([
    graphqlRoute({ ...app, maxBodyBytes: config.security.maxBodyBytes, trustedDocuments: config.trustedDocuments, tracing: tracingConfigured(), logger }),
    healthRoute,
    readyRoute({
      draining: () => draining(),
      circuitOpen: () => app.breaker.state === 'open',
      redisAnswers: app.redis && (() => app.redis!.ping()),
      connectFiToken: () => app.connection.token(),
    }),
    metricsRoute(app.metrics.registry),
    webhookRoute({ live: app.live, metrics: app.metrics, logger }),
    uploadRoute({ ...app, logger, timeoutMs: config.connectFiTimeoutMs }),
  ], logger, config.corsOrigins && corsStep(config.corsOrigins));
  const subscriptions = subscriptionServer({
    schema: app.schema,
    authenticator: app.authenticator,
    createContext: app.createContext,
    validationRules: app.security.validationRules ?? [],
    maxTokens: config.security.maxTokens,
    introspection: config.security.introspection,
    maxMessageBytes: config.security.maxBodyBytes,
    maxSubscriptionsPerConnection: config.live.maxSubscriptionsPerConnection,
    trustedDocuments: config.trustedDocuments,
    corsOrigins: config.corsOrigins,
    logger,
  });
  const server = await listen(router, config.host, config.port, logger, subscriptions.upgrade);
  draining = () => server.draining;
  ownUrl = server.url;
  return {
    url: server.url,
    port: server.port,
    async close() {
      // WebSockets are closed at once (1001: reconnect to another instance); HTTP requests may finish.
      const [{ cut }] = await Promise.all([server.drain(config.shutdownGraceMs), subscriptions.close(config.shutdownGraceMs)]);
      await app.close({ abandonInFlight: cut });
    },
  };
}
