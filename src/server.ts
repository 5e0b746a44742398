// The HTTP side: POST/GET /graphql through Apollo Server, GET /health. A plain node:http integration:
// it adds no framework work to the hot path.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import { createAuthenticator } from './auth.js';
import { CircuitBreaker, withBreaker } from './connectfi/breaker.js';
import { ConnectFiClient } from './connectfi/client.js';
import { createLimiter } from './connectfi/limiter.js';
import { SharedTokenCache } from './connectfi/shared-token.js';
import { createTransport } from './connectfi/transport.js';
import type { Config } from './config.js';
import { createContextFactory, type GatewayContext } from './context.js';
import { Idempotency, MemoryStore, RedisStore } from './idempotency/index.js';
import { GatewayMetrics } from './metrics.js';
import { operationLogPlugin } from './operation-log.js';
import { connectRedis } from './redis.js';
import { Sealer } from './sealed.js';
import { buildSchema } from './schema.js';
import {
  apolloSecurityOptions, ClientAbortedError, declaredTooLarge, errorBody, INTERNAL_ERROR, isJsonContentType,
  jsonNestsDeeperThan, MAX_JSON_DEPTH, readBody, searchNestsDeeperThan,
} from './security.js';

export interface GatewayOptions {
  config: Config;
  /** Where connectFi is: CONNECTFI_BASE_URL, or the embedded simulator's URL. */
  connectFi: { baseUrl: string; login: string; password: string };
  logger: Logger;
}

export interface Gateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startGateway({ config, connectFi, logger }: GatewayOptions): Promise<Gateway> {
  // Operations (README "Running in production"): Redis shared by instances, breaker, idempotency, metrics.
  const redis = config.redisUrl ? connectRedis(config.redisUrl, config.redisKeyPrefix, logger) : undefined;
  const breaker = new CircuitBreaker({
    failureThreshold: config.breakerFailures,
    cooldownMs: config.breakerCooldownMs,
    onStateChange: (state, previous) => {
      logger.warn({ event: 'connectfi.circuit', state, previous }, `connectFi circuit ${state}`);
      metrics.breakerChanged(state);
    },
  });
  const metrics = new GatewayMetrics(() => breaker.state);
  const client = new ConnectFiClient(
    {
      ...connectFi,
      timeoutMs: config.connectFiTimeoutMs,
      onLogin: (ok) => metrics.login(ok),
      tokenSource: redis && ((login) => new SharedTokenCache(login, { redis, ...connectFi, loginTimeoutMs: config.connectFiTimeoutMs, logger })),
    },
    withBreaker(createTransport(config.connectFiHttpClient, 256, config.connectFiTimeoutMs), breaker),
    logger,
  );
  const idempotency = new Idempotency(
    redis
      ? new RedisStore(redis, {
        ttlS: config.idempotencyTtlS, logger, sealer: new Sealer(connectFi.password, `${connectFi.baseUrl}\u0000${connectFi.login}`, 'idempotency-record/v1'),
      })
      : new MemoryStore(config.idempotencyTtlS * 1000, config.idempotencyMaxEntries),
    { logger, maxWaitMs: Math.max(60_000, 4 * config.connectFiTimeoutMs), onResult: (result) => metrics.idempotencyResult(result) },
  );
  const createContext = createContextFactory(client, createLimiter(config.connectFiMaxConcurrency), idempotency);
  // Callers' authentication and abuse limits (src/auth.ts, src/security.ts).
  const authenticator = createAuthenticator(config.auth, logger);
  const security = apolloSecurityOptions(config.security, logger);
  const apollo = new ApolloServer<GatewayContext>({
    schema: buildSchema(),
    logger,
    ...security, // introspection, CSRF prevention, limits, error masking
    // No @cacheControl in the schema: the built-in cache-control plugin would only add a hook on every field.
    plugins: [operationLogPlugin(logger), metrics.plugin(), ApolloServerPluginCacheControlDisabled(), ...security.plugins],
    stopOnTerminationSignals: false, // main.ts owns shutdown: it drains HTTP first, then stops Apollo
  });
  await apollo.start();

  let stopping = false; // draining: /ready answers 503 and every response closes its connection
  let inFlight = 0;
  const server = createServer((req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
    if (stopping) res.setHeader('connection', 'close');
    route(req, res).catch((error: unknown) => {
      if (error instanceof ClientAbortedError) return void res.destroy(); // nobody left to answer
      logger.error({ event: 'http.unhandled', err: error instanceof Error ? error.message : String(error) }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [INTERNAL_ERROR] });
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    if (path === '/graphql') return graphql(req, res, queryStart === -1 ? '' : url.slice(queryStart + 1));
    if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) return sendJson(res, 200, { status: 'ok' });
    if (path === '/ready' && (req.method === 'GET' || req.method === 'HEAD')) return ready(res);
    if (path === '/metrics' && req.method === 'GET') return sendMetrics(res);
    sendJson(res, 404, { error: 'Not found' });
  }

  /** Readiness: not draining, circuit not open, Redis answering (when used), a connectFi token obtainable. */
  async function ready(res: ServerResponse): Promise<void> {
    const notReady = (reason: string) => sendJson(res, 503, { status: 'not_ready', reason });
    const circuitOpen = () => breaker.state === 'open';
    if (stopping) return notReady('shutting_down');
    if (circuitOpen()) return notReady('connectfi_circuit_open');
    if (redis && !(await redis.ping())) return notReady('redis_unavailable');
    try {
      await client.token();
    } catch {
      return notReady(circuitOpen() ? 'connectfi_circuit_open' : 'connectfi_login_failed');
    }
    sendJson(res, 200, { status: 'ready' });
  }

  async function sendMetrics(res: ServerResponse): Promise<void> {
    const text = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST');
      return sendGraphQLError(res, 405, 'Only GET and POST are supported on /graphql');
    }
    // Authenticate before reading the body: an unauthenticated request costs no parsing and reaches nothing.
    const auth = await authenticator.authenticate(req.headers.authorization);
    if (!auth.ok) {
      logger.info({ event: 'auth.rejected', reason: auth.reason, remote: req.socket.remoteAddress }, 'caller not authenticated');
      res.setHeader('www-authenticate', 'Bearer');
      res.setHeader('connection', 'close'); // do not drain an unread body for an unknown caller
      return sendJson(res, 401, errorBody(auth.message, 'UNAUTHENTICATED'));
    }
    const maxBody = config.security.maxBodyBytes;
    const tooLarge = () => {
      res.setHeader('connection', 'close'); // the rest of the body is not worth reading
      sendGraphQLError(res, 413, `Request body larger than ${maxBody} bytes`);
    };
    if (declaredTooLarge(req, maxBody)) return tooLarge();
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const body = await readBody(req, maxBody);
    if (body === undefined) return tooLarge();
    if (jsonNestsDeeperThan(body, MAX_JSON_DEPTH) || searchNestsDeeperThan(search, MAX_JSON_DEPTH)) {
      return sendGraphQLError(res, 400, `JSON nested more than ${MAX_JSON_DEPTH} levels deep`);
    }
    let parsedBody: unknown;
    if (body.length > 0 && isJsonContentType(headers.get('content-type'))) {
      try {
        parsedBody = JSON.parse(body);
      } catch {
        return sendGraphQLError(res, 400, 'Request body is not valid JSON');
      }
    }
    const request: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search, body: parsedBody };
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context: () => createContext(auth.caller) });
    const status = response.status ?? 200;
    if (response.body.kind === 'complete') {
      // One header block with a length: no chunked framing, one write for headers and body.
      const headersOut: Record<string, string | number> = Object.fromEntries(response.headers);
      headersOut['content-length'] = Buffer.byteLength(response.body.string);
      res.writeHead(status, headersOut);
      res.end(response.body.string);
      return;
    }
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = status;
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  server.keepAliveTimeout = 65_000; // longer than typical load balancers' idle timeout
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;

  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      // Stop accepting, let requests in flight finish (up to SHUTDOWN_GRACE_MS), closing each connection as it
      // goes idle, then cut whatever is left.
      stopping = true;
      logger.info({ event: 'gateway.draining', inFlight, graceMs: config.shutdownGraceMs }, 'draining requests in flight');
      let cut = false;
      await new Promise<void>((resolve) => {
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const force = setTimeout(() => {
          cut = true;
          logger.warn({ event: 'gateway.grace_expired', inFlight }, 'grace period over: closing the remaining connections');
          server.closeAllConnections();
        }, config.shutdownGraceMs);
        server.close(() => {
          clearInterval(idle);
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      await apollo.stop();
      // After a cut, connectFi calls of requests nobody waits for any more may still run: do not wait for them.
      await (cut ? Promise.race([client.close(), new Promise((resolve) => setTimeout(resolve, 500).unref())]) : client.close());
      await redis?.close();
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendGraphQLError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, errorBody(message, 'BAD_REQUEST'));
}
