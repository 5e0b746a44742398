import { GraphQLError } from 'graphql';
import { customerType, kycStatus } from '../graphql/mapping.js';
import { customerResult } from '../graphql/results.js';
import type { CustomerResolvers } from '../generated/graphql.js';

export const Customer: CustomerResolvers = {
  // Federation: another subgraph hands us { customerId }; one status read (deduplicated per request) fills the rest.
  async __resolveReference({ customerId }, { loaders }) {
    if (typeof customerId !== 'string' || customerId === '') {
      throw new GraphQLError('A Customer representation needs a customerId string.', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    const result = customerResult(customerId, await loaders.kycBundle.load(customerId));
    if (result.__typename === 'Customer') return result;
    throw new GraphQLError(result.message, { extensions: { code: result.code, requestId: result.requestId } });
  },
  reference: ({ bundle }) => bundle.customer.reference ?? null,
  customerType: ({ bundle }) => customerType(bundle.customer.customerType),
  kycStatus: ({ bundle }) => kycStatus(bundle.customer.kycStatus ?? bundle.kyc.status),
  createdAt: ({ bundle }) => bundle.customer.dtsCreatedAt ?? null,
  kyc: ({ bundle }) => bundle.kyc,
  kycDocumentList: ({ bundle }) => bundle.kycDocumentList ?? [],
};
