import { customerResult } from '../connectfi/mapping.js';
import type { QueryResolvers } from '../generated/graphql.js';

export const Query: QueryResolvers = {
  customer: async (_, { customerId }, { loaders }) => customerResult(customerId, await loaders.kycBundle.load(customerId)),
};
