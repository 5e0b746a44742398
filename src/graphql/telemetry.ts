// What one GraphQL request reports, recorded by one object: its connectFi calls (it is the connectFi client's
// observer), each root field's result __typename, and how its idempotencyKey was answered. The plugin below
// turns it into the operation's log line and metrics once the response is ready. Variables are never logged:
// they hold names on cards.
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { trace } from '@opentelemetry/api';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { CallObserver, UpstreamCallRecord } from '../connectfi/call-result.js';
import type { IdempotencyResult } from '../idempotency/index.js';
import { fixedLine } from '../logger.js';
import type { GatewayMetrics } from '../metrics.js';
import { activeTraceId } from '../tracing.js';
import type { GatewayContext } from './context.js';

export class RequestTelemetry implements CallObserver {
  readonly started = performance.now();
  readonly upstream: UpstreamCallRecord[] = [];
  /** Root field (its alias, if any) → __typename of its result. */
  readonly results: Record<string, string> = {};
  idempotency?: IdempotencyResult;

  upstreamCall(record: UpstreamCallRecord): void {
    this.upstream.push(record);
  }

  rootResult(field: string, typename: string): void {
    this.results[field] = typename;
  }
}

/** One log line and the metrics of every operation, from its RequestTelemetry. */
export function telemetryPlugin(logger: Logger, metrics: GatewayMetrics, tracing: boolean): ApolloServerPlugin<GatewayContext> {
  const operationLine = fixedLine(logger, 'info', 'graphql operation'); // every field below is safe by construction
  // One listener for every request (all it needs comes with each call): nothing to build per request.
  const listener: GraphQLRequestListener<GatewayContext> = {
    ...(tracing ? { didResolveOperation: async ({ operation, operationName }) => nameOperationSpan(operation?.operation, operationName) } : {}),
    async willSendResponse({ contextValue: { caller, telemetry }, operationName, operation, errors }) {
      metrics.operation(operationName, telemetry, errors !== undefined && errors.length > 0);
      if (tracing) recordOperationResult(telemetry, errors?.length ?? 0);
      operationLine({
        traceId: tracing ? activeTraceId() : undefined,
        event: 'graphql.operation',
        caller: caller.id,
        operation: operationName ?? null,
        type: operation?.operation ?? null,
        results: telemetry.results,
        upstream: telemetry.upstream,
        idempotency: telemetry.idempotency,
        errors: errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
        ms: Math.round((performance.now() - telemetry.started) * 10) / 10,
      });
    },
  };
  const listening = Promise.resolve(listener);
  return { requestDidStart: () => listening };
}

const NOTHING = Promise.resolve(undefined);

/**
 * Federated tracing (inline traces: the ftv1 extension a router asks for with the apollo-federation-include-trace
 * header), as Apollo installs it on every subgraph, but looked at only when a request asks for it: Apollo's own
 * plugin builds a trace tree for every request before it reads that header.
 */
export function federatedTracingWhenAsked(): ApolloServerPlugin<GatewayContext> {
  const inline = ApolloServerPluginInlineTrace() as ApolloServerPlugin<GatewayContext>;
  return {
    ...inline, // its internal id too, so Apollo does not install its own
    requestDidStart: (requestContext) =>
      requestContext.request.http?.headers.get('apollo-federation-include-trace') === 'ftv1' ? inline.requestDidStart!(requestContext) : NOTHING,
  };
}

/** Wraps the resolvers of Query and Mutation fields so each result's __typename reaches the request's telemetry. */
export function recordRootResults(schema: GraphQLSchema): void {
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      const resolve = field.resolve;
      if (resolve === undefined) continue;
      field.resolve = async (parent, args, context: GatewayContext, info) => {
        const result = (await resolve(parent, args, context, info)) as { __typename?: unknown } | null | undefined;
        if (typeof result?.__typename === 'string') context.telemetry.rootResult(String(info.path.key), result.__typename);
        return result;
      };
    }
  }
}

// OpenTelemetry's GraphQL conventions: "<type> <name>", graphql.operation.type and .name. No variables, no document.
function nameOperationSpan(type: string | undefined, name: string | null | undefined): void {
  const span = trace.getActiveSpan();
  if (!span || type === undefined) return;
  span.updateName(name ? `${type} ${name}` : type);
  span.setAttributes({ 'graphql.operation.type': type, ...(name ? { 'graphql.operation.name': name } : {}) });
}

/** The root fields' result types (e.g. UpstreamError) and each connectFi call's outcome, on the operation span. */
function recordOperationResult(telemetry: RequestTelemetry, errors: number): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.setAttribute('graphql.result.types', Object.values(telemetry.results));
  if (errors > 0) span.setAttributes({ 'error.type': 'graphql_error', 'graphql.errors': errors });
  const failed = telemetry.upstream.find((call) => call.error !== undefined);
  if (failed) span.setAttribute('connectfi.error', failed.error!);
}
