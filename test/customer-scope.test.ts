// Object-level authorization: an end user (JWT) reaches only the customers its customer_id claim names, in every
// field that takes a customerId and in entity representations; services (API keys) reach any customer.
import { customerIdPaths } from '../src/graphql/customer-scope.js';
import { buildSchema } from '../src/graphql/schema.js';
import { APPROVED, ADD_KYC_ATTRIBUTES, WAITING, cardInput } from './helpers/operations.js';
import { JWT_SECRET, endUserJwt } from './helpers/jwt.js';
import { startStack, type GraphQLResponse, type Stack } from './helpers/stack.js';
import { KYC_UPDATES, subscribeOnce } from './helpers/ws.js';
import { isObjectType } from 'graphql';

const API_KEY = 'customer-scope-test-key-01234567';
const OTHER = APPROVED; // a real customer the end user is not entitled to

/** One operation per customer-scoped field: how to call it for `customerId`, and whether it answered "not found". */
interface Example {
  query: string;
  variables: (customerId: string) => Record<string, unknown>;
  notFound: (body: any) => boolean;
  /** A subscription: run over WebSocket, the body being its first payload. */
  ws?: boolean;
}
/** A field aliased `r` whose result union has CustomerNotFoundError. */
const member = (query: string, variables: Example['variables']): Example => ({
  query, variables, notFound: (body) => body.data?.r?.__typename === 'CustomerNotFoundError',
});

const EXAMPLES: Record<string, Example> = {
  'Query.customer': {
    query: 'query($id: ID!) { customer(customerId: $id) { __typename ... on CustomerNotFoundError { customerId } } }',
    variables: (id) => ({ id }),
    notFound: (body) => body.data?.customer?.__typename === 'CustomerNotFoundError',
  },
  'Mutation.addKycAttributes': {
    query: ADD_KYC_ATTRIBUTES,
    variables: (id) => cardInput(id),
    notFound: (body) => body.data?.addKycAttributes?.__typename === 'CustomerNotFoundError',
  },
  'Mutation.startKyc': member('mutation($id: ID!) { r: startKyc(input: { customerId: $id }) { __typename } }', (id) => ({ id })),
  'Mutation.prepareKycDocumentUpload': member(
    'mutation($id: ID!) { r: prepareKycDocumentUpload(input: { customerId: $id, documentId: "doc_x" }) { __typename } }', (id) => ({ id })),
  'Query.kycApplication': member('query($id: ID!) { r: kycApplication(customerId: $id, applicationId: "iapp_x") { __typename } }', (id) => ({ id })),
  'Mutation.startKycVerification': member(
    'mutation($id: ID!) { r: startKycVerification(input: { customerId: $id, reference: "scope-test" }) { __typename } }', (id) => ({ id })),
  'Mutation.prepareKycApplicationDocumentUpload': member(
    'mutation($id: ID!) { r: prepareKycApplicationDocumentUpload(input: { customerId: $id, workflow: PERSONAL, type: LICENSE, name: "front", extension: PNG }) { __typename } }',
    (id) => ({ id })),
  'Mutation.submitKycApplicationDocuments': member(
    'mutation($id: ID!) { r: submitKycApplicationDocuments(input: { customerId: $id, applicationId: "iapp_x", documents: [{ entityId: $id, documentId: "adoc_x" }] }) { __typename } }',
    (id) => ({ id })),
  'Subscription.kycUpdates': {
    query: KYC_UPDATES,
    variables: (id) => ({ id }),
    notFound: (body) => body.data == null && body.errors?.[0]?.extensions?.code === 'customerNotFound',
    ws: true,
  },
  'Customer.__resolveReference': {
    query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { kycStatus } } }',
    variables: (id) => ({ r: [{ __typename: 'Customer', customerId: id }] }),
    notFound: (body) => body.data?._entities?.[0] === null && body.errors?.[0]?.extensions?.code === 'customerNotFound',
  },
};

/** Every schema coordinate where a customerId enters: fields with one in their arguments, and entities keyed by it. */
function customerScopedCoordinates(): string[] {
  const schema = buildSchema();
  const coordinates: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (customerIdPaths(field.args).length > 0) coordinates.push(`${type.name}.${field.name}`);
    }
    if (type.astNode?.directives?.some((d) => d.name.value === 'key') && 'customerId' in type.getFields()) {
      coordinates.push(`${type.name}.__resolveReference`);
    }
  }
  return coordinates.sort();
}

describe('each end user reaches only their own customer', () => {
  let stack: Stack;
  let jwtForWaiting: string;
  const connectFiCalls = async () => Object.values((await stack.sim.stats()).requests).reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_JWT_SECRET: JWT_SECRET, GATEWAY_API_KEYS: API_KEY } });
    jwtForWaiting = await endUserJwt('user-a', { customer_id: WAITING });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sim.reset());
  /** One example, over HTTP or (subscriptions) WebSocket, as `authorization`. */
  const run = async ({ query, ws }: Example, variables: Record<string, unknown>, authorization: string): Promise<GraphQLResponse> =>
    ws ? { status: 101, body: await subscribeOnce(stack.gateway.url, query, variables, authorization) } : stack.gql(query, variables, { authorization });

  it('has an example operation for every field and entity that takes a customerId', () => {
    expect(customerScopedCoordinates()).toEqual(Object.keys(EXAMPLES).sort());
  });

  it.each(Object.keys(EXAMPLES))('%s: another customer answers CustomerNotFoundError, with zero connectFi calls', async (coordinate) => {
    const example = EXAMPLES[coordinate];
    const r = await run(example, example.variables(OTHER), `Bearer ${jwtForWaiting}`);
    expect(example.notFound(r.body)).toBe(true);
    expect(await connectFiCalls()).toBe(0);
  });

  it.each(Object.keys(EXAMPLES))('%s: the end user\'s own customer, and any customer for an API key, reach connectFi', async (coordinate) => {
    const example = EXAMPLES[coordinate];
    const own = await run(example, example.variables(WAITING), `Bearer ${jwtForWaiting}`);
    const service = await run(example, example.variables(OTHER), `Bearer ${API_KEY}`);
    expect(example.notFound(own.body)).toBe(false);
    expect(example.notFound(service.body)).toBe(false);
    expect(own.body.errors ?? []).toEqual([]);
    expect(await connectFiCalls()).toBeGreaterThanOrEqual(2);
  });

  it('a JWT whose claim is an array may act for each customer it names; one without the claim for none', async () => {
    const both = await endUserJwt('user-b', { customer_id: [WAITING, OTHER] });
    const none = await endUserJwt('user-c');
    const read = EXAMPLES['Query.customer'];
    for (const id of [WAITING, OTHER]) {
      expect(read.notFound((await stack.gql(read.query, read.variables(id), { authorization: `Bearer ${both}` })).body)).toBe(false);
      expect(read.notFound((await stack.gql(read.query, read.variables(id), { authorization: `Bearer ${none}` })).body)).toBe(true);
    }
  });

  it('answers GraphQL responses with Cache-Control: no-store (they carry personal data)', async () => {
    const res = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ query: EXAMPLES['Query.customer'].query, variables: { id: WAITING } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
