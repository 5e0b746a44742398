// Per-caller rate limits applied once the operation is known (its class) and before it executes: each operation
// counts once, however many fields or aliases it has (the cost limits bound those). Over the limit: HTTP 429 with
// Retry-After and a GraphQL error coded RATE_LIMITED; nothing runs and nothing reaches connectFi.
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { RateLimiter } from '../rate-limits/limiter.js';
import type { OperationClass } from '../rate-limits/policy.js';
import type { GatewayContext } from './context.js';

export function rateLimitPlugin(limiter: RateLimiter, onLimited: (operationClass: OperationClass) => void): ApolloServerPlugin<GatewayContext> {
  if (!limiter.limitsAnything) return {}; // no hook on the hot path when no limit is configured
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation === undefined) return;
          const operationClass = operation.operation;
          const verdict = await limiter.take(contextValue.caller.id, operationClass);
          if (verdict.allowed) return;
          onLimited(operationClass);
          const retryAfterSeconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
          throw new GraphQLError(`Too many ${operationClass} operations: retry after ${retryAfterSeconds} s.`, {
            extensions: {
              code: 'RATE_LIMITED',
              retryAfterSeconds,
              http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
            },
          });
        },
      };
    },
  };
}
