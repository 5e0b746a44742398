// Request validation that answers like connectFi's AJV (allErrors) does: one context item per problem (docs/connectfi-api.md 1.8, 5.4, 8).

export interface ValidationItem {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: string;
}

export type JsonObject = Record<string, unknown>;

const ID_PATTERN = /^[0-9A-Za-z_-]{1,36}$/; // section 8: deprecated endpoints accept hyphenated IDs too
const LOGIN_PATTERN = /^[0-9a-zA-Z_]+$/; // common-id, docs/connectfi-api.md 2.1
export const ADDRESS_TYPES = ['PRIMARY', 'SECONDARY'];
export const ISSUE_TYPES = ['NEW', 'REGISTRATION', 'RE-ISSUE', 'EXPIRED', 'DAMAGED'];
const CARD_FIELDS = ['productID', 'nameOnCard', 'designId', 'addressType', 'issueType', 'additionalData'];

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isValidId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/** AJV's schemaPath for a data path: /a/b -> #/properties/a/properties/b, /list/0 -> #/properties/list/items */
function schemaPathOf(instancePath: string): string {
  return '#' + instancePath.split('/').slice(1).map((name) => (/^\d+$/.test(name) ? '/items' : `/properties/${name}`)).join('');
}

export function item(instancePath: string, keyword: string, params: JsonObject, message: string): ValidationItem {
  return { instancePath, schemaPath: `${schemaPathOf(instancePath)}/${keyword}`, keyword, params, message };
}

/** AJV reports `required` against the parent object, before checking any property. */
export function checkRequired(errors: ValidationItem[], obj: JsonObject, path: string, names: string[]): void {
  for (const name of names) {
    if (obj[name] === undefined) {
      errors.push(item(path, 'required', { missingProperty: name }, `must have required property '${name}'`));
    }
  }
}

/** false (and a `type` item) unless value is an object; absent values are the caller's business. */
export function checkObject(errors: ValidationItem[], value: unknown, path: string): value is JsonObject {
  if (isObject(value)) return true;
  errors.push(item(path, 'type', { type: 'object' }, 'must be object'));
  return false;
}

export interface StringRules {
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
  allowed?: string[];
}

export function checkString(errors: ValidationItem[], value: unknown, path: string, rules: StringRules = {}): void {
  if (value === undefined) return; // `required` already said so
  if (typeof value !== 'string') {
    errors.push(item(path, 'type', { type: 'string' }, 'must be string'));
    return;
  }
  if (rules.maxLength !== undefined && value.length > rules.maxLength) {
    errors.push(item(path, 'maxLength', { limit: rules.maxLength }, `must NOT have more than ${rules.maxLength} characters`));
  }
  if (rules.minLength !== undefined && value.length < rules.minLength) {
    errors.push(item(path, 'minLength', { limit: rules.minLength }, `must NOT have fewer than ${rules.minLength} characters`));
  }
  if (rules.pattern && !rules.pattern.test(value)) {
    const pattern = rules.pattern.source;
    errors.push(item(path, 'pattern', { pattern }, `must match pattern "${pattern}"`));
  }
  if (rules.allowed && !rules.allowed.includes(value)) {
    errors.push(item(path, 'enum', { allowedValues: rules.allowed }, 'must be equal to one of the allowed values'));
  }
}

export function checkBoolean(errors: ValidationItem[], value: unknown, path: string): void {
  if (value !== undefined && value !== null && typeof value !== 'boolean') {
    errors.push(item(path, 'type', { type: 'boolean' }, 'must be boolean'));
  }
}

/** POST /auth/get-token: { user: { login, password } } (docs/connectfi-api.md 2.1). */
export function validateLogin(body: unknown): ValidationItem[] {
  const errors: ValidationItem[] = [];
  if (!checkObject(errors, body, '')) return errors;
  checkRequired(errors, body, '', ['user']);
  if (body.user !== undefined && checkObject(errors, body.user, '/user')) {
    checkRequired(errors, body.user, '/user', ['login', 'password']);
    checkString(errors, body.user.login, '/user/login', { minLength: 1, maxLength: 36, pattern: LOGIN_PATTERN });
    checkString(errors, body.user.password, '/user/password', { minLength: 1, maxLength: 50 });
  }
  return errors;
}

function checkCustomerId(errors: ValidationItem[], body: JsonObject): void {
  checkString(errors, body.customerId, '/customerId', { pattern: ID_PATTERN });
}

/** POST /customer/kyc/init (docs/connectfi-api.md 5.3). */
export function validateKycInit(body: unknown): ValidationItem[] {
  const errors: ValidationItem[] = [];
  if (!checkObject(errors, body, '')) return errors;
  checkRequired(errors, body, '', ['customerId']);
  checkCustomerId(errors, body);
  checkBoolean(errors, body.syncMode, '/syncMode');
  if (body.webhookURL !== null) checkString(errors, body.webhookURL, '/webhookURL', { maxLength: 500 });
  return errors;
}

/**
 * POST /customer/kyc/add-attributes (docs/connectfi-api.md 5.4 and 8): presence of every cardAttributes field, their types and the
 * two value lists; nothing else is published. A missing additionalAttributes is not a schema error (the handler
 * answers `exception`), and null counts as missing because it is what makes the real server throw.
 */
export function validateAddAttributes(body: unknown): ValidationItem[] {
  const errors: ValidationItem[] = [];
  if (!checkObject(errors, body, '')) return errors;
  checkRequired(errors, body, '', ['customerId']);
  checkCustomerId(errors, body);
  const additional = body.additionalAttributes;
  if (additional === undefined || additional === null) return errors;
  if (!checkObject(errors, additional, '/additionalAttributes')) return errors;
  const card = additional.cardAttributes;
  const path = '/additionalAttributes/cardAttributes';
  if (card === undefined || !checkObject(errors, card, path)) return errors;
  checkRequired(errors, card, path, CARD_FIELDS);
  checkString(errors, card.productID, `${path}/productID`);
  checkString(errors, card.nameOnCard, `${path}/nameOnCard`);
  checkString(errors, card.designId, `${path}/designId`);
  checkString(errors, card.addressType, `${path}/addressType`, { allowed: ADDRESS_TYPES });
  checkString(errors, card.issueType, `${path}/issueType`, { allowed: ISSUE_TYPES });
  if (card.additionalData !== undefined) checkObject(errors, card.additionalData, `${path}/additionalData`);
  return errors;
}
