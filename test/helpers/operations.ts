// The operations the tests send, as a client would write them: one fragment per union member.
export const ADD_KYC_ATTRIBUTES = /* GraphQL */ `
  mutation AddKycAttributes($input: AddKycAttributesInput!) {
    addKycAttributes(input: $input) {
      __typename
      ... on ErrorResult { message code requestId }
      ... on AddKycAttributesSuccess {
        requestId
        customer { customerId reference customerType kycStatus createdAt }
        kyc { status system mode attributeCodes }
        kycDocumentList { id label type documentSide uploadStatus extension }
        kycAttributes { cardAttributes { productId nameOnCard designId addressType issueType additionalData } }
      }
      ... on InvalidInputError { fields { path message } }
      ... on KycStatusConflictError { requiredStatus }
      ... on CustomerNotFoundError { customerId }
      ... on UpstreamError { retryable outcome }
    }
  }
`;

export function cardInput(customerId: string, card: Record<string, unknown> = {}) {
  return {
    input: {
      customerId,
      additionalAttributes: {
        cardAttributes: {
          productId: 'Virtual_Debit_Card',
          nameOnCard: 'JOHN TESTMAN',
          designId: '1',
          addressType: 'PRIMARY',
          issueType: 'NEW',
          ...card,
        },
      },
    },
  };
}

export const WAITING = 'cstap_demoWaitingData1';
export const APPROVED = 'cstap_demoApproved1';

/** ADD_KYC_ATTRIBUTES plus the idempotency member's own field. */
export const ADD_KYC_ATTRIBUTES_IDEMPOTENT = ADD_KYC_ATTRIBUTES.replace(
  '... on UpstreamError { retryable outcome }',
  '... on UpstreamError { retryable outcome }\n      ... on IdempotencyKeyReuseError { idempotencyKey }',
);

/** cardInput(...) with an idempotencyKey. */
export function idempotentInput(customerId: string, idempotencyKey: string, card: Record<string, unknown> = {}) {
  const variables = cardInput(customerId, card);
  return { input: { ...variables.input, idempotencyKey } };
}
