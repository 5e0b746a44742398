// One log line per GraphQL operation: name, each root field's result __typename, and every connectFi call
// (endpoint, status, latency, requestId). Variables are never logged: they hold names on cards.
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayContext } from './context.js';

export function operationLogPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, operationName, operation, errors }) {
          logger.info({
            event: 'graphql.operation',
            caller: contextValue.caller.id,
            operation: operationName ?? null,
            type: operation?.operation ?? null,
            results: contextValue.results,
            upstream: contextValue.upstreamCalls,
            idempotency: contextValue.idempotencyResult,
            errors: errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
            ms: Math.round((performance.now() - started) * 10) / 10,
          }, 'graphql operation');
        },
      };
    },
  };
}
