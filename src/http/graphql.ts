// POST/GET /graphql: authenticate, bound and parse the body, then hand the request to Apollo Server and write
// its answer. A plain node:http integration: it adds no framework work to the hot path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { Logger } from 'pino';
import type { Authenticator, Caller } from '../auth.js';
import type { GatewayContext } from '../graphql/context.js';
import { inOperationSpan } from '../tracing.js';
import { declaredTooLarge, isJsonContentType, jsonNestsDeeperThan, MAX_JSON_DEPTH, readBody, searchNestsDeeperThan } from './body.js';
import { errorBody, sendGraphQLError, sendJson } from './respond.js';
import type { Route } from './router.js';
import { resolveTrustedDocument, type Manifest } from './trusted-documents.js';

export interface GraphQLRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  authenticator: Authenticator;
  createContext: (caller: Caller) => Promise<GatewayContext>;
  maxBodyBytes: number;
  trustedDocuments?: Manifest;
  /** OpenTelemetry is on: each operation runs in its own span. */
  tracing: boolean;
  logger: Logger;
}

// Answers can carry personal data (names on cards, KYC state): no cache keeps them.
const NO_STORE = 'no-store';

export function graphqlRoute(options: GraphQLRouteOptions): Route {
  return { path: '/graphql', browser: true, handle: (req, res, search) => handleGraphQL(options, req, res, search) };
}

async function handleGraphQL(options: GraphQLRouteOptions, req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    return sendGraphQLError(res, 405, 'Only GET and POST are supported on /graphql');
  }
  // Authenticate before reading the body: an unauthenticated request costs no parsing and reaches nothing.
  const authenticated = options.authenticator.authenticate(req.headers.authorization);
  const auth = authenticated instanceof Promise ? await authenticated : authenticated;
  if (!auth.ok) {
    options.logger.info({ event: 'auth.rejected', reason: auth.reason, remote: req.socket.remoteAddress }, 'caller not authenticated');
    res.setHeader('connection', 'close'); // do not drain an unread body for an unknown caller
    return sendJson(res, 401, errorBody(auth.message, 'UNAUTHENTICATED'), { 'www-authenticate': 'Bearer' });
  }
  const body = await readGraphQLBody(req, res, search, options.maxBodyBytes);
  if (body === REFUSED) return;
  const trusted = resolveTrustedDocument(options.trustedDocuments, auth.caller, body, search, { asPersistedQuery: true });
  if (!trusted.ok) return sendGraphQLError(res, 400, trusted.message, trusted.code);
  const request: HTTPGraphQLRequest = { method: req.method, headers: headerMap(req), search: trusted.search, body: trusted.body };
  const execute = () => options.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context: () => options.createContext(auth.caller) });
  const response = options.tracing ? await inOperationSpan(execute) : await execute();
  const status = response.status ?? 200;
  if (response.body.kind === 'complete') {
    // One header block with a length: no chunked framing, one write for headers and body.
    const headersOut: Record<string, string | number> = Object.fromEntries(response.headers);
    headersOut['content-length'] = Buffer.byteLength(response.body.string);
    headersOut['cache-control'] = NO_STORE;
    res.writeHead(status, headersOut);
    res.end(response.body.string);
    return;
  }
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.setHeader('cache-control', NO_STORE);
  res.statusCode = status;
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

const REFUSED = Symbol('refused');

/** The parsed JSON body (undefined for GET or a non-JSON body), or REFUSED once an error answer is sent. */
async function readGraphQLBody(req: IncomingMessage, res: ServerResponse, search: string, maxBytes: number): Promise<unknown> {
  const tooLarge = () => {
    res.setHeader('connection', 'close'); // the rest of the body is not worth reading
    sendGraphQLError(res, 413, `Request body larger than ${maxBytes} bytes`);
    return REFUSED;
  };
  if (declaredTooLarge(req, maxBytes)) return tooLarge();
  const text = await readBody(req, maxBytes);
  if (text === undefined) return tooLarge();
  if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH) || searchNestsDeeperThan(search, MAX_JSON_DEPTH)) {
    sendGraphQLError(res, 400, `JSON nested more than ${MAX_JSON_DEPTH} levels deep`);
    return REFUSED;
  }
  if (text.length === 0 || !isJsonContentType(req.headers['content-type'])) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    sendGraphQLError(res, 400, 'Request body is not valid JSON');
    return REFUSED;
  }
}

function headerMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}
