/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AddKycAttributesInput = {
  additionalAttributes: KycAdditionalAttributesInput;
  /** connectFi customer ID, e.g. cstap_6reGTr3k8vpAu8uFV7EdiN. Non-blank, at most 256 characters, no control characters; connectFi checks its own pattern. */
  customerId: string | number;
  /**
   * Optional, 1 to 64 characters, chosen by the client (e.g. a UUID per user action). A repeat with the same key and
   * the same input answers the first result again (same requestId) without calling connectFi; the same key with a
   * different input answers IdempotencyKeyReuseError. Keys are per caller and kept for IDEMPOTENCY_TTL_S (default
   * 24 h). Not kept: UpstreamError with outcome NOT_APPLIED (nothing happened), so retrying with the same key is safe.
   */
  idempotencyKey?: string | null | undefined;
};

export type CardAddressType =
  | 'PRIMARY'
  | 'SECONDARY';

/** Card attributes. String fields must be non-blank, at most 256 characters, without control characters. */
export type CardAttributesInput = {
  /** Extra properties for connectFi; {} when omitted. */
  additionalData?: Record<string, unknown> | null | undefined;
  addressType: CardAddressType;
  /** Card design ID, e.g. "1". */
  designId: string;
  issueType: CardIssueType;
  /** Full name printed on the card, e.g. JESSIE U TESTMAN. */
  nameOnCard: string;
  /** The card product (connectFi's productID, also called program_id), e.g. Virtual_Debit_Card. */
  productId: string;
};

/** RE_ISSUE is RE-ISSUE at connectFi. */
export type CardIssueType =
  | 'DAMAGED'
  | 'EXPIRED'
  | 'NEW'
  | 'REGISTRATION'
  | 'RE_ISSUE';

/** UNKNOWN stands for any value connectFi adds later. */
export type CustomerType =
  | 'BUSINESS'
  | 'INDIVIDUAL'
  | 'UNKNOWN';

/** UNKNOWN stands for any value connectFi adds later. */
export type DocumentSide =
  | 'BACK'
  | 'FRONT'
  | 'UNKNOWN';

export type KycAdditionalAttributesInput = {
  /** Only needed if a card will be issued. */
  cardAttributes?: CardAttributesInput | null | undefined;
};

export type KycApplicationDocumentInput = {
  /** A document prepared with prepareKycApplicationDocumentUpload and uploaded. */
  documentId: string | number;
  /** For an individual, the customerId; for a business, the representative's entity id. */
  entityId: string | number;
};

/** connectFi's document types (lower case on the wire; FORM_1099 is 1099). */
export type KycApplicationDocumentType =
  | 'BANK_STATEMENT'
  | 'CANADA_PROVINCIAL_ID'
  | 'CONTRACT'
  | 'FORM_1065'
  | 'FORM_1099'
  | 'FORM_1120'
  | 'IDENTIFICATION_CARD'
  | 'INDIGENOUS_CARD'
  | 'INTERNAL'
  | 'LICENSE'
  | 'OTHER'
  | 'PASSPORT'
  | 'PAYSTUB'
  | 'RESIDENCE_PERMIT'
  | 'T1'
  | 'T4'
  | 'UTILITY'
  | 'W2';

/** Where an akepa application (connectFi's recommended KYC verification) stands. UNKNOWN: a value connectFi adds later. */
export type KycApplicationStatus =
  /** Final: the decision is in outcome. */
  | 'COMPLETED'
  /** Customer data the client's KYC procedure needs is missing. */
  | 'DATA_REQUEST'
  | 'PENDING_DOCUMENTS'
  | 'PENDING_JOURNEY_APPLICATION_REVIEW'
  /** Document images are expected: prepare and upload them, then submitKycApplicationDocuments. */
  | 'PENDING_STEP_UP'
  | 'RUNNING'
  | 'UNKNOWN'
  /** Manual review at PayGears: nothing to do. */
  | 'WAITING_REVIEW';

/** jpg and png at connectFi. */
export type KycDocumentExtension =
  | 'JPG'
  | 'PNG';

/** The decision of a completed application or entity. connectFi writes Approved on the journey, approved on entities. */
export type KycOutcome =
  | 'APPROVED'
  | 'DENIED'
  | 'UNKNOWN';

/** KYC status of the deprecated /customer/kyc flow. UNKNOWN stands for any value connectFi adds later. */
export type KycStatus =
  | 'APPROVED'
  | 'UNKNOWN'
  | 'WAITING_DATA';

export type KycWorkflow =
  | 'BUSINESS'
  | 'PERSONAL';

/**
 * Whether a failed mutation changed anything at connectFi.
 * NOT_APPLIED: connectFi certainly did not apply it (it was never sent, or connectFi refused it).
 * UNKNOWN: it may or may not have been applied (timeout, dropped connection, 5xx, unreadable answer): read the state before retrying.
 */
export type MutationOutcome =
  | 'NOT_APPLIED'
  | 'UNKNOWN';

export type PrepareKycApplicationDocumentUploadInput = {
  customerId: string | number;
  extension: KycDocumentExtension;
  /** 1 to 50 characters. */
  name: string;
  /** Up to 500 characters. */
  note?: string | null | undefined;
  type: KycApplicationDocumentType;
  workflow: KycWorkflow;
};

export type PrepareKycDocumentUploadInput = {
  customerId: string | number;
  /** A document id from the customer's kycDocumentList. */
  documentId: string | number;
};

export type StartKycInput = {
  /** connectFi customer ID (created with connectFi's /customer/init). */
  customerId: string | number;
  /** As for addKycAttributes: a repeat with the same key and input answers the first result without calling connectFi. */
  idempotencyKey?: string | null | undefined;
};

export type StartKycVerificationInput = {
  customerId: string | number;
  idempotencyKey?: string | null | undefined;
  /** Your reference for this application (connectFi common-reference). */
  reference: string;
};

export type SubmitKycApplicationDocumentsInput = {
  applicationId: string | number;
  customerId: string | number;
  documents: Array<KycApplicationDocumentInput>;
  idempotencyKey?: string | null | undefined;
};

export type AddKycAttributesOutcomeMutationVariables = Exact<{
  input: AddKycAttributesInput;
}>;


export type AddKycAttributesOutcomeMutation = { addKycAttributes:
    | { __typename: 'AddKycAttributesSuccess', requestId: string | null, kyc: { status: KycStatus, attributeCodes: Array<string> } }
    | { __typename: 'CustomerNotFoundError', code: string, message: string }
    | { __typename: 'IdempotencyKeyReuseError', code: string, message: string }
    | { __typename: 'InvalidInputError', code: string, message: string }
    | { __typename: 'KycStatusConflictError', code: string, message: string }
    | { __typename: 'UpstreamError', code: string, message: string }
   };

export type AddKycAttributesMutationVariables = Exact<{
  input: AddKycAttributesInput;
}>;


export type AddKycAttributesMutation = { addKycAttributes:
    | { __typename: 'AddKycAttributesSuccess', requestId: string | null, customer: { customerId: string, kycStatus: KycStatus | null }, kyc: { status: KycStatus, attributeCodes: Array<string> }, kycDocumentList: Array<{ id: string, label: string, documentSide: DocumentSide | null, uploadStatus: boolean }>, kycAttributes: { cardAttributes: { productId: string, nameOnCard: string, designId: string, addressType: CardAddressType | null, issueType: CardIssueType | null, additionalData: Record<string, unknown> | null } | null } }
    | { __typename: 'CustomerNotFoundError', code: string, message: string, requestId: string | null, customerId: string }
    | { __typename: 'IdempotencyKeyReuseError', code: string, message: string, idempotencyKey: string }
    | { __typename: 'InvalidInputError', code: string, message: string, fields: Array<{ path: Array<string>, message: string }> }
    | { __typename: 'KycStatusConflictError', code: string, message: string, requestId: string | null, requiredStatus: KycStatus }
    | { __typename: 'UpstreamError', code: string, message: string, requestId: string | null, retryable: boolean, outcome: MutationOutcome }
   };

export type CustomerStatusQueryVariables = Exact<{
  customerId: string | number;
}>;


export type CustomerStatusQuery = { customer:
    | { __typename: 'Customer', customerId: string, kycStatus: KycStatus | null }
    | { __typename: 'CustomerNotFoundError', code: string, message: string }
    | { __typename: 'UpstreamError', code: string, message: string }
   };

export type CustomerQueryVariables = Exact<{
  customerId: string | number;
}>;


export type CustomerQuery = { customer:
    | { __typename: 'Customer', customerId: string, reference: string | null, customerType: CustomerType | null, kycStatus: KycStatus | null, createdAt: string | null, kyc: { status: KycStatus, attributeCodes: Array<string> } | null, kycDocumentList: Array<{ id: string, label: string, type: string, documentSide: DocumentSide | null, uploadStatus: boolean }> }
    | { __typename: 'CustomerNotFoundError', code: string, message: string, customerId: string }
    | { __typename: 'UpstreamError', code: string, message: string, retryable: boolean }
   };

export type KycApplicationStatusQueryVariables = Exact<{
  customerId: string | number;
  applicationId: string | number;
}>;


export type KycApplicationStatusQuery = { kycApplication:
    | { __typename: 'CustomerNotFoundError', code: string, message: string, requestId: string | null, customerId: string }
    | { __typename: 'KycApplication', applicationId: string, customerId: string, reference: string | null, status: KycApplicationStatus, outcome: KycOutcome | null, entities: Array<{ entityId: string, isCustomer: boolean, status: KycApplicationStatus, outcome: KycOutcome | null }> }
    | { __typename: 'KycApplicationNotFoundError', code: string, message: string, requestId: string | null, applicationId: string }
    | { __typename: 'UpstreamError', code: string, message: string, requestId: string | null, retryable: boolean, retryAfterSeconds: number | null, readOutcome: MutationOutcome }
   };

export type KycUpdatesSubscriptionVariables = Exact<{
  customerId: string | number;
}>;


export type KycUpdatesSubscription = { kycUpdates:
    | { __typename: 'KycApplicationUpdate', application: { applicationId: string, customerId: string, reference: string | null, status: KycApplicationStatus, outcome: KycOutcome | null, entities: Array<{ entityId: string, isCustomer: boolean, status: KycApplicationStatus, outcome: KycOutcome | null }> } }
    | { __typename: 'KycProcessUpdate', customer: { customerId: string, kycStatus: KycStatus | null }, kyc: { status: KycStatus, attributeCodes: Array<string> }, kycDocumentList: Array<{ id: string, label: string, type: string, documentSide: DocumentSide | null, uploadStatus: boolean }> }
   };

export type PrepareKycApplicationDocumentUploadMutationVariables = Exact<{
  input: PrepareKycApplicationDocumentUploadInput;
}>;


export type PrepareKycApplicationDocumentUploadMutation = { prepareKycApplicationDocumentUpload:
    | { __typename: 'CustomerNotFoundError', code: string, message: string, requestId: string | null, customerId: string }
    | { __typename: 'InvalidInputError', code: string, message: string, requestId: string | null, fields: Array<{ path: Array<string>, message: string }> }
    | { __typename: 'KycDocumentNotFoundError', code: string, message: string, requestId: string | null, documentId: string }
    | { __typename: 'KycDocumentUploadTarget', documentId: string, url: string, method: string, fileField: string, maxBytes: number, acceptedContentTypes: Array<string>, expiresAt: string }
    | { __typename: 'UpstreamError', code: string, message: string, requestId: string | null, retryable: boolean, outcome: MutationOutcome, retryAfterSeconds: number | null }
   };

export type PrepareKycDocumentUploadMutationVariables = Exact<{
  input: PrepareKycDocumentUploadInput;
}>;


export type PrepareKycDocumentUploadMutation = { prepareKycDocumentUpload:
    | { __typename: 'CustomerNotFoundError', code: string, message: string, requestId: string | null, customerId: string }
    | { __typename: 'InvalidInputError', code: string, message: string, requestId: string | null, fields: Array<{ path: Array<string>, message: string }> }
    | { __typename: 'KycDocumentNotFoundError', code: string, message: string, requestId: string | null, documentId: string }
    | { __typename: 'KycDocumentUploadTarget', documentId: string, url: string, method: string, fileField: string, maxBytes: number, acceptedContentTypes: Array<string>, expiresAt: string }
    | { __typename: 'UpstreamError', code: string, message: string, requestId: string | null, retryable: boolean, outcome: MutationOutcome, retryAfterSeconds: number | null }
   };

export type StartKycVerificationMutationVariables = Exact<{
  input: StartKycVerificationInput;
}>;


export type StartKycVerificationMutation = { startKycVerification:
    | { __typename: 'CustomerNotFoundError', code: string, message: string, requestId: string | null, customerId: string }
    | { __typename: 'IdempotencyKeyReuseError', code: string, message: string, idempotencyKey: string }
    | { __typename: 'InvalidInputError', code: string, message: string, requestId: string | null, fields: Array<{ path: Array<string>, message: string }> }
    | { __typename: 'KycApplication', applicationId: string, customerId: string, reference: string | null, status: KycApplicationStatus, outcome: KycOutcome | null, entities: Array<{ entityId: string, isCustomer: boolean, status: KycApplicationStatus, outcome: KycOutcome | null }> }
    | { __typename: 'UpstreamError', code: string, message: string, requestId: string | null, retryable: boolean, retryAfterSeconds: number | null, mutationOutcome: MutationOutcome }
   };

export type StartKycMutationVariables = Exact<{
  input: StartKycInput;
}>;


export type StartKycMutation = { startKyc:
    | { __typename: 'CustomerNotFoundError', code: string, message: string, requestId: string | null, customerId: string }
    | { __typename: 'IdempotencyKeyReuseError', code: string, message: string, idempotencyKey: string }
    | { __typename: 'InvalidInputError', code: string, message: string, requestId: string | null, fields: Array<{ path: Array<string>, message: string }> }
    | { __typename: 'KycStatusConflictError', code: string, message: string, requestId: string | null, requiredStatus: KycStatus }
    | { __typename: 'StartKycSuccess', requestId: string | null, customer: { customerId: string, kycStatus: KycStatus | null }, kyc: { status: KycStatus, attributeCodes: Array<string> }, kycDocumentList: Array<{ id: string, label: string, type: string, documentSide: DocumentSide | null, uploadStatus: boolean }> }
    | { __typename: 'UpstreamError', code: string, message: string, requestId: string | null, retryable: boolean, outcome: MutationOutcome, retryAfterSeconds: number | null }
   };

export type SubmitKycApplicationDocumentsMutationVariables = Exact<{
  input: SubmitKycApplicationDocumentsInput;
}>;


export type SubmitKycApplicationDocumentsMutation = { submitKycApplicationDocuments:
    | { __typename: 'CustomerNotFoundError', code: string, message: string, requestId: string | null, customerId: string }
    | { __typename: 'IdempotencyKeyReuseError', code: string, message: string, idempotencyKey: string }
    | { __typename: 'InvalidInputError', code: string, message: string, requestId: string | null, fields: Array<{ path: Array<string>, message: string }> }
    | { __typename: 'KycApplication', applicationId: string, customerId: string, reference: string | null, status: KycApplicationStatus, outcome: KycOutcome | null, entities: Array<{ entityId: string, isCustomer: boolean, status: KycApplicationStatus, outcome: KycOutcome | null }> }
    | { __typename: 'KycApplicationCompletedError', code: string, message: string, requestId: string | null, completedApplicationId: string | null }
    | { __typename: 'KycApplicationNotFoundError', code: string, message: string, requestId: string | null, applicationId: string }
    | { __typename: 'KycDocumentNotFoundError', code: string, message: string, requestId: string | null, documentId: string }
    | { __typename: 'UpstreamError', code: string, message: string, requestId: string | null, retryable: boolean, retryAfterSeconds: number | null, mutationOutcome: MutationOutcome }
   };


export const AddKycAttributesOutcomeDocument = {"__meta__":{"hash":"950a3f017d62e48dbcf3a85b946e6f6b95e32e9cd15739c6577ca9819dcf8d87"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddKycAttributesOutcome"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddKycAttributesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addKycAttributes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AddKycAttributesSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"kyc"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attributeCodes"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ErrorResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<AddKycAttributesOutcomeMutation, AddKycAttributesOutcomeMutationVariables>;
export const AddKycAttributesDocument = {"__meta__":{"hash":"35186950b56d779c77baad3e398b621be05d25a00b04308dc864536ca9372813"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddKycAttributes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddKycAttributesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addKycAttributes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AddKycAttributesSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"kycStatus"}}]}},{"kind":"Field","name":{"kind":"Name","value":"kyc"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attributeCodes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"kycDocumentList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"documentSide"}},{"kind":"Field","name":{"kind":"Name","value":"uploadStatus"}}]}},{"kind":"Field","name":{"kind":"Name","value":"kycAttributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cardAttributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"productId"}},{"kind":"Field","name":{"kind":"Name","value":"nameOnCard"}},{"kind":"Field","name":{"kind":"Name","value":"designId"}},{"kind":"Field","name":{"kind":"Name","value":"addressType"}},{"kind":"Field","name":{"kind":"Name","value":"issueType"}},{"kind":"Field","name":{"kind":"Name","value":"additionalData"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycStatusConflictError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"requiredStatus"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IdempotencyKeyReuseError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]}}]}}]} as unknown as DocumentNode<AddKycAttributesMutation, AddKycAttributesMutationVariables>;
export const CustomerStatusDocument = {"__meta__":{"hash":"37b979ef29035205fc388c11e07a90533e6197897eb4f92f9bb3a3cf758c3682"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"customerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"customerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"customerId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"kycStatus"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ErrorResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CustomerStatusQuery, CustomerStatusQueryVariables>;
export const CustomerDocument = {"__meta__":{"hash":"145a2bcf22b6bac762ceb175813a310982d22dec77827b775739a785d9b02208"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Customer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"customerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"customerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"customerId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Customer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"customerType"}},{"kind":"Field","name":{"kind":"Name","value":"kycStatus"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"kyc"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attributeCodes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"kycDocumentList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"documentSide"}},{"kind":"Field","name":{"kind":"Name","value":"uploadStatus"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}}]}}]}}]}}]} as unknown as DocumentNode<CustomerQuery, CustomerQueryVariables>;
export const KycApplicationStatusDocument = {"__meta__":{"hash":"d01f4c0d376734f5f6da63ce53fbde28dc0f2c1803d349f717a376b10c8a6cdf"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KycApplicationStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"customerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"applicationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kycApplication"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"customerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"customerId"}}},{"kind":"Argument","name":{"kind":"Name","value":"applicationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"applicationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycApplication"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"applicationId"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"entities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"isCustomer"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycApplicationNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"applicationId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","alias":{"kind":"Name","value":"readOutcome"},"name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<KycApplicationStatusQuery, KycApplicationStatusQueryVariables>;
export const KycUpdatesDocument = {"__meta__":{"hash":"bd9847b0b110c6396b8f497d988e144089b873df4642bad9a36eee82502b780c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"KycUpdates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"customerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kycUpdates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"customerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"customerId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycProcessUpdate"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"kycStatus"}}]}},{"kind":"Field","name":{"kind":"Name","value":"kyc"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attributeCodes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"kycDocumentList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"documentSide"}},{"kind":"Field","name":{"kind":"Name","value":"uploadStatus"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycApplicationUpdate"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"application"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"applicationId"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"entities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"isCustomer"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<KycUpdatesSubscription, KycUpdatesSubscriptionVariables>;
export const PrepareKycApplicationDocumentUploadDocument = {"__meta__":{"hash":"3849dd01b3e42f3582f9832a7096f4ff2a08c31c3d001f85e4507aac86a9ea00"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PrepareKycApplicationDocumentUpload"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PrepareKycApplicationDocumentUploadInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prepareKycApplicationDocumentUpload"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycDocumentUploadTarget"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"fileField"}},{"kind":"Field","name":{"kind":"Name","value":"maxBytes"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedContentTypes"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycDocumentNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"documentId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<PrepareKycApplicationDocumentUploadMutation, PrepareKycApplicationDocumentUploadMutationVariables>;
export const PrepareKycDocumentUploadDocument = {"__meta__":{"hash":"48c96ec63b64d068419b140637c41b4c39a9b1d0b7e4bc01646dd9de4e540ac6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PrepareKycDocumentUpload"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PrepareKycDocumentUploadInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prepareKycDocumentUpload"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycDocumentUploadTarget"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentId"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"fileField"}},{"kind":"Field","name":{"kind":"Name","value":"maxBytes"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedContentTypes"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycDocumentNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"documentId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<PrepareKycDocumentUploadMutation, PrepareKycDocumentUploadMutationVariables>;
export const StartKycVerificationDocument = {"__meta__":{"hash":"55b1a5d48bdca69699ae54cd5620118e6c513131a4d59de858a87da09d9af746"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartKycVerification"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartKycVerificationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startKycVerification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycApplication"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"applicationId"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"entities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"isCustomer"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IdempotencyKeyReuseError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","alias":{"kind":"Name","value":"mutationOutcome"},"name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<StartKycVerificationMutation, StartKycVerificationMutationVariables>;
export const StartKycDocument = {"__meta__":{"hash":"f9ca9bb41bfe6e5f52d64a7a511534e4a1d816edafa46e4737e4e4162a00201c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartKyc"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartKycInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startKyc"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StartKycSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"kycStatus"}}]}},{"kind":"Field","name":{"kind":"Name","value":"kyc"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attributeCodes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"kycDocumentList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"documentSide"}},{"kind":"Field","name":{"kind":"Name","value":"uploadStatus"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycStatusConflictError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"requiredStatus"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IdempotencyKeyReuseError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<StartKycMutation, StartKycMutationVariables>;
export const SubmitKycApplicationDocumentsDocument = {"__meta__":{"hash":"494c3e61d67a5bcebffaf4a3876f5d945ce3851d33b110bb18eda89005164879"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitKycApplicationDocuments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitKycApplicationDocumentsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitKycApplicationDocuments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycApplication"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"applicationId"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"entities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"entityId"}},{"kind":"Field","name":{"kind":"Name","value":"isCustomer"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidInputError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"customerId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycApplicationNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"applicationId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycDocumentNotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"documentId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"KycApplicationCompletedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","alias":{"kind":"Name","value":"completedApplicationId"},"name":{"kind":"Name","value":"applicationId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IdempotencyKeyReuseError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UpstreamError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","alias":{"kind":"Name","value":"mutationOutcome"},"name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"retryAfterSeconds"}}]}}]}}]}}]} as unknown as DocumentNode<SubmitKycApplicationDocumentsMutation, SubmitKycApplicationDocumentsMutationVariables>;