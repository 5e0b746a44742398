// POST /customer/init (docs/connectfi-api.md 1.6, 3, 4, 6): creates an individual customer, KYC not started. Its person properties
// drive the sandbox triggers (last name WaitReview). The request schema is not published: the rules below are ours.
import type { Route } from './handlers.js';
import { fail, ok, validationError } from './handlers.js';
import type { Person } from './state.js';
import { customerRecord } from './state.js';
import type { JsonObject, ValidationItem } from './validate.js';
import { checkObject, checkRequired, checkString, item } from './validate.js';

const REFERENCE = /^[0-9a-zA-Z]+$/; // common-reference
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const COUNTRY_A3 = /^[A-Z]{3}$/;
const NAME = { minLength: 1, maxLength: 50 };
/** Person fields kept and echoed back, as in the customer record examples; identification documents are not echoed. */
const PERSON_FIELDS = ['firstName', 'lastName', 'gender', 'dateOfBirth', 'email', 'citizenshipCountryCodeA3', 'addresses', 'phones'];
const ARRAY_FIELDS = ['addresses', 'phones', 'identificationDocuments'];

function checkPerson(errors: ValidationItem[], person: JsonObject): void {
  checkRequired(errors, person, '/customer', ['firstName', 'lastName']);
  checkString(errors, person.firstName, '/customer/firstName', NAME);
  checkString(errors, person.lastName, '/customer/lastName', NAME);
  checkString(errors, person.gender, '/customer/gender');
  checkString(errors, person.dateOfBirth, '/customer/dateOfBirth', { pattern: DATE });
  checkString(errors, person.email, '/customer/email', { maxLength: 100 });
  checkString(errors, person.citizenshipCountryCodeA3, '/customer/citizenshipCountryCodeA3', { pattern: COUNTRY_A3 });
  for (const name of ARRAY_FIELDS) {
    if (person[name] !== undefined && !Array.isArray(person[name])) {
      errors.push(item(`/customer/${name}`, 'type', { type: 'array' }, 'must be array'));
    }
  }
}

export function validateCustomerInit(body: unknown): ValidationItem[] {
  const errors: ValidationItem[] = [];
  if (!checkObject(errors, body, '')) return errors;
  checkRequired(errors, body, '', ['reference', 'customerType', 'customer']);
  checkString(errors, body.reference, '/reference', { minLength: 1, maxLength: 32, pattern: REFERENCE });
  checkString(errors, body.customerType, '/customerType', { allowed: ['individual'] }); // business: not simulated
  if (body.customer !== undefined && checkObject(errors, body.customer, '/customer')) checkPerson(errors, body.customer);
  return errors;
}

/** The SSN among identificationDocuments, if any: a second customer with it is refused. */
function ssnOf(person: JsonObject): string | undefined {
  const docs = Array.isArray(person.identificationDocuments) ? person.identificationDocuments : [];
  const ssn = docs.find((d): d is JsonObject => typeof d === 'object' && d !== null && (d as JsonObject).type === 'SSN');
  return typeof ssn?.value === 'string' ? ssn.value : undefined;
}

export const customerInit: Route = {
  key: 'POST /customer/init',
  auth: true,
  body: 'json',
  handle(ctx, body) {
    const errors = validateCustomerInit(body);
    if (errors.length > 0) return validationError(errors);
    const { reference, customer: input } = body as { reference: string; customer: JsonObject };
    const holder = ctx.customers.withReference(reference);
    if (holder !== undefined) return fail('referenceExists', { reference, entityId: holder }, 'Reference exists.');
    const ssn = ssnOf(input);
    const twin = ssn === undefined ? undefined : ctx.customers.withSsn(ssn);
    if (twin !== undefined) return fail('customerExists', { cFiAggregatorId: ctx.login, customerId: twin }, 'Customer exists.');
    const person = Object.fromEntries(PERSON_FIELDS.filter((f) => input[f] !== undefined).map((f) => [f, input[f]])) as Person;
    return ok(customerRecord(ctx.customers.init(reference, person, ssn)));
  },
};
