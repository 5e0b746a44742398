import { addKycAttributesResult, invalidInput, toWireAddAttributes } from '../connectfi/mapping.js';
import type { MutationResolvers } from '../generated/graphql.js';
import { validateIdempotencyKey } from '../idempotency/index.js';
import { validateAddKycAttributesInput } from '../input-validation.js';

export const Mutation: MutationResolvers = {
  async addKycAttributes(_, { input }, context) {
    const { connectFi, loaders, upstreamCalls } = context;
    const problems = [...validateAddKycAttributesInput(input), ...validateIdempotencyKey(input.idempotencyKey)];
    if (problems.length > 0) return invalidInput(problems, 'GATEWAY_VALIDATION');
    const wire = toWireAddAttributes(input);
    const execute = async () => {
      const result = await connectFi.addKycAttributes(wire, upstreamCalls);
      // The answer carries the customer's KYC bundle: reading it in the same operation costs no second call.
      if (result.ok) loaders.kycBundle.clear(input.customerId).prime(input.customerId, result);
      return addKycAttributesResult(result, input, wire);
    };
    if (input.idempotencyKey === undefined || input.idempotencyKey === null) return execute();
    // At most one connectFi call per (caller, key, input); repeats answer the stored result (src/idempotency/).
    const { member, result } = await context.idempotency.run(context.caller.id, input.idempotencyKey, wire, execute);
    context.idempotencyResult = result;
    return member;
  },
};
