// Apollo Client (v4, no React) in Node against the real gateway over HTTP, with the client kit `npm run codegen`
// writes to examples/generated/: typed documents, possible-types.json and the trusted-documents manifest.
// Apollo Client's ESM entry loads as is under jest's VM modules (--experimental-vm-modules, see package.json).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { getOperationAST } from 'graphql';
import { ApolloClient, HttpLink, InMemoryCache, type PossibleTypesMap } from '@apollo/client';
import {
  AddKycAttributesDocument, AddKycAttributesOutcomeDocument, CustomerDocument, CustomerStatusDocument,
  type AddKycAttributesOutcomeMutationVariables,
} from '../examples/generated/graphql.js';
import { APPROVED, WAITING, cardInput } from './helpers/operations.js';
import { startStack, type Stack } from './helpers/stack.js';

const generated = (name: string) => JSON.parse(readFileSync(new URL(`../examples/generated/${name}`, import.meta.url), 'utf8'));
const { possibleTypes } = generated('possible-types.json') as { possibleTypes: PossibleTypesMap };
const manifest = generated('persisted-documents.json') as Record<string, string>;

const HEX64 = /^[0-9a-f]{64}$/;
const TEXT = expect.stringMatching(/\S/);

describe('Apollo Client against the gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_INTROSPECTION: 'true' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sim.reset());

  /** One success and three error members of each operation, each read through a fresh client with this cache. */
  async function outcomes(cache: InMemoryCache) {
    const client = new ApolloClient({ link: new HttpLink({ uri: `${stack.gateway.url}/graphql`, fetch }), cache });
    const customer = async (customerId: string) =>
      (await client.query({ query: CustomerStatusDocument, variables: { customerId } })).data?.customer;
    const add = async (customerId: string) => (await client.mutate({
      mutation: AddKycAttributesOutcomeDocument, variables: cardInput(customerId) as AddKycAttributesOutcomeMutationVariables,
    })).data?.addKycAttributes;
    return {
      customer: await customer(WAITING),
      notFound: await customer('cstap_nobodyHere'),
      added: await add(WAITING),
      conflict: await add(APPROVED),
      invalid: await add('not a valid id!'),
    };
  }

  it('reads code and message of every error member through `... on ErrorResult` with possibleTypes', async () => {
    const result = await outcomes(new InMemoryCache({ possibleTypes }));
    expect(result.customer).toStrictEqual({ __typename: 'Customer', customerId: WAITING, kycStatus: 'WAITING_DATA' });
    expect(result.added).toMatchObject({ __typename: 'AddKycAttributesSuccess', requestId: expect.stringMatching(/^[0-9a-f]{32}$/), kyc: { status: 'WAITING_DATA' } });
    expect(result.notFound).toStrictEqual({ __typename: 'CustomerNotFoundError', code: 'customerNotFound', message: TEXT });
    expect(result.conflict).toStrictEqual({ __typename: 'KycStatusConflictError', code: 'statusNotWAITING_DATA', message: TEXT });
    expect(result.invalid).toStrictEqual({ __typename: 'InvalidInputError', code: 'requestValidateError', message: TEXT });
  });

  it('loses them without possibleTypes: the cache cannot tell that an error type implements ErrorResult', async () => {
    const result = await outcomes(new InMemoryCache());
    expect(result.customer).toStrictEqual({ __typename: 'Customer', customerId: WAITING, kycStatus: 'WAITING_DATA' });
    expect(result.added).toMatchObject({ __typename: 'AddKycAttributesSuccess', kyc: { status: 'WAITING_DATA' } });
    expect(result.notFound).toStrictEqual({ __typename: 'CustomerNotFoundError' });
    expect(result.conflict).toStrictEqual({ __typename: 'KycStatusConflictError' });
    expect(result.invalid).toStrictEqual({ __typename: 'InvalidInputError' });
  });

  it("possible-types.json is the served schema's unions and interfaces, without federation's _Entity", async () => {
    const r = await stack.gql('{ __schema { types { kind name possibleTypes { name } } } }');
    const served = (r.body.data.__schema.types as Array<{ kind: string; name: string; possibleTypes: Array<{ name: string }> | null }>)
      .filter((t) => t.kind === 'UNION' || t.kind === 'INTERFACE');
    expect(served.map((t) => t.name)).toContain('_Entity'); // @apollo/subgraph adds it at run time
    const expected = Object.fromEntries(served.filter((t) => !t.name.startsWith('_'))
      .map((t) => [t.name, t.possibleTypes!.map((p) => p.name).sort()]));
    expect(possibleTypes).toEqual(expected);
  });
});

describe('trusted-documents manifest (examples/generated/persisted-documents.json)', () => {
  const documents = { AddKycAttributesDocument, AddKycAttributesOutcomeDocument, CustomerDocument, CustomerStatusDocument };

  it('maps the sha256 hex of each document text to that text', () => {
    expect(Object.keys(manifest).length).toBeGreaterThanOrEqual(Object.keys(documents).length);
    for (const [hash, text] of Object.entries(manifest)) {
      expect(hash).toMatch(HEX64);
      expect(createHash('sha256').update(text).digest('hex')).toBe(hash);
    }
  });

  it('holds every typed document under the hash in its __meta__ (the document keeps its text for a normal client)', () => {
    for (const [name, document] of Object.entries(documents)) {
      const operation = getOperationAST(document)!.name!.value;
      expect(`${operation}Document`).toBe(name);
      const { hash } = (document as unknown as { __meta__: { hash: string } }).__meta__;
      expect(manifest[hash]).toMatch(new RegExp(`^(query|mutation) ${operation}\\(`));
    }
  });
});
