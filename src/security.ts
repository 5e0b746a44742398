// Abuse limits and hygiene for /graphql: Apollo Server options (introspection, landing page, CSRF, batching,
// depth/alias/cost/token limits, error masking) and the HTTP-level checks server.ts makes before Apollo sees a
// request (method, body size, JSON nesting).
import type { IncomingMessage } from 'node:http';
import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { SecurityConfig } from './config.js';
import type { GatewayContext } from './context.js';

/**
 * Deepest nesting of objects and arrays accepted in a JSON request body (or GET `variables`/`extensions`).
 * The deepest legitimate body is about 22 levels (the envelope, then additionalData, which the gateway caps at
 * 16); without a bound, a 64 KiB body of `[[[[…` nests 30,000 levels deep and overflows the stack of
 * whatever walks it recursively.
 */
export const MAX_JSON_DEPTH = 64;

/** Error codes whose messages are written for clients: they pass through formatError unchanged. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'INTROSPECTION_DISABLED',
  'MAX_RECURSIVE_SELECTIONS_EXCEEDED',
]);

export const INTERNAL_ERROR = { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } } as const;

type SecurityOptions = Pick<
  ApolloServerOptions<GatewayContext>,
  | 'introspection' | 'csrfPrevention' | 'allowBatchedHttpRequests' | 'includeStacktraceInErrorResponses'
  | 'hideSchemaDetailsFromClientErrors' | 'maxRecursiveSelections' | 'parseOptions' | 'validationRules' | 'formatError'
> & { plugins: ApolloServerPlugin<GatewayContext>[] };

/** Apollo Server options for the limits in `config`; spread them into the constructor and append `plugins`. */
export function apolloSecurityOptions(config: SecurityConfig, logger: Logger): SecurityOptions {
  const armor = new ApolloArmor({
    // Our result types are unions, so every useful query has inline fragments: they must not count as depth.
    maxDepth: { n: config.maxDepth, flattenFragments: true },
    costLimit: { maxCost: config.maxCost, flattenFragments: true },
    maxAliases: { n: config.maxAliases },
    maxDirectives: { n: 50 },
    // Apollo's own parse option below: the armor plugin throws from parsingDidStart, which Apollo answers with a 500.
    maxTokens: { enabled: false },
    // Apollo's hideSchemaDetailsFromClientErrors below does the same.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    introspection: config.introspection,
    csrfPrevention: true, // Apollo's default, stated: a GET or "simple" POST needs a preflight-forcing header
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !config.introspection, // no "Did you mean …?" when the schema is not public
    maxRecursiveSelections: true,
    parseOptions: { maxTokens: config.maxTokens },
    validationRules: armor.validationRules,
    formatError: (formatted, error) => maskError(formatted, error, logger),
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<GatewayContext>[]),
      ...(config.introspection ? [] : [ApolloServerPluginLandingPageDisabled()]),
    ],
  };
}

/**
 * formatError: client errors keep their message; so do GraphQLErrors our resolvers throw with their own
 * extensions.code (e.g. customerNotFound, UPSTREAM_TIMEOUT on federation entities). Everything else (a bug, a
 * library's message, an upstream body) becomes "Internal server error", and is logged here instead.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) return withoutInternals(formatted);
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError && original.originalError === undefined) {
    const ownCode = original.extensions?.code;
    if (typeof ownCode === 'string' && ownCode !== '' && ownCode !== 'INTERNAL_SERVER_ERROR') return withoutInternals(formatted);
  }
  logger.error(
    { event: 'graphql.internal_error', path: formatted.path, err: original instanceof Error ? original : String(original) },
    'unexpected error (masked in the response)',
  );
  return {
    ...INTERNAL_ERROR,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
}

function withoutInternals(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions;
  if (!extensions || !('stacktrace' in extensions || 'exception' in extensions)) return formatted;
  const { stacktrace: _stacktrace, exception: _exception, ...rest } = extensions;
  return { ...formatted, extensions: rest };
}

/** The body answer of a request the gateway refuses before Apollo: `{ errors: [{ message, extensions: { code } }] }`. */
export function errorBody(message: string, code: string): { errors: GraphQLFormattedError[] } {
  return { errors: [{ message, extensions: { code } }] };
}

/** True when the declared Content-Length already exceeds `max` (the body is then not read at all). */
export function declaredTooLarge(req: IncomingMessage, max: number): boolean {
  const declared = req.headers['content-length'];
  return declared !== undefined && Number(declared) > max;
}

/**
 * The whole body as text, or undefined once it exceeds `max` bytes. Past the limit the rest is read and dropped,
 * not buffered (destroying the stream would reset the connection before the client reads the 413).
 */
export function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    if (req.destroyed) return reject(new ClientAbortedError());
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > max) {
        tooLarge = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new ClientAbortedError());
    });
  });
}

/** The client went away before sending its whole request: nobody is left to answer. */
export class ClientAbortedError extends Error {
  constructor() {
    super('client aborted the request');
  }
}

/** Whether objects and arrays in a JSON text nest deeper than `limit` (a linear scan; strings are skipped). */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  // Depth never exceeds the number of opening brackets, and a typical body has a handful: counting them with
  // the native indexOf is ~10x cheaper than the character loop below, which only deeper candidates need.
  if (!opensMoreThan(text, limit)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** More than `limit` `{` and `[` in all, inside strings or not. */
function opensMoreThan(text: string, limit: number): boolean {
  let count = 0;
  for (const opener of ['{', '[']) {
    for (let i = text.indexOf(opener); i !== -1; i = text.indexOf(opener, i + 1)) if (++count > limit) return true;
  }
  return false;
}

/** The JSON-valued GET parameters (`variables`, `extensions`) nest deeper than `limit`. */
export function searchNestsDeeperThan(search: string, limit: number): boolean {
  if (search === '') return false;
  const params = new URLSearchParams(search);
  return ['variables', 'extensions'].some((name) => params.getAll(name).some((value) => jsonNestsDeeperThan(value, limit)));
}

/** application/json, whatever the case and parameters (`Application/JSON; charset=utf-8`). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === 'application/json') return true; // what nearly every client sends
  return contentType !== undefined && contentType.split(';', 1)[0].trim().toLowerCase() === 'application/json';
}
