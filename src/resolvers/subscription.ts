// Subscription.kycUpdates: the customer's live KYC events (src/live/), each turned into its KycUpdate member.
// Customer scoping wraps `subscribe` like any field with a customerId (src/graphql/customer-scope.ts).
import { GraphQLError } from 'graphql';
import type { SubscriptionResolvers } from '../generated/graphql.js';
import type { LiveEvent } from '../live/events.js';
import { kycUpdate, upstreamError } from '../graphql/results.js';

export const Subscription: SubscriptionResolvers = {
  kycUpdates: {
    async subscribe(_, { customerId }, { live }) {
      if (live === undefined) throw new GraphQLError('Subscriptions are not served here.', { extensions: { code: 'BAD_REQUEST' } });
      const opened = await live.subscribe(customerId);
      if (opened.ok) return opened.events;
      const { failure } = opened;
      // The same error as a customer the caller may not act for: it tells nothing more.
      if (failure.kind === 'rejected' && failure.error.code === 'customerNotFound') {
        throw new GraphQLError('No connectFi customer has this customerId.', { extensions: { code: 'customerNotFound' } });
      }
      const { code, message, requestId } = upstreamError(failure, true);
      throw new GraphQLError(message, { extensions: { code, requestId } });
    },
    resolve: (event: LiveEvent) => kycUpdate(event),
  },
};
