// Request schemas of the /akepa/* endpoints (docs/connectfi-api.md 1.7, 1.8, 7.1), answered like AJV with allErrors. Their
// objects are closed (additionalProperties), as the docs show for /akepa/identification.
import type { JsonObject, StringRules, ValidationItem } from './validate.js';
import { checkBoolean, checkObject, checkRequired, checkString, item } from './validate.js';

const COMMON_ID: StringRules = { minLength: 1, maxLength: 36, pattern: /^[0-9a-zA-Z_]+$/ };
const COMMON_REFERENCE: StringRules = { minLength: 1, maxLength: 32, pattern: /^[0-9a-zA-Z]+$/ };
const NO_ANGLES = /^((?![<>]).)*$/;
const COMMON_STR_500: StringRules = { maxLength: 500, pattern: NO_ANGLES };
/** common-commonStr50Req: 1-50, no < or >, not blank (one pattern for both, our choice). */
const COMMON_STR_50_REQ: StringRules = { minLength: 1, maxLength: 50, pattern: /^(?!\s*$)((?![<>]).)*$/ };
// ajv-formats' "fast" email format.
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

export const WORKFLOWS = ['BUSINESS', 'PERSONAL'];
export const EXTENSIONS = ['jpg', 'png'];
export const DOCUMENT_TYPES = [
  'contract', 'license', 'passport', 'utility', 'other', 'internal', 'identification_card', 'residence_permit',
  'canada_provincial_id', 'indigenous_card', 'paystub', 'bank_statement', 'w2', '1099', '1120', '1065', 't1', 't4',
];

function checkClosed(errors: ValidationItem[], obj: JsonObject, path: string, allowed: string[]): void {
  for (const name of Object.keys(obj)) {
    if (!allowed.includes(name)) {
      errors.push(item(path, 'additionalProperties', { additionalProperty: name }, 'must NOT have additional properties'));
    }
  }
}

/** Required, closed object; null is allowed where the docs say nullable (checked by the caller). */
function objectWith(errors: ValidationItem[], body: unknown, required: string[], optional: string[]): body is JsonObject {
  if (!checkObject(errors, body, '')) return false;
  checkRequired(errors, body, '', required);
  checkClosed(errors, body, '', [...required, ...optional]);
  return true;
}

function checkNullableString(errors: ValidationItem[], value: unknown, path: string, rules: StringRules): void {
  if (value !== null) checkString(errors, value, path, rules);
}

/** POST /akepa/identification. Both spellings of the webhook URL are accepted: the docs' example uses webhookUrl. */
export function validateIdentification(body: unknown): ValidationItem[] {
  const errors: ValidationItem[] = [];
  if (!objectWith(errors, body, ['reference', 'customerId'], ['syncMode', 'webhookURL', 'webhookUrl'])) return errors;
  checkString(errors, body.reference, '/reference', COMMON_REFERENCE);
  checkString(errors, body.customerId, '/customerId', COMMON_ID);
  checkBoolean(errors, body.syncMode, '/syncMode');
  checkNullableString(errors, body.webhookURL, '/webhookURL', COMMON_STR_500);
  checkNullableString(errors, body.webhookUrl, '/webhookUrl', COMMON_STR_500);
  return errors;
}

/** POST /akepa/status. */
export function validateAkepaStatus(body: unknown): ValidationItem[] {
  const errors: ValidationItem[] = [];
  if (!objectWith(errors, body, ['customerId', 'applicationId'], [])) return errors;
  checkString(errors, body.customerId, '/customerId', COMMON_ID);
  checkString(errors, body.applicationId, '/applicationId', COMMON_ID);
  return errors;
}

/** POST /akepa/document/generate: workflow, name, extension and type required (our choice), note fields optional. */
export function validateGenerate(body: unknown): ValidationItem[] {
  const errors: ValidationItem[] = [];
  const optional = ['note', 'note_author_agent_email'];
  if (!objectWith(errors, body, ['workflow', 'name', 'extension', 'type'], optional)) return errors;
  checkString(errors, body.workflow, '/workflow', { allowed: WORKFLOWS });
  checkString(errors, body.name, '/name', COMMON_STR_50_REQ);
  checkString(errors, body.extension, '/extension', { allowed: EXTENSIONS });
  checkString(errors, body.type, '/type', { allowed: DOCUMENT_TYPES });
  checkNullableString(errors, body.note, '/note', COMMON_STR_500);
  const email = body.note_author_agent_email;
  if (email !== undefined && email !== null) {
    checkString(errors, email, '/note_author_agent_email');
    if (typeof email === 'string' && !EMAIL.test(email)) {
      errors.push(item('/note_author_agent_email', 'format', { format: 'email' }, 'must match format "email"'));
    }
  }
  return errors;
}

/** POST /akepa/update: { customerId, applicationId, documents: [{ entityId, documentId }] } (field names ours where the page is cut). */
export function validateUpdate(body: unknown): ValidationItem[] {
  const errors: ValidationItem[] = [];
  if (!objectWith(errors, body, ['customerId', 'applicationId', 'documents'], [])) return errors;
  checkString(errors, body.customerId, '/customerId', COMMON_ID);
  checkString(errors, body.applicationId, '/applicationId', COMMON_ID);
  const documents = body.documents;
  if (documents === undefined) return errors;
  if (!Array.isArray(documents)) {
    errors.push(item('/documents', 'type', { type: 'array' }, 'must be array'));
    return errors;
  }
  if (documents.length === 0) errors.push(item('/documents', 'minItems', { limit: 1 }, 'must NOT have fewer than 1 items'));
  documents.forEach((doc, i) => {
    const path = `/documents/${i}`;
    if (!checkObject(errors, doc, path)) return;
    checkRequired(errors, doc, path, ['entityId', 'documentId']);
    checkClosed(errors, doc, path, ['entityId', 'documentId']);
    checkString(errors, doc.entityId, `${path}/entityId`, COMMON_ID);
    checkString(errors, doc.documentId, `${path}/documentId`, COMMON_ID);
  });
  return errors;
}
