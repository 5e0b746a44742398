import type { MutationResolvers } from '../generated/graphql.js';
import { runIdempotent } from '../graphql/idempotent.js';
import { validateAddKycAttributesInput } from '../graphql/input-validation.js';
import { toWireAddAttributes } from '../graphql/mapping.js';
import { addKycAttributesResult, invalidInput } from '../graphql/results.js';

export const Mutation: MutationResolvers = {
  async addKycAttributes(_, { input }, context) {
    const problems = validateAddKycAttributesInput(input);
    if (problems.length > 0) return invalidInput(problems);
    const wire = toWireAddAttributes(input);
    return runIdempotent(context, input.idempotencyKey, wire, async () => {
      const result = await context.connectFi.addKycAttributes(wire);
      // The answer carries the customer's KYC bundle: reading it in the same operation costs no second call.
      if (result.ok) context.loaders.kycBundle.clear(input.customerId).prime(input.customerId, result);
      return addKycAttributesResult(result, input, wire);
    });
  },
};
