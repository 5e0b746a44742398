// Abuse limits and hygiene for /graphql, as Apollo Server options: introspection, landing page, CSRF, batching,
// depth/alias/cost/token limits, error masking. The HTTP-level checks (body size, JSON nesting) are in src/http/body.ts.
import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { SecurityConfig } from '../config.js';
import type { GatewayContext } from './context.js';

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

