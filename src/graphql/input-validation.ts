// Sanity checks the gateway makes before calling connectFi, so obviously bad input never costs an upstream call.
// connectFi stays the judge of its own rules (ID patterns, enums); it publishes no length limits, so these
// bounds are ours and documented in the schema.
import type { AddKycAttributesInput, FieldError } from '../generated/graphql.js';
import { idempotencyKeyProblem } from '../idempotency/index.js';

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const MAX_TEXT = 256;
const MAX_ADDITIONAL_DATA_DEPTH = 16;

export function validateAddKycAttributesInput(input: AddKycAttributesInput): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (path: string[], message: string) => errors.push({ __typename: 'FieldError', path, message });

  const checkText = (path: string[], value: string) => {
    if (value.trim() === '') fail(path, 'Must not be blank.');
    else if (value.length > MAX_TEXT) fail(path, `Must be at most ${MAX_TEXT} characters.`);
    else if (CONTROL_CHARACTERS.test(value)) fail(path, 'Must not contain control characters.');
  };
  checkText(['customerId'], input.customerId);
  const card = input.additionalAttributes.cardAttributes;
  if (card) {
    const base = ['additionalAttributes', 'cardAttributes'];
    for (const field of ['productId', 'nameOnCard', 'designId'] as const) checkText([...base, field], card[field]);
    if (card.additionalData && nestsDeeperThan(card.additionalData, MAX_ADDITIONAL_DATA_DEPTH)) {
      fail([...base, 'additionalData'], `Must not be nested more than ${MAX_ADDITIONAL_DATA_DEPTH} levels deep.`);
    }
  }
  const keyProblem = idempotencyKeyProblem(input.idempotencyKey);
  if (keyProblem !== undefined) fail(['idempotencyKey'], keyProblem);
  return errors;
}

/** Stops descending at the limit, so no input can make it recurse deeply. */
function nestsDeeperThan(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (levels === 0) return true;
  return Object.values(value).some((child) => nestsDeeperThan(child, levels - 1));
}
