// The one place that maps between connectFi's wire and the GraphQL schema: field names, enum strings,
// error codes → union members. Resolvers only call these functions.
import type {
  AddKycAttributesInput, CardAddressType, CardIssueType, CustomerNotFoundError, CustomerType, DocumentSide, FieldError,
  InvalidInputError, KycStatus, ResolversUnionTypes, UpstreamError,
} from '../generated/graphql.js';
import type { CallFailure, CallResult } from './client.js';
import {
  WireCardIssueType,
  type WireAddAttributesRequest, type WireAddAttributesResponse, type WireKycBundle, type WireSuccess, type WireValidationItem,
} from './wire.js';

/** A Customer entity: its ID and its KYC bundle (from a status read or the mutation's answer). */
export interface CustomerParent {
  customerId: string;
  bundle: WireKycBundle;
}

export interface AddKycAttributesSuccessParent {
  __typename: 'AddKycAttributesSuccess';
  requestId?: string;
  bundle: WireKycBundle;
  kycAttributes: NonNullable<WireKycBundle['kycAttributes']>;
}

/** A union member as resolvers return it: its __typename is always set. */
type Member<T extends { __typename?: string }> = T & { __typename: NonNullable<T['__typename']> };
type UnionMember<U extends 'AddKycAttributesResult' | 'CustomerResult'> = ResolversUnionTypes<Record<string, unknown>>[U];

// GraphQL input field ↔ connectFi field, where they differ. Every other name is the same on both sides.
const GRAPHQL_TO_WIRE_FIELD: Record<string, string> = { productId: 'productID' };
const WIRE_TO_GRAPHQL_FIELD = Object.fromEntries(Object.entries(GRAPHQL_TO_WIRE_FIELD).map(([g, w]) => [w, g]));

export function toWireAddAttributes(input: AddKycAttributesInput): WireAddAttributesRequest {
  const card = input.additionalAttributes.cardAttributes;
  return {
    customerId: input.customerId,
    additionalAttributes: card
      ? {
          cardAttributes: {
            [GRAPHQL_TO_WIRE_FIELD.productId]: card.productId,
            nameOnCard: card.nameOnCard,
            designId: card.designId,
            addressType: card.addressType,
            // CardIssueType's internal values are the wire strings (codegen enumValues), e.g. RE-ISSUE.
            issueType: card.issueType,
            // connectFi lists additionalData as required; {} satisfies it when the caller has nothing to add.
            additionalData: card.additionalData ?? {},
          } as unknown as NonNullable<WireAddAttributesRequest['additionalAttributes']['cardAttributes']>,
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

const UPSTREAM_MESSAGES: Record<string, string> = {
  UPSTREAM_UNAVAILABLE: 'connectFi could not be reached; the request was not sent.',
  UPSTREAM_TIMEOUT: 'connectFi did not answer in time.',
  UPSTREAM_CONNECTION_LOST: 'The connection to connectFi broke before its answer arrived.',
  UPSTREAM_SERVER_ERROR: 'connectFi failed with a server error.',
  UPSTREAM_RATE_LIMITED: 'connectFi is rate limiting requests.',
  UPSTREAM_BAD_RESPONSE: 'connectFi answered something the gateway could not read.',
  UPSTREAM_LOGIN_FAILED: 'The gateway could not log in to connectFi.',
  UPSTREAM_CIRCUIT_OPEN: 'connectFi has been failing, so the gateway is not calling it for a short while; the request was not sent.',
};

/** Any failure that is not an expected union member of the operation. Reads pass outcome NOT_APPLIED. */
export function upstreamError(failure: CallFailure, forceOutcome?: 'NOT_APPLIED'): Member<UpstreamError> {
  if (failure.kind === 'rejected') {
    return {
      __typename: 'UpstreamError',
      code: failure.error.code,
      message: `connectFi refused the request (${failure.error.code}).`,
      requestId: failure.error.requestId ?? null,
      retryable: false,
      outcome: 'NOT_APPLIED',
    };
  }
  const unknownOutcome = failure.outcome === 'UNKNOWN' && !forceOutcome;
  return {
    __typename: 'UpstreamError',
    code: failure.code,
    message: UPSTREAM_MESSAGES[failure.code] + (unknownOutcome ? ' The change may or may not have been applied: read the state before retrying.' : ''),
    requestId: failure.requestId ?? null,
    retryable: failure.retryable,
    outcome: forceOutcome ?? failure.outcome,
  };
}

export function customerNotFound(customerId: string, requestId?: string): Member<CustomerNotFoundError> {
  return {
    __typename: 'CustomerNotFoundError',
    code: 'customerNotFound',
    message: 'No connectFi customer has this customerId.',
    requestId: requestId ?? null,
    customerId,
  };
}

export function invalidInput(fields: FieldError[], code: string, requestId?: string): Member<InvalidInputError> {
  return { __typename: 'InvalidInputError', code, message: 'The input is invalid; see fields.', requestId: requestId ?? null, fields };
}

export function addKycAttributesResult(
  result: CallResult<WireAddAttributesResponse>, input: AddKycAttributesInput, sent: WireAddAttributesRequest,
): UnionMember<'AddKycAttributesResult'> {
  if (result.ok) {
    const { data, requestId } = result.value;
    return {
      __typename: 'AddKycAttributesSuccess',
      requestId,
      bundle: data,
      // The docs' example is ambiguous about where kycAttributes sits; without an echo, report what was accepted.
      kycAttributes: result.value.kycAttributes ?? data.kycAttributes ?? sent.additionalAttributes,
    } satisfies AddKycAttributesSuccessParent;
  }
  const { failure } = result;
  if (failure.kind === 'rejected') {
    const { code, requestId, context } = failure.error;
    switch (code) {
      case 'requestValidateError':
        return invalidInput(fieldErrorsFrom(Array.isArray(context) ? context : []), code, requestId);
      case 'statusNotWAITING_DATA':
        return {
          __typename: 'KycStatusConflictError',
          code,
          message: "The customer's KYC status must be WAITING_DATA for this step.",
          requestId: requestId ?? null,
          requiredStatus: 'WAITING_DATA',
        };
      case 'customerNotFound':
        return customerNotFound(input.customerId, requestId);
    }
  }
  return upstreamError(failure);
}

/** A KYC status read → the Customer entity, or the reason it could not be read. */
export function customerResult(customerId: string, result: CallResult<WireSuccess<WireKycBundle>>): UnionMember<'CustomerResult'> {
  if (result.ok) return { __typename: 'Customer', customerId, bundle: result.value.data };
  const { failure } = result;
  if (failure.kind === 'rejected' && failure.error.code === 'customerNotFound') return customerNotFound(customerId, failure.error.requestId);
  return upstreamError(failure, 'NOT_APPLIED');
}
