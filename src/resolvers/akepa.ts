// connectFi's akepa verification: start an application, read it, prepare document uploads, submit documents.
import { WireApplicationDocumentType, WireDocumentExtension, WireWorkflow } from '../connectfi/wire.js';
import type {
  KycApplicationDocumentTypeResolvers, KycApplicationResolvers, KycDocumentExtensionResolvers, KycEntityApplicationResolvers,
  KycWorkflowResolvers, MutationResolvers, QueryResolvers,
} from '../generated/graphql.js';
import { applicationKey } from '../graphql/context.js';
import { runIdempotent } from '../graphql/idempotent.js';
import { validatePrepareApplicationDocument, validateSubmitDocuments, validateTexts } from '../graphql/input-validation.js';
import { applicationStatus, kycOutcome } from '../graphql/mapping.js';
import {
  applicationResult, generatedDocumentResult, invalidInput, startVerificationResult, submitDocumentsResult,
} from '../graphql/results.js';

export const AkepaQuery: QueryResolvers = {
  async kycApplication(_, { customerId, applicationId }, { loaders }) {
    return applicationResult(await loaders.application.load(applicationKey(customerId, applicationId)), customerId, applicationId);
  },
};

export const AkepaMutation: MutationResolvers = {
  async startKycVerification(_, { input }, context) {
    const problems = validateTexts(input, ['customerId', 'reference']);
    if (problems.length > 0) return invalidInput(problems);
    const wire = { reference: input.reference, customerId: input.customerId };
    // The webhook URL stays out of the fingerprint: its token differs between instances without GATEWAY_WEBHOOK_SECRET.
    return runIdempotent(context, input.idempotencyKey, { startKycVerification: wire }, async () => {
      const result = await context.connectFi.startIdentification({ ...wire, webhookURL: context.live?.webhookUrl(input.customerId) });
      if (result.ok) context.live?.observedApplication(input.customerId, result.value.data);
      return startVerificationResult(result, input.customerId);
    });
  },

  async prepareKycApplicationDocumentUpload(_, { input }, context) {
    const problems = validatePrepareApplicationDocument(input);
    if (problems.length > 0) return invalidInput(problems);
    // Internal enum values are connectFi's strings (codegen enumValues), e.g. FORM_1099 is "1099".
    const result = await context.connectFi.generateApplicationDocument({
      workflow: input.workflow, name: input.name, extension: input.extension, type: input.type, note: input.note ?? null,
    });
    const extension = input.extension === WireDocumentExtension.PNG ? 'png' : 'jpg';
    return generatedDocumentResult(result, (documentId) => context.uploadTargets.issue({ flow: 'akepa', customerId: input.customerId, documentId, extension }));
  },

  async submitKycApplicationDocuments(_, { input }, context) {
    const problems = validateSubmitDocuments(input);
    if (problems.length > 0) return invalidInput(problems);
    const wire = {
      customerId: input.customerId,
      applicationId: input.applicationId,
      documents: input.documents.map(({ entityId, documentId }) => ({ entityId, documentId })),
    };
    return runIdempotent(context, input.idempotencyKey, { submitKycApplicationDocuments: wire }, async () => {
      const result = await context.connectFi.updateApplication(wire);
      if (result.ok) context.loaders.application.prime(applicationKey(input.customerId, input.applicationId), result);
      if (result.ok) context.live?.observedApplication(input.customerId, result.value.data);
      return submitDocumentsResult(result, wire);
    });
  },
};

export const KycApplication: KycApplicationResolvers = {
  reference: (application) => application.reference ?? null,
  status: (application) => applicationStatus(application.status),
  outcome: (application) => kycOutcome(application.outcome),
  entities: (application) => application.entityApplications ?? [],
};

export const KycEntityApplication: KycEntityApplicationResolvers = {
  status: (entity) => applicationStatus(entity.status),
  outcome: (entity) => kycOutcome(entity.outcome),
};

// Internal values of these input enums are connectFi's strings, so inputs arrive in wire form.
export const KycWorkflow: KycWorkflowResolvers = WireWorkflow;
export const KycDocumentExtension: KycDocumentExtensionResolvers = WireDocumentExtension;
export const KycApplicationDocumentType: KycApplicationDocumentTypeResolvers = WireApplicationDocumentType;
