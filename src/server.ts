// The HTTP side: POST/GET /graphql through Apollo Server, GET /health. A plain node:http integration:
// it adds no framework work to the hot path.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import type { Logger } from 'pino';
import { ConnectFiClient } from './connectfi/client.js';
import { createLimiter } from './connectfi/limiter.js';
import { createTransport } from './connectfi/transport.js';
import type { Config } from './config.js';
import { createContextFactory, type GatewayContext } from './context.js';
import { operationLogPlugin } from './operation-log.js';
import { buildSchema } from './schema.js';

const MAX_BODY_BYTES = 64 * 1024;

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
  const client = new ConnectFiClient(
    { ...connectFi, timeoutMs: config.connectFiTimeoutMs },
    createTransport(config.connectFiHttpClient, 256),
    logger,
  );
  const createContext = createContextFactory(client, createLimiter(config.connectFiMaxConcurrency));
  const apollo = new ApolloServer<GatewayContext>({
    schema: buildSchema(),
    logger,
    plugins: [operationLogPlugin(logger)],
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false, // main.ts owns shutdown: it drains HTTP first, then stops Apollo
  });
  await apollo.start();

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      logger.error({ event: 'http.unhandled', err: error instanceof Error ? error.message : String(error) }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    if (path === '/graphql') return graphql(req, res, queryStart === -1 ? '' : url.slice(queryStart + 1));
    if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) return sendJson(res, 200, { status: 'ok' });
    sendJson(res, 404, { error: 'Not found' });
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const body = await readBody(req);
    if (body === undefined) return sendGraphQLError(res, 413, `Request body larger than ${MAX_BODY_BYTES} bytes`);
    let parsedBody: unknown;
    if (body.length > 0 && headers.get('content-type')?.startsWith('application/json')) {
      try {
        parsedBody = JSON.parse(body);
      } catch {
        return sendGraphQLError(res, 400, 'Request body is not valid JSON');
      }
    }
    const request: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search, body: parsedBody };
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context: () => createContext() });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
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
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
      await client.close();
    },
  };
}

/** The whole body as text, or undefined when it exceeds MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendGraphQLError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
}
