// Sanity checks the gateway makes before calling connectFi, so obviously bad input never costs an upstream call.
// connectFi stays the judge of its own rules (ID patterns, enums); where it publishes no length limits, these
// bounds are ours and documented in the schema.
import type {
  AddKycAttributesInput, FieldError, PrepareKycApplicationDocumentUploadInput, SubmitKycApplicationDocumentsInput,
} from '../generated/graphql.js';
import { idempotencyKeyProblem } from '../idempotency/index.js';

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const MAX_TEXT = 256;
const MAX_ADDITIONAL_DATA_DEPTH = 16;
const MAX_DOCUMENTS = 50;

/** Collects field errors, in GraphQL input names. */
class Checks {
  readonly errors: FieldError[] = [];

  fail(path: string[], message: string): void {
    this.errors.push({ __typename: 'FieldError', path, message });
  }

  /** Non-blank, at most `max` characters, no control characters. */
  text(path: string[], value: string, max = MAX_TEXT): void {
    if (value.trim() === '') this.fail(path, 'Must not be blank.');
    else if (value.length > max) this.fail(path, `Must be at most ${max} characters.`);
    else if (CONTROL_CHARACTERS.test(value)) this.fail(path, 'Must not contain control characters.');
  }

  idempotencyKey(key: string | null | undefined): FieldError[] {
    const problem = idempotencyKeyProblem(key);
    if (problem !== undefined) this.fail(['idempotencyKey'], problem);
    return this.errors;
  }
}

/** Inputs whose fields are only IDs and texts, plus an optional idempotencyKey. */
export function validateTexts(input: Record<string, unknown> & { idempotencyKey?: string | null }, fields: string[]): FieldError[] {
  const checks = new Checks();
  for (const field of fields) checks.text([field], String(input[field] ?? ''));
  return checks.idempotencyKey(input.idempotencyKey);
}

export function validateAddKycAttributesInput(input: AddKycAttributesInput): FieldError[] {
  const checks = new Checks();
  checks.text(['customerId'], input.customerId);
  const card = input.additionalAttributes.cardAttributes;
  if (card) {
    const base = ['additionalAttributes', 'cardAttributes'];
    for (const field of ['productId', 'nameOnCard', 'designId'] as const) checks.text([...base, field], card[field]);
    if (card.additionalData && nestsDeeperThan(card.additionalData, MAX_ADDITIONAL_DATA_DEPTH)) {
      checks.fail([...base, 'additionalData'], `Must not be nested more than ${MAX_ADDITIONAL_DATA_DEPTH} levels deep.`);
    }
  }
  return checks.idempotencyKey(input.idempotencyKey);
}

/** connectFi's own bounds for generated documents: name 1-50, note up to 500 characters. */
export function validatePrepareApplicationDocument(input: PrepareKycApplicationDocumentUploadInput): FieldError[] {
  const checks = new Checks();
  checks.text(['customerId'], input.customerId);
  checks.text(['name'], input.name, 50);
  if (input.note !== undefined && input.note !== null && input.note !== '') checks.text(['note'], input.note, 500);
  return checks.errors;
}

export function validateSubmitDocuments(input: SubmitKycApplicationDocumentsInput): FieldError[] {
  const checks = new Checks();
  checks.text(['customerId'], input.customerId);
  checks.text(['applicationId'], input.applicationId);
  if (input.documents.length === 0) checks.fail(['documents'], 'Must list at least one document.');
  if (input.documents.length > MAX_DOCUMENTS) checks.fail(['documents'], `Must list at most ${MAX_DOCUMENTS} documents.`);
  input.documents.slice(0, MAX_DOCUMENTS).forEach((document, index) => {
    checks.text(['documents', String(index), 'entityId'], document.entityId);
    checks.text(['documents', String(index), 'documentId'], document.documentId);
  });
  return checks.idempotencyKey(input.idempotencyKey);
}

/** Stops descending at the limit, so no input can make it recurse deeply. */
function nestsDeeperThan(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (levels === 0) return true;
  return Object.values(value).some((child) => nestsDeeperThan(child, levels - 1));
}
