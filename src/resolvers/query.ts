import type { QueryResolvers } from '../generated/graphql.js';
import { customerResult } from '../graphql/results.js';

export const Query: QueryResolvers = {
  customer: async (_, { customerId }, { loaders }) => customerResult(customerId, await loaders.kycBundle.load(customerId)),
};
