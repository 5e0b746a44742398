// GraphQL subscriptions over WebSocket (graphql-ws, protocol graphql-transport-ws) on /graphql, by HTTP upgrade on
// the same server and port. The same schema, context factory, authentication, trusted documents, limits and error
// masking as HTTP; Apollo Server itself runs no subscriptions. Only subscription operations are served here:
// queries and mutations stay on HTTP (one pipeline for their logs, metrics and idempotency).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import {
  GraphQLError, getOperationAST, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type GraphQLFormattedError,
  type GraphQLSchema, type ValidationRule,
} from 'graphql';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Authenticator, Caller } from '../auth.js';
import type { GatewayContext } from '../graphql/context.js';
import { maskError } from '../graphql/security.js';
import type { CorsOrigins } from './cors.js';
import { resolveTrustedDocument, type Manifest } from './trusted-documents.js';

export interface SubscriptionServerOptions {
  schema: GraphQLSchema;
  authenticator: Authenticator;
  createContext: (caller: Caller) => Promise<GatewayContext>;
  /** The same extra validation rules (depth, cost, aliases…) and token limit as HTTP. */
  validationRules: readonly ValidationRule[];
  maxTokens: number;
  introspection: boolean;
  maxMessageBytes: number;
  maxSubscriptionsPerConnection: number;
  trustedDocuments?: Manifest;
  corsOrigins?: CorsOrigins;
  logger: Logger;
}

export interface SubscriptionServer {
  /** The HTTP server's 'upgrade' listener. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket with 1001 (going away: reconnect elsewhere), waiting at most `graceMs` before cutting. */
  close(graceMs: number): Promise<void>;
}

/** connection_init must arrive this soon after the upgrade (then 4408). */
export const CONNECTION_INIT_TIMEOUT_MS = 5_000;
/** Server pings; a socket that does not answer within as long is cut. */
export const KEEP_ALIVE_MS = 12_000;
const GOING_AWAY = 1001;

type Extra = {
  caller?: Caller;
};

export function subscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  const rules = [...specifiedRules, ...options.validationRules];
  const format = (error: GraphQLError): GraphQLFormattedError => {
    const formatted = maskError(error.toJSON(), error, logger);
    // No "Did you mean …?" when the schema is not public (as Apollo's hideSchemaDetailsFromClientErrors over HTTP).
    return options.introspection ? formatted : { ...formatted, message: formatted.message.replace(/ Did you mean .*\?$/, '') };
  };
  // Many clients subscribe with the same few documents: each is parsed and validated once, not once per subscription.
  const documents = new DocumentCache((text) => {
    let document: DocumentNode;
    try {
      document = parse(text, { maxTokens: options.maxTokens });
    } catch (error) {
      return { ok: false, errors: [error instanceof GraphQLError ? withCode(error, 'GRAPHQL_PARSE_FAILED') : new GraphQLError('Syntax error')] };
    }
    const errors = validate(options.schema, document, rules);
    return errors.length > 0 ? { ok: false, errors: errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')) } : { ok: true, document };
  });

  useServer<Record<string, unknown>, Extra>({
    schema: options.schema,
    connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,
    isProd: true, // internal errors never reach a client in any mode (they are logged instead)
    async onConnect(ctx) {
      // A browser puts its credential in connection_init's payload; a router may propagate its Authorization header.
      const fromPayload = ctx.connectionParams?.authorization;
      const auth = await options.authenticator.authenticate(typeof fromPayload === 'string' ? fromPayload : ctx.extra.request.headers.authorization);
      if (!auth.ok) {
        logger.info({ event: 'auth.rejected', reason: auth.reason, transport: 'websocket', remote: ctx.extra.request.socket.remoteAddress }, 'caller not authenticated');
        return false; // 4403 Forbidden
      }
      ctx.extra.caller = auth.caller;
      return true;
    },
    onSubscribe: (ctx, _id, payload) => subscriptionArgs(options, documents, ctx.extra.caller!, Object.keys(ctx.subscriptions).length, payload),
    onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(format) } : undefined),
    onError: (_ctx, _id, _payload, errors) => errors.map(format),
  }, wss, KEEP_ALIVE_MS);

  return {
    upgrade(req, socket, head) {
      const path = (req.url ?? '/').split('?', 1)[0];
      if (path !== '/graphql') return refuseUpgrade(socket, 404, 'Not Found');
      if (!originAllowed(req, options.corsOrigins)) {
        logger.info({ event: 'websocket.origin_refused', origin: req.headers.origin }, 'WebSocket from an origin not in CORS_ORIGINS refused');
        return refuseUpgrade(socket, 403, 'Forbidden');
      }
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) => wss.emit('connection', ws, req));
    },
    async close(graceMs) {
      const sockets = [...wss.clients];
      const closed = Promise.all(sockets.map((ws) => new Promise((resolve) => (ws.readyState === ws.CLOSED ? resolve(undefined) : ws.once('close', resolve)))));
      for (const ws of sockets) ws.close(GOING_AWAY, 'Server shutting down');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      for (const ws of sockets) ws.terminate(); // no-op for those already closed
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

/** The execution arguments of one subscribe message, or why it is refused. */
async function subscriptionArgs(
  options: SubscriptionServerOptions, documents: DocumentCache, caller: Caller, open: number, payload: SubscribePayload,
): Promise<ExecutionArgs | readonly GraphQLError[]> {
  const maxSubscriptions = options.maxSubscriptionsPerConnection;
  // graphql-ws has already counted this one.
  if (open > maxSubscriptions) return refusal(`At most ${maxSubscriptions} subscriptions per connection: open another connection.`, 'SUBSCRIPTION_LIMIT');
  // graphql-ws requires a query string: a client naming a trusted document sends "" with its documentId.
  const { query, ...rest } = payload as SubscribePayload & Record<string, unknown>;
  const trusted = resolveTrustedDocument(options.trustedDocuments, caller, query === '' ? rest : { ...rest, query }, '');
  if (!trusted.ok) return refusal(trusted.message, trusted.code);
  const text = (trusted.body as { query?: unknown }).query;
  if (typeof text !== 'string') return refusal('Send a query or a documentId.', 'BAD_REQUEST');
  const checked = documents.check(text);
  if (!checked.ok) return checked.errors;
  const { document } = checked;
  const operation = getOperationAST(document, payload.operationName);
  if (operation === null || operation === undefined) return refusal('Unable to identify the operation to run.', 'BAD_REQUEST');
  if (operation.operation !== 'subscription') {
    return refusal('Only subscriptions are served over WebSocket: send queries and mutations over HTTP.', 'BAD_REQUEST');
  }
  return { schema: options.schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue: await options.createContext(caller) };
}

function refusal(message: string, code: string): GraphQLError[] {
  return [new GraphQLError(message, { extensions: { code } })];
}

/**
 * Browsers always send Origin: it must be this gateway's own, or one of CORS_ORIGINS. No Origin: not a browser
 * (a router, a service), allowed; it still has to authenticate.
 */
function originAllowed(req: IncomingMessage, corsOrigins: CorsOrigins | undefined): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (corsOrigins === '*' || corsOrigins?.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions: { ...error.extensions, code } });
}

type Checked = { ok: true; document: DocumentNode } | { ok: false; errors: readonly GraphQLError[] };

/** Documents parsed and validated, by text; the least recently used go first past DOCUMENT_CACHE_SIZE. */
const DOCUMENT_CACHE_SIZE = 500;

class DocumentCache {
  private readonly entries = new Map<string, Checked>();

  constructor(private readonly compile: (text: string) => Checked) {}

  check(text: string): Checked {
    const cached = this.entries.get(text);
    if (cached) {
      this.entries.delete(text);
      this.entries.set(text, cached);
      return cached;
    }
    const checked = this.compile(text);
    if (this.entries.size >= DOCUMENT_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(text, checked);
    return checked;
  }
}
