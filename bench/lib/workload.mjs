// What the benchmark sends. The GraphQL operations are the project's own client operations
// (examples/operations/*.graphql), taken from the trusted-documents manifest codegen writes for them
// (examples/generated/persisted-documents.json): the gateway runs with that manifest and gets each operation by its
// documentId, the reference servers get the same text as a raw query.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

export const MANIFEST_PATH = path.join(ROOT, 'examples', 'generated', 'persisted-documents.json');
const manifest = JSON.parse(fs.readFileSync(MANIFEST_PATH, 'utf8'));

/** The manifest entry of the operation named `name`: { id (sha256 hex), text }. */
function operation(kind, name) {
  const entry = Object.entries(manifest).find(([, text]) => text.startsWith(`${kind} ${name}(`));
  if (!entry) throw new Error(`${path.relative(ROOT, MANIFEST_PATH)} has no ${kind} ${name}: run npm run codegen`);
  const [id, text] = entry;
  if (createHash('sha256').update(text).digest('hex') !== id) throw new Error(`${name}: its manifest key is not the sha256 of its text`);
  return { id, text, name };
}

/** The full client selection of the mutation: every member of AddKycAttributesResult, with its fields. */
export const MUTATION = operation('mutation', 'AddKycAttributes');
/** The full client selection of the customer read. */
export const READ = operation('query', 'Customer');

/** Stays WAITING_DATA however many times its attributes are added: every add-attributes call succeeds. */
export const CUSTOMER_ID = 'cstap_demoWaitingData1';
/** Where a cycling driver puts a customer ID (bench/drive.mjs `vary`). */
export const CUSTOMER_PLACEHOLDER = '__CUSTOMER__';
/** The browser origin CORS is configured for, sent on every gateway request. */
export const ORIGIN = 'https://app.bench.example';

const CARD = { nameOnCard: 'JOHN TESTMAN', designId: '1', addressType: 'PRIMARY' };

const mutationVariables = (customerId) => ({
  input: { customerId, additionalAttributes: { cardAttributes: { productId: 'Virtual_Debit_Card', ...CARD, issueType: 'RE_ISSUE' } } },
});

/** The mutation as a client with the manifest sends it: by documentId. */
export const gatewayMutationBody = (customerId = CUSTOMER_ID) =>
  JSON.stringify({ documentId: `sha256:${MUTATION.id}`, operationName: MUTATION.name, variables: mutationVariables(customerId) });
/** The same operation as a raw query (the reference servers have no manifest). */
export const referenceMutationBody = (customerId = CUSTOMER_ID) =>
  JSON.stringify({ query: MUTATION.text, operationName: MUTATION.name, variables: mutationVariables(customerId) });
/** What the gateway sends connectFi for that mutation (productID on the wire, RE-ISSUE, additionalData defaulted to {}). */
export const restMutationBody = (customerId = CUSTOMER_ID) =>
  JSON.stringify({
    customerId,
    additionalAttributes: { cardAttributes: { productID: 'Virtual_Debit_Card', ...CARD, issueType: 'RE-ISSUE', additionalData: {} } },
  });

export const gatewayReadBody = (customerId) =>
  JSON.stringify({ documentId: `sha256:${READ.id}`, operationName: READ.name, variables: { customerId } });
/** The read the gateway makes for `customer(customerId)`: the proxy forwards it as is. */
export const restReadPath = (customerId) => `/customer/kyc/status/${customerId}`;

export const SIM_ROUTES = {
  mutation: 'POST /customer/kyc/add-attributes',
  read: 'GET /customer/kyc/status/:customerId',
};

/** The live KYC status subscription the demo page sends (examples/operations/kyc-updates.graphql). */
export const SUBSCRIPTION = operation('subscription', 'KycUpdates');
