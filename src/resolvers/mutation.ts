// Mutations of the deprecated /customer/kyc flow: check the input, call connectFi once (under the idempotencyKey),
// answer the union member results.ts builds.
import type { MutationResolvers } from '../generated/graphql.js';
import { runIdempotent } from '../graphql/idempotent.js';
import { validateAddKycAttributesInput, validateTexts } from '../graphql/input-validation.js';
import { toWireAddAttributes } from '../graphql/mapping.js';
import { addKycAttributesResult, invalidInput, kycDocumentUploadResult, startKycResult } from '../graphql/results.js';

export const Mutation: MutationResolvers = {
  async addKycAttributes(_, { input }, context) {
    const problems = validateAddKycAttributesInput(input);
    if (problems.length > 0) return invalidInput(problems);
    const wire = toWireAddAttributes(input);
    return runIdempotent(context, input.idempotencyKey, wire, async () => {
      const result = await context.connectFi.addKycAttributes(wire);
      // The answer carries the customer's KYC bundle: reading it in the same operation costs no second call.
      if (result.ok) context.loaders.kycBundle.clear(input.customerId).prime(input.customerId, result);
      if (result.ok) context.live?.observedKyc(input.customerId, result.value.data);
      return addKycAttributesResult(result, input, wire);
    });
  },

  async startKyc(_, { input }, context) {
    const problems = validateTexts(input, ['customerId']);
    if (problems.length > 0) return invalidInput(problems);
    const wire = { customerId: input.customerId };
    // The webhook URL stays out of the fingerprint: its token differs between instances without GATEWAY_WEBHOOK_SECRET.
    return runIdempotent(context, input.idempotencyKey, { startKyc: wire }, async () => {
      const result = await context.connectFi.startKyc({ ...wire, webhookURL: context.live?.webhookUrl(input.customerId) });
      if (result.ok) context.loaders.kycBundle.clear(input.customerId).prime(input.customerId, result);
      if (result.ok) context.live?.observedKyc(input.customerId, result.value.data);
      return startKycResult(result, input.customerId);
    });
  },

  async prepareKycDocumentUpload(_, { input: { customerId, documentId } }, context) {
    const problems = validateTexts({ customerId, documentId }, ['customerId', 'documentId']);
    if (problems.length > 0) return invalidInput(problems);
    const read = await context.loaders.kycBundle.load(customerId);
    return kycDocumentUploadResult(read, customerId, documentId, () => context.uploadTargets.issue({ flow: 'kyc', customerId, documentId }));
  },
};
