// Property-based: random inputs to addKycAttributes over HTTP (huge strings, control characters, deep JSON in
// additionalData, wrong types, extra fields, random bodies). Whatever comes in: never a 5xx, never an error
// without extensions.code, never an unexpected (masked) error, never a stack trace or an internal message, and
// the gateway stays healthy.
import fc from 'fast-check';
import { ADD_KYC_ATTRIBUTES, APPROVED, WAITING, cardInput } from './helpers/operations.js';
import { startStack, type Stack } from './helpers/stack.js';

const API_KEY = 'fuzz-test-key-7c0ffee7c0ffee';
const AUTH = { authorization: `Bearer ${API_KEY}` };
const RUNS = 200;
const RESULT_TYPES = ['AddKycAttributesSuccess', 'InvalidInputError', 'KycStatusConflictError', 'CustomerNotFoundError', 'UpstreamError'];
const INTERNALS = /stacktrace|\n\s+at |\bat [\w.<>]+ \(|node_modules|\/src\/|\/dist\/|\.[cm]?[jt]s:\d+|TypeError|RangeError|ReferenceError|SyntaxError: Unexpected|Maximum call stack|ECONN|undici|Internal server error/;

// ---- arbitraries ----

const controlCharacters = fc.string({ unit: fc.constantFrom('\u0000', '\u0007', '\b', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f', '\u0085', '\u2028', '\u202e', '\ufeff', '\ud800', '\udfff', 'A', ' '), maxLength: 40 });
const hugeString = fc.tuple(fc.integer({ min: 200, max: 80_000 }), fc.constantFrom('x', 'é', '\u0000', '🂡', '"', '\\')).map(([n, c]) => c.repeat(n));
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'binary-ascii' }),
  controlCharacters,
  hugeString,
  fc.constantFrom('', ' ', 'JOHN TESTMAN', 'Virtual_Debit_Card', '1', '{}', 'null', '__proto__', '$input', '{ __typename }'),
);
const wrongType = fc.oneof(
  fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
const maybeWrong = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: wrongType });

/** Objects and arrays nested 0-200 levels deep (JSON deeper than the gateway's 64-level bound included). */
const deepJson = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.constantFrom('object', 'array', 'mixed'), fc.jsonValue({ maxDepth: 1 })).map(([depth, kind, leaf]) => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = kind === 'array' || (kind === 'mixed' && i % 2) ? [value] : { [`k${i % 3}`]: value };
  return value;
});
/**
 * Raw JSON text nested up to 40,000 levels (64 KiB of `[`): too deep for JSON.stringify, so it is spliced into
 * the body as text. Anything walking it recursively would overflow the stack.
 */
const RAW = '"__raw_json__"';
const rawDeepJson = fc.tuple(fc.integer({ min: 1, max: 40_000 }), fc.constantFrom('[', '{"a":')).map(([depth, open]) =>
  `${open.repeat(depth)}${open === '[' ? '' : '1'}${(open === '[' ? ']' : '}').repeat(depth)}`,
);
const additionalData = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }),
  deepJson.map((value) => ({ nested: value })),
  deepJson,
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''), fc.jsonValue({ maxDepth: 2 })),
  hugeString.map((s) => ({ big: s })),
  wrongType,
);
const enumValue = (valid: string[]) => fc.oneof(fc.constantFrom(...valid), fc.constantFrom('RE-ISSUE', 'new', 'primary', '', 'UNKNOWN'), fc.string({ maxLength: 12 }));
const extraFields = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });

/** A card, each field possibly missing, of the wrong type, or joined by unknown fields. */
const card = fc.record(
  {
    productId: maybeWrong(text),
    nameOnCard: maybeWrong(text),
    designId: maybeWrong(text),
    addressType: maybeWrong(enumValue(['PRIMARY', 'SECONDARY'])),
    issueType: maybeWrong(enumValue(['NEW', 'REGISTRATION', 'RE_ISSUE', 'EXPIRED', 'DAMAGED'])),
    additionalData,
  },
  { requiredKeys: [] },
);
const customerId = fc.oneof(fc.constantFrom(WAITING, APPROVED, 'cstap_nobodyHere', 'cstap_'), maybeWrong(text));
const input = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(customerId, card, extraFields, fc.boolean()).map(([id, c, extra, withExtra]) => ({
    customerId: id,
    additionalAttributes: { cardAttributes: withExtra ? { ...c, ...extra } : c },
  })) },
  { weight: 1, arbitrary: fc.tuple(customerId, wrongType).map(([id, attributes]) => ({ customerId: id, additionalAttributes: attributes })) },
  { weight: 1, arbitrary: fc.tuple(customerId, wrongType).map(([id, c]) => ({ customerId: id, additionalAttributes: { cardAttributes: c } })) },
  { weight: 1, arbitrary: wrongType },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

// ---- the checks ----

interface Answer { status: number; text: string }

function check({ status, text }: Answer): void {
  expect(status).toBeLessThan(500);
  expect(text).not.toMatch(INTERNALS);
  const body = JSON.parse(text) as { data?: any; errors?: Array<{ message: unknown; extensions?: { code?: unknown } }> };
  for (const error of body.errors ?? []) {
    expect(typeof error.message).toBe('string');
    expect(typeof error.extensions?.code).toBe('string');
    expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  }
  if (body.data?.addKycAttributes) expect(RESULT_TYPES).toContain(body.data.addKycAttributes.__typename);
  if (!body.errors) expect(body.data?.addKycAttributes).toBeDefined();
}

describe('fuzzing addKycAttributes over HTTP', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_API_KEYS: API_KEY, CONNECTFI_TIMEOUT_MS: '2000' } });
  });
  afterAll(() => stack.close());

  const send = async (body: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...AUTH, ...headers }, body });
    return { status: res.status, text: await res.text() };
  };

  it('answers random variables with a typed result or a coded client error', async () => {
    await fc.assert(
      fc.asyncProperty(input, fc.option(extraFields, { nil: undefined }), fc.option(rawDeepJson, { nil: undefined, freq: 8 }), async (value, extraVariables, raw) => {
        let body = JSON.stringify({ query: ADD_KYC_ATTRIBUTES, variables: { ...extraVariables, input: value } });
        if (raw !== undefined) {
          // Deep JSON as additionalData of an otherwise valid card.
          body = JSON.stringify({ query: ADD_KYC_ATTRIBUTES, variables: cardInput(WAITING, { additionalData: { deep: '__raw_json__' } }) }).replace(RAW, raw);
        }
        check(await send(body));
      }),
      { numRuns: RUNS },
    );
  });

  it('answers the same inputs written inline in the document', async () => {
    // Literal values take another path: parseLiteral instead of parseValue for JSONObject and enums.
    const literal = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
      if (value !== null && typeof value === 'object') {
        return `{${Object.entries(value).filter(([k]) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(k)).map(([k, v]) => `${k}: ${literal(v)}`).join(', ')}}`;
      }
      if (typeof value === 'string' && /^[A-Z_]+$/.test(value)) return value; // as an enum value
      return JSON.stringify(value) ?? 'null';
    };
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        const query = `mutation { addKycAttributes(input: ${literal(value)}) { __typename ... on ErrorResult { code message } } }`;
        check(await send(JSON.stringify({ query })));
      }),
      { numRuns: RUNS },
    );
  });

  it('answers random request bodies and content types', async () => {
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.record({ query: fc.oneof(fc.constant(ADD_KYC_ATTRIBUTES), fc.string(), wrongType), variables: fc.oneof(fc.jsonValue({ maxDepth: 3 }), wrongType), operationName: fc.oneof(fc.string(), wrongType, fc.constant('AddKycAttributes')), extensions: fc.oneof(fc.jsonValue({ maxDepth: 3 }), wrongType) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary', maxLength: 200 }),
      deepJson.map((v) => JSON.stringify({ query: ADD_KYC_ATTRIBUTES, variables: { input: v } })),
    );
    const contentType = fc.constantFrom('application/json', 'Application/JSON; charset=utf-8', 'application/graphql-response+json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1');
    const accept = fc.constantFrom('application/json', 'application/graphql-response+json', '*/*', 'text/html', 'image/png');
    await fc.assert(
      fc.asyncProperty(body, contentType, accept, async (text, type, acceptType) => {
        const answer = await send(text, { 'content-type': type, accept: acceptType });
        expect(answer.status).toBeLessThan(500);
        expect(answer.text).not.toMatch(INTERNALS);
        if (answer.text.startsWith('{')) {
          for (const error of JSON.parse(answer.text).errors ?? []) expect(typeof error.extensions?.code).toBe('string');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('stays healthy and serves normal calls afterwards', async () => {
    expect((await fetch(`${stack.gateway.url}/health`)).status).toBe(200);
    const r = await stack.gql(ADD_KYC_ATTRIBUTES, cardInput(WAITING), AUTH);
    expect(r.body.data.addKycAttributes.__typename).toBe('AddKycAttributesSuccess');
  });
});
