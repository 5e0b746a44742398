// The KYC demo page (examples/web/) in headless Chromium, against the gateway `npm run demo` starts: the gateway as
// `npm start` runs it, on the embedded simulator, with CORS_ORIGINS = the page's origin and trusted documents on.
// Needs Debian's chromium (/usr/bin/chromium): `npm test` skips this suite without it, `npm run test:browser`
// (BROWSER_TESTS=required) fails instead. Screenshots of each state go to test/browser/screenshots/ (git-ignored).
// The whole KYC journeys (Start KYC, uploads, akepa) are walked by journey.test.ts.
import path from 'node:path';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { serveDemoPage, startDemo, type Demo, type DemoPageServer } from '../../scripts/demo.mjs';
import { SCREENSHOTS, launchChromium, runBrowserSuites, skipNotice, waitShowing } from './chromium.js';

const WAITING = 'cstap_demoWaitingData1';
const WAITING_2 = 'cstap_demoWaitingData2';
const APPROVED = 'cstap_demoApproved1';
const ADD_ATTRIBUTES_ROUTE = 'POST /customer/kyc/add-attributes';

skipNotice();

/** What the page sent to the gateway: each body, and whether an answer came back. */
interface GatewayCall {
  body: Record<string, any>;
  request: Request;
}

(runBrowserSuites ? describe : describe.skip)('the KYC demo page in Chromium', () => {
  let demo: Demo;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  const calls: GatewayCall[] = [];
  const pageErrors: string[] = [];
  /** What the page sent over its WebSockets (the live status panel's subscription). */
  const wsSent: any[] = [];

  beforeAll(async () => {
    demo = await startDemo({ gatewayPort: 0, demoPort: 0 });
    chromium = await launchChromium();
    context = chromium.context;
    page = context.pages()[0] ?? await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('websocket', (socket) => socket.on('framesent', (frame) => wsSent.push(JSON.parse(String(frame.payload)))));
    page.on('request', (request) => {
      if (request.url() === demo.graphqlUrl && request.method() === 'POST') calls.push({ body: request.postDataJSON(), request });
    });
  }, 90_000);

  afterAll(async () => {
    await chromium?.close();
    await demo?.stop();
  });

  const customerPicker = () => page.getByRole('combobox', { name: 'Customer ID' });
  const kycStatus = () => page.getByRole('status', { name: 'KYC status' });
  const answer = () => page.getByRole('status', { name: 'Answer', exact: true });
  const liveEvents = () => page.getByRole('log', { name: 'Live KYC events' });
  const submit = () => page.getByRole('button', { name: 'Add card attributes' });
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

  async function pick(customerId: string): Promise<string> {
    await customerPicker().selectOption(customerId);
    return waitShowing(kycStatus().getByRole('heading', { name: customerId }), kycStatus());
  }

  async function fillCard(card: { productId?: string; nameOnCard: string; designId?: string; addressType?: string; issueType?: string }) {
    await page.getByLabel('Product ID').fill(card.productId ?? 'Virtual_Debit_Card');
    await page.getByLabel('Name on card').fill(card.nameOnCard);
    await page.getByLabel('Design ID').fill(card.designId ?? '1');
    await page.getByLabel('Address type').selectOption(card.addressType ?? 'PRIMARY');
    await page.getByLabel('Issue type').selectOption(card.issueType ?? 'NEW');
  }

  /** Submits and waits for the answer headed `heading`; answers the answer panel's text. */
  async function submitAndWaitFor(heading: string): Promise<string> {
    await submit().click();
    return waitShowing(answer().getByRole('heading', { name: heading }), answer());
  }

  async function injectFault(rule: Record<string, unknown>) {
    const res = await fetch(`${demo.simulatorUrl}/__sim/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ faults: [rule] }),
    });
    expect(res.status).toBeLessThan(300);
  }

  it('shows the KYC status and documents of a WAITING_DATA customer', async () => {
    await page.goto(demo.pageUrl);
    const text = await pick(WAITING);
    expect(text).toContain('WAITING_DATA');
    expect(text).toContain('cardAttributes'); // still requested
    const documents = kycStatus().getByRole('table', { name: 'Documents' });
    expect(await documents.getByRole('row').count()).toBe(3); // header, LICENSE FRONT, LICENSE BACK
    expect(await documents.textContent()).toContain('LICENSE FRONT');
    // The live panel starts with the current state, from the subscription.
    const current = liveEvents().getByRole('listitem').filter({ hasText: 'cardAttributes' });
    expect(await waitShowing(current.first(), liveEvents())).toContain('WAITING_DATA');
    await shot('01-waiting-data-status');
  });

  it('submits card attributes and shows what connectFi accepted', async () => {
    await fillCard({ nameOnCard: 'JESSIE U TESTMAN', designId: '7', addressType: 'SECONDARY', issueType: 'RE_ISSUE' });
    const text = await submitAndWaitFor('Card attributes added');
    for (const echoed of ['JESSIE U TESTMAN', 'Virtual_Debit_Card', 'SECONDARY', 'RE_ISSUE']) expect(text).toContain(echoed);
    expect(text).toMatch(/Request ID, for PayGears support: \S+/);
    // The customer panel follows the answer: nothing is requested any more.
    expect(await kycStatus().textContent()).not.toContain('cardAttributes');
    // The change reaches the live panel as an event of its own.
    await waitShowing(liveEvents().getByRole('listitem').filter({ hasText: 'nothing requested' }).first(), liveEvents());
    await shot('02-success');
  });

  it('explains that an APPROVED customer cannot get attributes', async () => {
    expect(await pick(APPROVED)).toContain('APPROVED');
    await fillCard({ nameOnCard: 'JANICE SAMPLE' });
    const text = await submitAndWaitFor('Customer already approved');
    expect(text).toContain('already APPROVED');
    expect(text).toContain('WAITING_DATA');
    expect(text).toContain('Nothing was changed');
    expect(text).toContain('statusNotWAITING_DATA');
    await shot('03-conflict');
  });

  it('shows the gateway\u2019s validation message next to the field it concerns', async () => {
    await pick(WAITING_2);
    await fillCard({ nameOnCard: '' });
    const text = await submitAndWaitFor('Please correct the marked fields');
    expect(text).toContain('GATEWAY_VALIDATION');
    const name = page.getByLabel('Name on card');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    const errorId = await name.getAttribute('aria-describedby');
    const error = page.locator(`#${errorId}`);
    expect(await error.isVisible()).toBe(true);
    expect(await error.textContent()).toBe('Must not be blank.');
    expect(await page.locator(`#name-on-card + #${errorId}`).count()).toBe(1); // right under the input
    // Only that field is marked.
    expect(await page.getByLabel('Product ID').getAttribute('aria-invalid')).toBeNull();
    await shot('04-invalid-input');
  });

  it('tells to refresh before retrying when connectFi\u2019s outcome is UNKNOWN', async () => {
    await fillCard({ nameOnCard: 'JOHN TESTMAN' });
    expect(await page.getByLabel('Name on card').getAttribute('aria-invalid')).toBeNull(); // cleared once edited
    await injectFault({ kind: 'status', status: 500, route: ADD_ATTRIBUTES_ROUTE, times: 1 });
    const text = await submitAndWaitFor('Outcome unknown');
    expect(text).toContain('may or may not have been applied: refresh the status before retrying');
    await answer().getByRole('button', { name: 'Refresh status' }).waitFor();
    await shot('05-upstream-unknown');
  });

  it('says nothing changed when connectFi refused (NOT_APPLIED), and retries with the same key', async () => {
    await injectFault({ kind: 'status', status: 429, route: ADD_ATTRIBUTES_ROUTE, times: 1 });
    const text = await submitAndWaitFor('Not applied');
    expect(text).toContain('Nothing was changed; try again.');
    await shot('06-upstream-not-applied');
    await answer().getByRole('button', { name: 'Try again' }).click();
    await answer().getByRole('heading', { name: 'Card attributes added' }).waitFor();
    const keys = calls.filter((c) => c.body.operationName === 'AddKycAttributes').map((c) => c.body.variables.input.idempotencyKey);
    const [unknownKey, notAppliedKey, retryKey] = keys.slice(-3);
    expect(retryKey).toBe(notAppliedKey); // safe: nothing was applied
    expect(notAppliedKey).not.toBe(unknownKey); // after UNKNOWN the page starts afresh
  });

  it('sent only trusted documents, by documentId, and every call got an answer', async () => {
    expect(calls.length).toBeGreaterThanOrEqual(10);
    for (const { body, request } of calls) {
      expect(body).not.toHaveProperty('query');
      expect(body.documentId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect((await request.response())?.status()).toBe(200);
    }
    expect(new Set(calls.map((c) => c.body.operationName))).toEqual(new Set(['Customer', 'AddKycAttributes']));
    // The live panel's subscription too: a documentId, no document text.
    const subscribes = wsSent.filter((m) => m.type === 'subscribe');
    expect(subscribes.length).toBeGreaterThanOrEqual(1);
    for (const { payload } of subscribes) {
      expect(payload).toMatchObject({ query: '', operationName: 'KycUpdates', documentId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    expect(pageErrors).toEqual([]);
  });

  describe('the same page from an origin not in CORS_ORIGINS', () => {
    let copy: DemoPageServer;
    let other: Page;

    beforeAll(async () => {
      copy = await serveDemoPage({ port: 0, gatewayUrl: demo.gatewayUrl, customers: demo.customers });
      other = await context.newPage();
    });
    afterAll(async () => {
      await other?.close();
      await copy?.close();
    });

    it('cannot reach the gateway, and says so', async () => {
      expect(demo.corsOrigins).not.toContain(copy.origin);
      const answered: string[] = [];
      const failed: string[] = [];
      other.on('response', (response) => { if (response.url().startsWith(demo.gatewayUrl)) answered.push(response.url()); });
      other.on('requestfailed', (request) => { if (request.url().startsWith(demo.gatewayUrl)) failed.push(request.url()); });

      await other.goto(copy.url);
      const status = other.getByRole('status', { name: 'KYC status' });
      await status.getByRole('heading', { name: 'Status unavailable' }).waitFor();
      expect(await status.textContent()).toContain(`Could not reach the gateway at ${demo.graphqlUrl}`);

      await other.getByLabel('Name on card').fill('JOHN TESTMAN');
      await other.getByRole('button', { name: 'Add card attributes' }).click();
      const otherAnswer = other.getByRole('status', { name: 'Answer', exact: true });
      await otherAnswer.getByRole('heading', { name: 'Gateway unreachable' }).waitFor();
      expect(await otherAnswer.textContent()).toContain('may or may not have been applied: refresh the status before retrying');
      await other.screenshot({ path: path.join(SCREENSHOTS, '07-cors-refused.png'), fullPage: true });

      expect(answered).toEqual([]); // no request to the gateway succeeded
      expect(failed.length).toBeGreaterThanOrEqual(2); // the status read and the submission

      // Why: the gateway allows the demo's origin and not this one.
      const preflight = (origin: string) => fetch(demo.graphqlUrl, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect((await preflight(demo.pageOrigin)).headers.get('access-control-allow-origin')).toBe(demo.pageOrigin);
      expect((await preflight(copy.origin)).headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('runs the gateway with trusted documents required: a raw query is refused', async () => {
    const res = await fetch(demo.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ customer(customerId: "${WAITING}") { __typename } }` }),
    });
    const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.errors?.[0]?.extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
  });
});
