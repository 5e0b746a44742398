// OpenTelemetry: the real entry point (dist/main.js) exports to a local OTLP receiver. A router's traceparent is
// continued: router → gateway (HTTP server span) → GraphQL operation → connectFi calls, one tree, and connectFi
// receives traceparent with the same trace ID. No attribute carries a card name, a customer ID or a secret.
import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { ADD_KYC_ATTRIBUTES, WAITING, cardInput } from './helpers/operations.js';
import { OtlpReceiver, type ReceivedSpan } from './helpers/otlp-receiver.js';
import { startGatewayProcess, type GatewayProcess } from './helpers/process.js';
import { LOGIN, PASSWORD, ROUTES, postGraphQL } from './helpers/stack.js';
import { waitUntil } from './helpers/wait.js';

const CARD_NAME = 'ZELDA TRACEABLE';
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('OpenTelemetry traces', () => {
  let receiver: OtlpReceiver;
  let simulator: Simulator;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    simulator = await startSimulator({ login: LOGIN, password: PASSWORD });
    gateway = await startGatewayProcess({
      CONNECTFI_BASE_URL: simulator.url, CONNECTFI_LOGIN: LOGIN, CONNECTFI_PASSWORD: PASSWORD, GATEWAY_ALLOW_ANONYMOUS: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'connectfi-gateway-test',
      OTEL_BSP_SCHEDULE_DELAY: '50', LOG_LEVEL: 'info',
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await simulator?.close();
    await receiver?.close();
  });

  /** Sends `query` as a router would (a traceparent of its own span) and waits until the trace's connectFi spans arrive. */
  async function traced(query: string, variables: Record<string, unknown>, connectFiSpans: number) {
    const traceId = hex(16);
    const routerSpanId = hex(8);
    const response = await postGraphQL(gateway.url, query, variables, { traceparent: `00-${traceId}-${routerSpanId}-01` });
    const spans = await waitUntil(`${connectFiSpans} connectFi spans in trace ${traceId}`, () => receiver.inTrace(traceId),
      (found) => found.filter((span) => span.kind === 3).length >= connectFiSpans && found.some((span) => span.kind === 2));
    return { traceId, routerSpanId, response, spans };
  }

  const child = (spans: ReceivedSpan[], parent: ReceivedSpan) => spans.filter((span) => span.parentSpanId === parent.spanId);

  it('continues the router\'s trace through the operation to each connectFi call, which receives traceparent', async () => {
    const { traceId, routerSpanId, response, spans } = await traced(ADD_KYC_ATTRIBUTES, cardInput(WAITING, { nameOnCard: CARD_NAME }), 2);
    expect(response.body.data.addKycAttributes.__typename).toBe('AddKycAttributesSuccess');
    const server = spans.find((span) => span.kind === 2)!; // SERVER
    expect(server.parentSpanId).toBe(routerSpanId);
    const [operation] = child(spans, server);
    expect(operation).toMatchObject({
      name: 'mutation AddKycAttributes',
      attributes: { 'graphql.operation.type': 'mutation', 'graphql.operation.name': 'AddKycAttributes', 'graphql.result.types': ['AddKycAttributesSuccess'] },
    });
    const calls = child(spans, operation).map((span) => span.name).sort();
    expect(calls).toEqual(['POST /auth/get-token', 'POST /customer/kyc/add-attributes']);
    const [sent] = (await (await fetch(`${simulator.url}/__sim/traceparents?route=${encodeURIComponent(ROUTES.addAttributes)}`)).json() as { traceparents: string[] }).traceparents.slice(-1);
    expect(sent.split('-')[1]).toBe(traceId);
    const logLine = await waitUntil('the operation\'s log line', () => gateway.output().split('\n').find((line) => line.includes(traceId)));
    expect(JSON.parse(logLine!)).toMatchObject({ event: 'graphql.operation', traceId });
  });

  it('traces a federated entity read with the connectFi route as a template, never the customer ID', async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { kycStatus } } }';
    const { spans } = await traced(query, { r: [{ __typename: 'Customer', customerId: WAITING }] }, 1);
    const read = spans.find((span) => span.name === 'GET /customer/kyc/status/:customerId')!;
    expect(read.attributes).toMatchObject({ 'url.template': '/customer/kyc/status/:customerId', 'http.response.status_code': 200 });
    expect(JSON.stringify(spans)).not.toContain(WAITING);
  });

  it('exports no card name, customer ID, password or token in any attribute', () => {
    const exported = receiver.raw.join('\n');
    expect(receiver.spans.length).toBeGreaterThan(0);
    for (const secret of [CARD_NAME, WAITING, PASSWORD, 'x-connectfi-token', 'authorization']) expect(exported).not.toContain(secret);
    expect(exported).not.toMatch(/"stringValue":"[^"]*[A-Za-z0-9]{60,}/); // connectFi tokens are 66 alphanumerics
  });
});
