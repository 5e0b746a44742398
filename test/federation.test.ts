// The gateway as an Apollo Federation 2 subgraph, composed by a real @apollo/gateway with a second subgraph,
// and the per-request DataLoader behind Customer: every count is what the simulator saw over HTTP.
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ADD_KYC_ATTRIBUTES, WAITING, cardInput } from './helpers/operations.js';
import { startAccountsSubgraph } from './helpers/accounts-subgraph.js';
import { ROUTES, startStack, type Stack } from './helpers/stack.js';

const QUIET = { debug() {}, info() {}, warn() {}, error() {} };

async function statusReads(stack: Stack): Promise<number> {
  return (await stack.sim.stats()).requests[ROUTES.status] ?? 0;
}

describe('federation subgraph', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CONNECTFI_MAX_CONCURRENCY: '8' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sim.reset());

  it('publishes its SDL through _service with the Customer entity key', async () => {
    const r = await stack.gql('{ _service { sdl } }');
    expect(r.body.data._service.sdl).toMatch(/type Customer\s+@key\(fields: "customerId"\)/);
    expect(r.body.data._service.sdl).toContain('https://specs.apollo.dev/federation/v2.4');
  });

  it('resolves Customer entities from { __typename, customerId }; a missing one does not fail the others', async () => {
    const r = await stack.gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { customerId kycStatus kyc { status } kycDocumentList { id } } } }`,
      { r: [{ __typename: 'Customer', customerId: WAITING }, { __typename: 'Customer', customerId: 'cstap_missing' }, { __typename: 'Customer', customerId: 'cstap_demoApproved1' }] },
    );
    const [first, missing, third] = r.body.data._entities;
    expect(first).toMatchObject({ customerId: WAITING, kycStatus: 'WAITING_DATA', kyc: { status: 'WAITING_DATA' } });
    expect(first.kycDocumentList).toHaveLength(2);
    expect(missing).toBeNull();
    expect(third).toMatchObject({ customerId: 'cstap_demoApproved1', kycStatus: 'APPROVED' });
    expect(r.body.errors).toEqual([expect.objectContaining({ path: ['_entities', 1], extensions: expect.objectContaining({ code: 'customerNotFound' }) })]);
    expect(await statusReads(stack)).toBe(3);
  });

  it('reads the same customer once however often one operation asks for it', async () => {
    const fields = '... on Customer { kycStatus kyc { status } kycDocumentList { id } }';
    const query = `{ ${[1, 2, 3, 4, 5].map((i) => `c${i}: customer(customerId: "${WAITING}") { __typename ${fields} }`).join(' ')} }`;
    const r = await stack.gql(query);
    expect(Object.values(r.body.data).map((c: any) => c.kycStatus)).toEqual(Array(5).fill('WAITING_DATA'));
    expect(await statusReads(stack)).toBe(1);
  });

  it('answers CustomerResult members for Query.customer', async () => {
    const r = await stack.gql(`{
      found: customer(customerId: "${WAITING}") { __typename ... on Customer { customerId customerType createdAt } }
      missing: customer(customerId: "cstap_missing") { __typename ... on CustomerNotFoundError { code customerId requestId } }
    }`);
    expect(r.body.data.found).toMatchObject({ __typename: 'Customer', customerId: WAITING, customerType: 'INDIVIDUAL' });
    expect(r.body.data.missing).toMatchObject({ __typename: 'CustomerNotFoundError', code: 'customerNotFound', customerId: 'cstap_missing' });
  });

  it('answers UpstreamError for a read connectFi keeps failing, after one retry', async () => {
    await stack.sim.faults([{ kind: 'status', status: 503, route: ROUTES.status }]);
    const r = await stack.gql(`{ customer(customerId: "${WAITING}") { __typename ... on UpstreamError { code outcome retryable } } }`);
    expect(r.body.data.customer).toEqual({ __typename: 'UpstreamError', code: 'UPSTREAM_SERVER_ERROR', outcome: 'NOT_APPLIED', retryable: true });
    expect(await statusReads(stack)).toBe(2);
  });

  it('retries a read once when it fails once', async () => {
    await stack.sim.faults([{ kind: 'reset', route: ROUTES.status, times: 1 }]);
    const r = await stack.gql(`{ customer(customerId: "${WAITING}") { __typename } }`);
    expect(r.body.data.customer.__typename).toBe('Customer');
    expect(await statusReads(stack)).toBe(2);
  });

  it('bounds each request\'s reads by CONNECTFI_MAX_CONCURRENCY_PER_REQUEST, not the whole process', async () => {
    const held = await startStack({ env: { CONNECTFI_MAX_CONCURRENCY_PER_REQUEST: '3' }, proxy: true });
    const proxy = held.proxy!;
    try {
      const ids = await held.sim.createCustomers(20, 'WAITING_DATA', 'fan');
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { customerId } } }`;
      proxy.hold(ROUTES.status);
      const answers = [ids.slice(0, 10), ids.slice(10)].map((part) => held.gql(query, { r: part.map((customerId) => ({ __typename: 'Customer', customerId })) }));
      await proxy.waitForHeld(6); // 3 from each operation
      proxy.release();
      for (const r of await Promise.all(answers)) expect(r.body.data._entities).toHaveLength(10);
      expect(proxy.maxConcurrent[ROUTES.status]).toBe(6);
    } finally {
      proxy.release();
      await held.close();
    }
  });

  it('never has more than CONNECTFI_MAX_CONCURRENCY status reads in flight for 200 distinct customers', async () => {
    // Behind the proxy, which holds the first reads: that the gateway does reach 8 at once is then seen, not
    // hoped for from a latency window; the simulator's count bounds it for the whole run.
    const held = await startStack({ env: { CONNECTFI_MAX_CONCURRENCY: '8' }, proxy: true });
    const proxy = held.proxy!;
    try {
      const ids = await held.sim.createCustomers(200, 'WAITING_DATA', 'bulk');
      await held.sim.faults([{ kind: 'latency', latencyMs: 20, route: ROUTES.status }]);
      proxy.hold(ROUTES.status);
      const answer = held.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { customerId kycStatus } } }`,
        { r: ids.map((customerId) => ({ __typename: 'Customer', customerId })) });
      await proxy.waitForHeld(8);
      proxy.release();
      const r = await answer;
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data._entities.map((c: any) => c.customerId)).toEqual(ids);
      const stats = await held.sim.stats();
      expect(stats.requests[ROUTES.status]).toBe(200);
      expect(stats.maxInFlight[ROUTES.status]).toBeLessThanOrEqual(8);
      expect(proxy.maxConcurrent[ROUTES.status]).toBe(8);
    } finally {
      proxy.release();
      await held.close();
    }
  });

  it('answers the mutation and the customer it primed with one connectFi call in total', async () => {
    await stack.gql(ADD_KYC_ATTRIBUTES, cardInput(WAITING)); // log in first, so only the operation's calls count
    await stack.sim.reset();
    const r = await stack.gql(`mutation($input: AddKycAttributesInput!) { addKycAttributes(input: $input) {
      __typename ... on AddKycAttributesSuccess { customer { customerId kycStatus kyc { status attributeCodes } kycDocumentList { id } } } } }`,
      cardInput(WAITING));
    expect(r.body.data.addKycAttributes.customer).toMatchObject({ customerId: WAITING, kyc: { status: 'WAITING_DATA' } });
    const stats = await stack.sim.stats();
    expect(Object.values(stats.requests).reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe('composed by @apollo/gateway with an accounts subgraph', () => {
  let stack: Stack;
  let accounts: { url: string; stop(): Promise<void> };
  let router: ApolloServer;
  let routerUrl: string;
  const owners = Array.from({ length: 50 }, (_, i) => `cstap_owner${(i % 10) + 1}`);

  beforeAll(async () => {
    stack = await startStack();
    accounts = await startAccountsSubgraph(owners, 'cstap_noSuchOwner');
    const gateway = new ApolloGateway({
      supergraphSdl: new IntrospectAndCompose({
        subgraphs: [{ name: 'connectfi', url: `${stack.gateway.url}/graphql` }, { name: 'accounts', url: accounts.url }],
      }),
      logger: QUIET,
    });
    // @apollo/gateway 2.14 declares server-gateway-interface v1 types; at run time it is what Apollo Server 5 expects.
    router = new ApolloServer({ gateway: gateway as unknown as never, logger: QUIET });
    ({ url: routerUrl } = await startStandaloneServer(router, { listen: { port: 0, host: '127.0.0.1' } }));
  });
  afterAll(async () => {
    await router.stop();
    await accounts.stop();
    await stack.close();
  });

  async function route(query: string): Promise<any> {
    const res = await fetch(routerUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return res.json();
  }

  it("reads each owner's KYC exactly once for 50 accounts owned by 10 customers", async () => {
    await stack.sim.reset();
    await stack.sim.createCustomers(10, 'WAITING_DATA', 'owner');
    const body = await route('{ accounts { id owner { kyc { status } kycDocumentList { id } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.accounts).toHaveLength(50);
    expect(body.data.accounts.map((a: any) => a.owner.kyc.status)).toEqual(Array(50).fill('WAITING_DATA'));
    expect(body.data.accounts.every((a: any) => a.owner.kycDocumentList.length === 2)).toBe(true);
    expect((await stack.sim.stats()).requests[ROUTES.status]).toBe(10);
  });

  it('resolves every other owner when one owner is unknown to connectFi', async () => {
    await stack.sim.reset();
    await stack.sim.createCustomers(10, 'WAITING_DATA', 'owner');
    const body = await route('{ accounts(withOrphan: true) { id owner { customerId kyc { status } } } }');
    const orphan = body.data.accounts.find((a: any) => a.id === 'acca_orphan');
    expect(orphan.owner).toEqual({ customerId: 'cstap_noSuchOwner', kyc: null }); // the router keeps what accounts knows
    expect(body.data.accounts.filter((a: any) => a.owner.kyc?.status === 'WAITING_DATA')).toHaveLength(50);
    expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'customerNotFound' }) })]);
    expect((await stack.sim.stats()).requests[ROUTES.status]).toBe(11);
  });
});
