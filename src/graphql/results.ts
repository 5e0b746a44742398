// The one module that builds union members, wherever a result comes from: connectFi's answer, the gateway's own
// validation, the idempotency store, the circuit breaker. Resolvers return what these functions build.
import type { CallFailure, CallOutcome, CallResult, UpstreamFailureCode } from '../connectfi/call-result.js';
import type {
  WireAddAttributesRequest, WireAddAttributesResponse, WireApplication, WireError, WireGeneratedDocument, WireKycBundle,
  WireSuccess, WireUpdateApplicationRequest,
} from '../connectfi/wire.js';
import type {
  AddKycAttributesInput, CustomerNotFoundError, FieldError, IdempotencyKeyReuseError, InvalidInputError, KycApplicationNotFoundError,
  KycDocumentNotFoundError, KycStatusConflictError, MutationOutcome, ResolversUnionTypes, UpstreamError,
} from '../generated/graphql.js';
import type { IdempotencyRefusal } from '../idempotency/index.js';
import type { LiveEvent } from '../live/events.js';
import type { UploadTarget } from '../uploads/targets.js';
import {
  fieldErrorsFrom, type AddKycAttributesSuccessParent, type KycApplicationUpdateParent, type KycProcessUpdateParent, type StartKycSuccessParent,
} from './mapping.js';

/** A union member as resolvers return it: its __typename is always set. */
export type Member<T extends { __typename?: string }> = T & { __typename: NonNullable<T['__typename']> };
export type UnionMember<U extends keyof ResolversUnionTypes<Record<string, unknown>>> = ResolversUnionTypes<Record<string, unknown>>[U];

/** Codes the gateway itself puts in UpstreamError.code; connectFi's own codes pass through as connectFi sent them. */
export type GatewayUpstreamCode =
  | UpstreamFailureCode
  | 'UPSTREAM_OUTCOME_UNKNOWN'
  | 'IDEMPOTENCY_UNAVAILABLE'
  | 'IDEMPOTENCY_KEY_IN_PROGRESS';

/** Codes of the gateway's own refusals in other members. */
export const GATEWAY_VALIDATION = 'GATEWAY_VALIDATION';
export const IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED';

const UNKNOWN_HINT = ' The change may or may not have been applied: read the state before retrying.';

const UPSTREAM_MESSAGES: Record<GatewayUpstreamCode, string> = {
  UPSTREAM_UNAVAILABLE: 'connectFi could not be reached; the request was not sent.',
  UPSTREAM_TIMEOUT: 'connectFi did not answer in time.',
  UPSTREAM_CONNECTION_LOST: 'The connection to connectFi broke before its answer arrived.',
  UPSTREAM_SERVER_ERROR: 'connectFi failed with a server error.',
  UPSTREAM_RATE_LIMITED: 'connectFi is rate limiting requests.',
  UPSTREAM_BAD_RESPONSE: 'connectFi answered something the gateway could not read.',
  UPSTREAM_LOGIN_FAILED: 'The gateway could not log in to connectFi.',
  UPSTREAM_CIRCUIT_OPEN: 'connectFi has been failing, so the gateway is not calling it for a short while; the request was not sent.',
  UPSTREAM_OUTCOME_UNKNOWN: 'The first request with this idempotencyKey stopped before its answer was known. The change may or may not have been applied: read the state before retrying with a new key.',
  IDEMPOTENCY_UNAVAILABLE: 'The idempotency store could not be reached, so the request was not sent to connectFi. Retry with the same key.',
  IDEMPOTENCY_KEY_IN_PROGRESS: 'A request with this idempotencyKey is still running. Retry with the same key to get its answer.',
};

// The client's outcome and the schema's MutationOutcome name the same two facts.
const OUTCOMES: Record<CallOutcome, MutationOutcome> = { NOT_APPLIED: 'NOT_APPLIED', UNKNOWN: 'UNKNOWN' };

/** An UpstreamError the gateway decides itself (no connectFi answer to quote). */
export function gatewayUpstreamError(code: GatewayUpstreamCode, outcome: CallOutcome, retryable: boolean, requestId?: string): Member<UpstreamError> {
  return { __typename: 'UpstreamError', code, message: UPSTREAM_MESSAGES[code], requestId: requestId ?? null, retryable, outcome: OUTCOMES[outcome] };
}

/** Any failure that is not an expected member of the operation. Reads pass `read`: nothing can have changed. */
export function upstreamError(failure: CallFailure, read = false): Member<UpstreamError> {
  if (failure.kind === 'rejected') {
    const { code, requestId } = failure.error;
    return { __typename: 'UpstreamError', code, message: `connectFi refused the request (${code}).`, requestId: requestId ?? null, retryable: false, outcome: 'NOT_APPLIED' };
  }
  const outcome = read ? 'NOT_APPLIED' : failure.outcome;
  const member = gatewayUpstreamError(failure.code, outcome, failure.retryable, failure.requestId);
  if (outcome === 'UNKNOWN') member.message += UNKNOWN_HINT;
  if (failure.retryAfterMs !== undefined) member.retryAfterSeconds = Math.ceil(failure.retryAfterMs / 1000);
  return member;
}

export function customerNotFound(customerId: string, requestId?: string): Member<CustomerNotFoundError> {
  return { __typename: 'CustomerNotFoundError', code: 'customerNotFound', message: 'No connectFi customer has this customerId.', requestId: requestId ?? null, customerId };
}

export function invalidInput(fields: FieldError[], code: string = GATEWAY_VALIDATION, requestId?: string): Member<InvalidInputError> {
  return { __typename: 'InvalidInputError', code, message: 'The input is invalid; see fields.', requestId: requestId ?? null, fields };
}

export function idempotencyKeyReused(idempotencyKey: string): Member<IdempotencyKeyReuseError> {
  return {
    __typename: 'IdempotencyKeyReuseError',
    code: IDEMPOTENCY_KEY_REUSED,
    message: 'This idempotencyKey was already used with a different input. Nothing was sent to connectFi: use a new key for a new request.',
    requestId: null,
    idempotencyKey,
  };
}

/** Why the idempotency store answered instead of connectFi, as the member the client gets. */
export function idempotencyRefusal(refusal: IdempotencyRefusal, idempotencyKey: string): Member<IdempotencyKeyReuseError> | Member<UpstreamError> {
  switch (refusal) {
    case 'mismatch': return idempotencyKeyReused(idempotencyKey);
    case 'orphaned': return gatewayUpstreamError('UPSTREAM_OUTCOME_UNKNOWN', 'UNKNOWN', true);
    case 'unavailable': return gatewayUpstreamError('IDEMPOTENCY_UNAVAILABLE', 'NOT_APPLIED', true);
    case 'in_progress': return gatewayUpstreamError('IDEMPOTENCY_KEY_IN_PROGRESS', 'UNKNOWN', true);
  }
}

/** Nothing was applied, so an idempotency store must not pin it: a retry with the same key may run again. */
export function isSettled(member: { __typename: string; outcome?: string }): boolean {
  return !(member.__typename === 'UpstreamError' && member.outcome === 'NOT_APPLIED');
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
        return statusConflict(code, requestId);
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
  return upstreamError(failure, true);
}

export function documentNotFound(documentId: string, code = 'documentNotFound', requestId?: string): Member<KycDocumentNotFoundError> {
  return { __typename: 'KycDocumentNotFoundError', code, message: 'No such document for this customer.', requestId: requestId ?? null, documentId };
}

export function applicationNotFound(applicationId: string, requestId?: string): Member<KycApplicationNotFoundError> {
  return { __typename: 'KycApplicationNotFoundError', code: 'applicationNotFound', message: 'No KYC application with this applicationId for this customer.', requestId: requestId ?? null, applicationId };
}

function statusConflict(code: string, requestId?: string): Member<KycStatusConflictError> {
  return { __typename: 'KycStatusConflictError', code, message: "The customer's KYC status must be WAITING_DATA for this step.", requestId: requestId ?? null, requiredStatus: 'WAITING_DATA' };
}

/** connectFi's validation items as field errors; an empty list still says which input was refused. */
function validationError(error: WireError, fallbackPath: string[]): Member<InvalidInputError> {
  const fields = fieldErrorsFrom(Array.isArray(error.context) ? error.context : []);
  return invalidInput(fields.length > 0 ? fields : [{ __typename: 'FieldError', path: fallbackPath, message: 'Rejected by connectFi validation.' }], error.code, error.requestId);
}

/** extAkepa: connectFi's back office failed and did nothing; the same request may work later. */
function backOfficeFailure(error: WireError): Member<UpstreamError> {
  return { __typename: 'UpstreamError', code: error.code, message: "connectFi's verification back office failed; nothing was done.", requestId: error.requestId ?? null, retryable: true, outcome: 'NOT_APPLIED' };
}

export function startKycResult(result: CallResult<WireSuccess<WireKycBundle>>, customerId: string): UnionMember<'StartKycResult'> {
  if (result.ok) return { __typename: 'StartKycSuccess', requestId: result.value.requestId, bundle: result.value.data } satisfies StartKycSuccessParent;
  const { failure } = result;
  if (failure.kind === 'rejected') {
    const { error } = failure;
    switch (error.code) {
      case 'customerNotFound': return customerNotFound(customerId, error.requestId);
      case 'requestValidateError': return validationError(error, ['customerId']);
      case 'statusNotWAITING_DATA': return statusConflict(error.code, error.requestId);
    }
  }
  return upstreamError(failure);
}

/** A status read decides whether the document is the customer's: then the upload target, else why not. */
export function kycDocumentUploadResult(
  read: CallResult<WireSuccess<WireKycBundle>>, customerId: string, documentId: string, target: () => UploadTarget,
): UnionMember<'PrepareKycDocumentUploadResult'> {
  if (!read.ok) {
    const customer = customerResult(customerId, read);
    return customer.__typename === 'Customer' ? upstreamError(read.failure, true) : customer;
  }
  const listed = (read.value.data.kycDocumentList ?? []).some((document) => document.id === documentId);
  return listed ? { __typename: 'KycDocumentUploadTarget', ...target() } : documentNotFound(documentId, 'documentNotFound', read.value.requestId);
}

export function generatedDocumentResult(result: CallResult<WireSuccess<WireGeneratedDocument>>, target: (documentId: string) => UploadTarget): UnionMember<'PrepareKycDocumentUploadResult'> {
  if (result.ok) return { __typename: 'KycDocumentUploadTarget', ...target(result.value.data.id) };
  const { failure } = result;
  if (failure.kind === 'rejected') {
    if (failure.error.code === 'requestValidateError') return validationError(failure.error, ['name']);
    if (failure.error.code === 'extAkepa') return backOfficeFailure(failure.error);
  }
  return upstreamError(failure);
}

export function startVerificationResult(result: CallResult<WireSuccess<WireApplication>>, customerId: string): UnionMember<'StartKycVerificationResult'> {
  if (result.ok) return { __typename: 'KycApplication', ...result.value.data };
  const { failure } = result;
  if (failure.kind === 'rejected') {
    const { error } = failure;
    switch (error.code) {
      case 'customerNotFound': return customerNotFound(customerId, error.requestId);
      case 'requestValidateError': return validationError(error, ['reference']);
      case 'referenceExists':
        return invalidInput([{ __typename: 'FieldError', path: ['reference'], message: 'Already used for another application: choose a new reference.' }], error.code, error.requestId);
      case 'extAkepa': return backOfficeFailure(error);
    }
  }
  return upstreamError(failure);
}

export function applicationResult(result: CallResult<WireSuccess<WireApplication>>, customerId: string, applicationId: string): UnionMember<'KycApplicationResult'> {
  if (result.ok) return { __typename: 'KycApplication', ...result.value.data };
  const { failure } = result;
  if (failure.kind === 'rejected') {
    if (failure.error.code === 'applicationNotFound') return applicationNotFound(applicationId, failure.error.requestId);
    if (failure.error.code === 'customerNotFound') return customerNotFound(customerId, failure.error.requestId);
  }
  return upstreamError(failure, true);
}

export function submitDocumentsResult(result: CallResult<WireSuccess<WireApplication>>, sent: WireUpdateApplicationRequest): UnionMember<'SubmitKycApplicationDocumentsResult'> {
  if (result.ok) return { __typename: 'KycApplication', ...result.value.data };
  const { failure } = result;
  if (failure.kind === 'rejected') {
    const { error } = failure;
    const context = Array.isArray(error.context) ? {} : (error.context ?? {});
    switch (error.code) {
      case 'applicationNotFound': return applicationNotFound(sent.applicationId, error.requestId);
      case 'customerNotFound': return customerNotFound(sent.customerId, error.requestId);
      case 'documentNotFound': return documentNotFound(String(context.documentId ?? sent.documents[0]?.documentId ?? ''), error.code, error.requestId);
      case 'statusApplicationEntity':
        return { __typename: 'KycApplicationCompletedError', code: error.code, message: 'The application is completed and takes no more documents.', requestId: error.requestId ?? null, applicationId: sent.applicationId };
      case 'fileNotFound':
        return invalidInput([{ __typename: 'FieldError', path: ['documents'], message: "A document's file was never uploaded: upload it first." }], error.code, error.requestId);
      case 'entityNotFound':
        return invalidInput([{ __typename: 'FieldError', path: ['documents', 'entityId'], message: 'Not an entity of this application.' }], error.code, error.requestId);
      case 'requestValidateError': return validationError(error, ['documents']);
      case 'extAkepa': return backOfficeFailure(error);
    }
  }
  return upstreamError(failure);
}

/** A live KYC event (src/live/) → the KycUpdate member a subscriber gets. */
export function kycUpdate(event: LiveEvent): UnionMember<'KycUpdate'> {
  return event.kind === 'kyc'
    ? ({ __typename: 'KycProcessUpdate', bundle: event.bundle } satisfies KycProcessUpdateParent)
    : ({ __typename: 'KycApplicationUpdate', application: event.application } satisfies KycApplicationUpdateParent);
}
