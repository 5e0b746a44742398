// Names between connectFi's wire and the GraphQL schema: input fields (productId ⇄ productID), enum strings, the
// parents of types that read wire objects, validation items → field errors. Union members are built in results.ts.
import {
  WireCardIssueType, type WireAddAttributesRequest, type WireApplication, type WireCardAttributes, type WireKycBundle,
  type WireValidationItem,
} from '../connectfi/wire.js';
import type {
  AddKycAttributesInput, CardAddressType, CardIssueType, CustomerType, DocumentSide, FieldError, KycApplicationStatus,
  KycOutcome, KycStatus,
} from '../generated/graphql.js';

/** A Customer entity: its ID and its KYC bundle (from a status read or the mutation's answer). */
export interface CustomerParent {
  customerId: string;
  bundle: WireKycBundle;
}

export interface StartKycSuccessParent {
  __typename: 'StartKycSuccess';
  requestId?: string;
  bundle: WireKycBundle;
}

export interface AddKycAttributesSuccessParent {
  __typename: 'AddKycAttributesSuccess';
  requestId?: string;
  bundle: WireKycBundle;
  kycAttributes: NonNullable<WireKycBundle['kycAttributes']>;
}

/** A subscription event of the deprecated flow: the KYC bundle connectFi answered. */
export interface KycProcessUpdateParent {
  __typename: 'KycProcessUpdate';
  bundle: WireKycBundle;
}

/** A subscription event of an akepa application. */
export interface KycApplicationUpdateParent {
  __typename: 'KycApplicationUpdate';
  application: WireApplication;
}

// connectFi field → GraphQL input field, where they differ (for paths in validation errors). Every other name
// is the same on both sides.
const WIRE_TO_GRAPHQL_FIELD: Record<string, string> = { productID: 'productId' };

export function toWireAddAttributes(input: AddKycAttributesInput): WireAddAttributesRequest {
  const card = input.additionalAttributes.cardAttributes;
  return {
    customerId: input.customerId,
    additionalAttributes: card
      ? {
          cardAttributes: {
            productID: card.productId,
            nameOnCard: card.nameOnCard,
            designId: card.designId,
            addressType: card.addressType,
            // CardIssueType's internal values are the wire strings (codegen enumValues), e.g. RE-ISSUE.
            issueType: card.issueType,
            // connectFi lists additionalData as required; {} satisfies it when the caller has nothing to add.
            additionalData: card.additionalData ?? {},
          } satisfies WireCardAttributes,
        }
      : {},
  };
}

// Enums read from the wire: a value connectFi adds later must never break a response.
const KYC_STATUSES: ReadonlySet<string> = new Set<KycStatus>(['WAITING_DATA', 'APPROVED']);
const DOCUMENT_SIDES: ReadonlySet<string> = new Set<DocumentSide>(['FRONT', 'BACK']);
const ADDRESS_TYPES: ReadonlySet<string> = new Set<CardAddressType>(['PRIMARY', 'SECONDARY']);
const ISSUE_TYPES: ReadonlySet<string> = new Set<string>(Object.values(WireCardIssueType));

export const kycStatus = (wire: string | undefined): KycStatus =>
  wire !== undefined && KYC_STATUSES.has(wire) ? (wire as KycStatus) : 'UNKNOWN';
export const documentSide = (wire: string | undefined): DocumentSide | null =>
  wire === undefined ? null : DOCUMENT_SIDES.has(wire) ? (wire as DocumentSide) : 'UNKNOWN';
export const customerType = (wire: string | undefined): CustomerType | null =>
  wire === undefined ? null : wire === 'individual' ? 'INDIVIDUAL' : wire === 'business' ? 'BUSINESS' : 'UNKNOWN';
// Input-and-output enums have no UNKNOWN member (clients could send it), so an unknown value reads as null.
export const cardAddressType = (wire: string): CardAddressType | null =>
  ADDRESS_TYPES.has(wire) ? (wire as CardAddressType) : null;
export const cardIssueType = (wire: string): CardIssueType | null =>
  ISSUE_TYPES.has(wire) ? (wire as CardIssueType) : null;
// akepa statuses are lower_snake on the wire (pending_step_up); outcomes Approved on journeys, approved on entities.
const APPLICATION_STATUSES: ReadonlySet<string> = new Set<KycApplicationStatus>([
  'PENDING_STEP_UP', 'PENDING_DOCUMENTS', 'WAITING_REVIEW', 'PENDING_JOURNEY_APPLICATION_REVIEW', 'RUNNING', 'DATA_REQUEST', 'COMPLETED',
]);
export const applicationStatus = (wire: string | undefined): KycApplicationStatus => {
  const upper = (wire ?? '').toUpperCase();
  return APPLICATION_STATUSES.has(upper) ? (upper as KycApplicationStatus) : 'UNKNOWN';
};
export const kycOutcome = (wire: string | null | undefined): KycOutcome | null => {
  if (wire === undefined || wire === null || wire === '') return null;
  const lower = wire.toLowerCase();
  return lower === 'approved' ? 'APPROVED' : lower === 'denied' ? 'DENIED' : 'UNKNOWN';
};

export const graphQLFieldName = (wire: string): string => WIRE_TO_GRAPHQL_FIELD[wire] ?? wire;

/** AJV-style items (instancePath + params.missingProperty, wire names) → paths in GraphQL input names. */
export function fieldErrorsFrom(items: WireValidationItem[]): FieldError[] {
  return items.map((item) => {
    const path = item.instancePath.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const missing = item.params?.missingProperty;
    if (item.keyword === 'required' && typeof missing === 'string') path.push(missing);
    return { __typename: 'FieldError', path: path.map(graphQLFieldName), message: validationMessage(item) };
  });
}

function validationMessage(item: WireValidationItem): string {
  switch (item.keyword) {
    case 'required': return 'Required.';
    case 'enum': return 'Not one of the allowed values.';
    case 'type': return `Must be of type ${String(item.params?.type ?? 'the expected type')}.`;
    case 'additionalProperties': return `Unknown field ${graphQLFieldName(String(item.params?.additionalProperty ?? ''))}.`;
    default: return 'Rejected by connectFi validation.';
  }
}
