import { addKycAttributesResult, invalidInput, toWireAddAttributes } from '../connectfi/mapping.js';
import type { MutationResolvers } from '../generated/graphql.js';
import { validateAddKycAttributesInput } from '../input-validation.js';

export const Mutation: MutationResolvers = {
  async addKycAttributes(_, { input }, { connectFi, loaders, upstreamCalls }) {
    const problems = validateAddKycAttributesInput(input);
    if (problems.length > 0) return invalidInput(problems, 'GATEWAY_VALIDATION');
    const wire = toWireAddAttributes(input);
    const result = await connectFi.addKycAttributes(wire, upstreamCalls);
    // The answer carries the customer's KYC bundle: reading it in the same operation costs no second call.
    if (result.ok) loaders.kycBundle.clear(input.customerId).prime(input.customerId, result);
    return addKycAttributesResult(result, input, wire);
  },
};
