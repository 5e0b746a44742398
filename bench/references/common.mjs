// What both reference servers share: the minimal schema that accepts the benchmark's mutation, the connectFi call
// (undici, keep-alive, a token obtained once at start-up) and the HTTP plumbing. No auth, validation of our own,
// logging, metrics, breaker, idempotency or federation: each reference is the cost of its GraphQL stack alone.
//
// Env: PORT, HOST (127.0.0.1), UPSTREAM_URL, CONNECTFI_LOGIN, CONNECTFI_PASSWORD. GET /health answers 200.
import http from 'node:http';
import { Agent, request } from 'undici';

export const TYPE_DEFS = `
  enum AddressType { PRIMARY SECONDARY }
  enum IssueType { NEW REGISTRATION RE_ISSUE EXPIRED DAMAGED }
  input CardAttributesInput { productId: String! nameOnCard: String! designId: String! addressType: AddressType! issueType: IssueType! }
  input AdditionalAttributesInput { cardAttributes: CardAttributesInput }
  input AddKycAttributesInput { customerId: ID! additionalAttributes: AdditionalAttributesInput! }
  type Kyc { status: String }
  type AddKycAttributesSuccess { requestId: String kyc: Kyc }
  type UpstreamError { message: String! code: String! }
  union AddKycAttributesResult = AddKycAttributesSuccess | UpstreamError
  type Query { ok: Boolean }
  type Mutation { addKycAttributes(input: AddKycAttributesInput!): AddKycAttributesResult! }
`;

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

/** The mutation's resolver: GraphQL input → connectFi wire body, the answer → a union member. */
export async function addKycAttributes(input) {
  const card = input.additionalAttributes.cardAttributes;
  const { status, json } = await post('/customer/kyc/add-attributes', {
    customerId: input.customerId,
    additionalAttributes: {
      cardAttributes: {
        productID: card.productId, nameOnCard: card.nameOnCard, designId: card.designId, addressType: card.addressType,
        issueType: card.issueType.replace('_', '-'), additionalData: {},
      },
    },
  }, token);
  if (status === 200 && json.code === '0') return { __typename: 'AddKycAttributesSuccess', requestId: json.requestId, kyc: json.data.kyc };
  return { __typename: 'UpstreamError', message: 'connectFi refused or failed', code: String(json?.code ?? status) };
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
