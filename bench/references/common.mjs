// What every reference server shares: the schema of the selection the benchmark asks for (the gateway's own types
// for those fields: the same unions, interface, enums, non-null lists and JSONObject scalar, see schema/), the
// mutation's resolver (one undici call to connectFi with a token obtained once at start-up, the answer mapped to
// the GraphQL shape) and the HTTP plumbing. No auth, input checks, logging, metrics, breaker, idempotency,
// trusted documents, CORS or federation: each reference is the cost of its GraphQL stack alone.
//
// Env: PORT, HOST (127.0.0.1), UPSTREAM_URL, CONNECTFI_LOGIN, CONNECTFI_PASSWORD. GET /health answers 200.
import http from 'node:http';
import { GraphQLScalarType } from 'graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { Agent, request } from 'undici';

export const TYPE_DEFS = `
  scalar JSONObject
  enum KycStatus { WAITING_DATA APPROVED UNKNOWN }
  type KycProcess { status: KycStatus! system: String mode: String attributeCodes: [String!]! }
  enum DocumentSide { FRONT BACK UNKNOWN }
  type KycDocument { id: ID! label: String! type: String! documentSide: DocumentSide uploadStatus: Boolean! extension: String }
  enum CardAddressType { PRIMARY SECONDARY }
  enum CardIssueType { NEW REGISTRATION RE_ISSUE EXPIRED DAMAGED }
  input CardAttributesInput {
    productId: String! nameOnCard: String! designId: String! addressType: CardAddressType! issueType: CardIssueType! additionalData: JSONObject
  }
  input KycAdditionalAttributesInput { cardAttributes: CardAttributesInput }
  input AddKycAttributesInput { customerId: ID! additionalAttributes: KycAdditionalAttributesInput! idempotencyKey: String }
  type CardAttributes {
    productId: String! nameOnCard: String! designId: String! addressType: CardAddressType issueType: CardIssueType additionalData: JSONObject
  }
  type KycAttributes { cardAttributes: CardAttributes }
  type Customer { customerId: ID! kycStatus: KycStatus kyc: KycProcess kycDocumentList: [KycDocument!]! }
  type AddKycAttributesSuccess {
    requestId: String customer: Customer! kyc: KycProcess! kycDocumentList: [KycDocument!]! kycAttributes: KycAttributes!
  }
  interface ErrorResult { message: String! code: String! requestId: String }
  type FieldError { path: [String!]! message: String! }
  type InvalidInputError implements ErrorResult { message: String! code: String! requestId: String fields: [FieldError!]! }
  type CustomerNotFoundError implements ErrorResult { message: String! code: String! requestId: String customerId: ID! }
  type KycStatusConflictError implements ErrorResult { message: String! code: String! requestId: String requiredStatus: KycStatus! }
  type IdempotencyKeyReuseError implements ErrorResult { message: String! code: String! requestId: String idempotencyKey: String! }
  enum MutationOutcome { NOT_APPLIED UNKNOWN }
  type UpstreamError implements ErrorResult {
    message: String! code: String! requestId: String retryable: Boolean! outcome: MutationOutcome! retryAfterSeconds: Int
  }
  union AddKycAttributesResult =
    AddKycAttributesSuccess | InvalidInputError | KycStatusConflictError | CustomerNotFoundError | UpstreamError | IdempotencyKeyReuseError
  type Query { ok: Boolean }
  type Mutation { addKycAttributes(input: AddKycAttributesInput!): AddKycAttributesResult! }
`;

export const JSONObject = new GraphQLScalarType(JSONObjectResolver.toConfig());

const upstream = (process.env.UPSTREAM_URL ?? '').replace(/\/+$/, '');
const agent = new Agent({ connections: 256 });

async function post(path, body, token) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers['x-connectfi-token'] = token;
  const res = await request(upstream + path, { method: 'POST', headers, body: JSON.stringify(body), dispatcher: agent });
  return { status: res.statusCode, json: await res.body.json() };
}

const login = await post('/auth/get-token', { user: { login: process.env.CONNECTFI_LOGIN, password: process.env.CONNECTFI_PASSWORD } });
const token = login.json?.data?.token;
if (login.status !== 200 || typeof token !== 'string') {
  process.stderr.write(`reference: connectFi login failed with HTTP ${login.status}\n`);
  process.exit(1);
}

const wireEnum = (value) => (typeof value === 'string' ? value.replace('-', '_') : null);

/** The mutation's resolver: GraphQL input → connectFi wire body, connectFi's answer → the union member, in one go. */
export async function addKycAttributes(input) {
  const card = input.additionalAttributes.cardAttributes;
  const sent = {
    cardAttributes: {
      productID: card.productId, nameOnCard: card.nameOnCard, designId: card.designId, addressType: card.addressType,
      issueType: card.issueType.replace('_', '-'), additionalData: card.additionalData ?? {},
    },
  };
  const { status, json } = await post('/customer/kyc/add-attributes', { customerId: input.customerId, additionalAttributes: sent }, token);
  if (status !== 200 || json.code !== '0') {
    return { __typename: 'UpstreamError', message: 'connectFi refused or failed', code: String(json?.code ?? status), requestId: json?.requestId ?? null, retryable: false, outcome: 'UNKNOWN' };
  }
  const { data } = json;
  const echoed = (json.kycAttributes ?? sent).cardAttributes;
  const kyc = { status: data.kyc.status, attributeCodes: data.kyc.attributeCodes ?? [] };
  const documents = (data.kycDocumentList ?? []).map((d) => ({ ...d, documentSide: d.documentSide ?? null }));
  return {
    __typename: 'AddKycAttributesSuccess',
    requestId: json.requestId ?? null,
    customer: { customerId: data.customer.customerId, kycStatus: data.customer.kycStatus ?? kyc.status, kyc, kycDocumentList: documents },
    kyc,
    kycDocumentList: documents,
    kycAttributes: {
      cardAttributes: echoed && {
        productId: echoed.productID, nameOnCard: echoed.nameOnCard, designId: echoed.designId, addressType: echoed.addressType,
        issueType: wireEnum(echoed.issueType), additionalData: echoed.additionalData ?? null,
      },
    },
  };
}

export const resolveType = (member) => member.__typename;

/** A node:http server: GET /health, and POST bodies (read whole) handed to `answer`, which returns { status, body }. */
export function serve(answer) {
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json', 'content-length': 2 });
      return void res.end('{}');
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      answer(req, Buffer.concat(chunks).toString('utf8')).then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        },
        (error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Apollo Server behind the lean node:http integration the gateway uses (executeHTTPGraphQLRequest on a parsed body). */
export function serveApollo(apollo, HeaderMap) {
  serve(async (req, text) => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method, headers, search: '', body: JSON.parse(text) },
      context: async () => ({}),
    });
    if (response.body.kind !== 'complete') throw new Error('unexpected incremental response');
    return { status: response.status ?? 200, body: response.body.string };
  });
}

export const RESOLVERS = {
  JSONObject,
  AddKycAttributesResult: { __resolveType: resolveType },
  ErrorResult: { __resolveType: resolveType },
  Mutation: { addKycAttributes: (_, { input }) => addKycAttributes(input) },
};
