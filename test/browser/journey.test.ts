// The demo page's whole KYC journeys in headless Chromium, against `npm run demo`'s gateway (as `npm start` runs it,
// on the embedded simulator, trusted documents on, GATEWAY_PUBLIC_URL = itself so connectFi's webhooks reach it):
//   - deprecated flow: Start KYC for a customer without one, real file uploads (a refused one first, in the page and
//     at the gateway), card attributes, then connectFi's own review (~2 s later) arriving in the live panel;
//   - akepa: a verification that expects documents, two images prepared, uploaded and submitted (WAITING_REVIEW),
//     then PayGears staff's approval (the simulator's control API, called from here) arriving as COMPLETED/APPROVED.
// No fixed sleeps: every wait is on the page. Screenshots: test/browser/screenshots/journey-*.png.
import path from 'node:path';
import type { BrowserContext, Locator, Page, Request, Response } from 'playwright-core';
import { startDemo, type Demo } from '../../scripts/demo.mjs';
import { SCREENSHOTS, launchChromium, runBrowserSuites, skipNotice, waitShowing } from './chromium.js';

const NO_KYC = 'cstap_demoNoKyc1';
const WAIT_REVIEW = 'cstap_demoWaitReview1';

// Small files with real magic bytes (the gateway judges content, not names).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const JPG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
/** A PNG big enough for the progress bar to move under a throttled upload: its signature, then filler. */
const BIG_PNG = Buffer.concat([PNG.subarray(0, 8), Buffer.alloc(768 * 1024 - 8, 7)]);

skipNotice();

(runBrowserSuites ? describe : describe.skip)('the KYC journeys on the demo page in Chromium', () => {
  let demo: Demo;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  const graphqlCalls: Array<{ body: Record<string, any>; request: Request }> = [];
  const uploads: Response[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    demo = await startDemo({ gatewayPort: 0, demoPort: 0 });
    chromium = await launchChromium();
    context = chromium.context;
    page = context.pages()[0] ?? await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      if (request.url() === demo.graphqlUrl && request.method() === 'POST') graphqlCalls.push({ body: request.postDataJSON(), request });
    });
    page.on('response', (response) => {
      if (response.url().startsWith(`${demo.gatewayUrl}/uploads/`) && response.request().method() === 'POST') uploads.push(response);
    });
  }, 90_000);

  afterAll(async () => {
    await chromium?.close();
    await demo?.stop();
  });

  const customerPicker = () => page.getByRole('combobox', { name: 'Customer ID' });
  const kycStatus = () => page.getByRole('status', { name: 'KYC status' });
  const answer = () => page.getByRole('status', { name: 'Answer', exact: true });
  const documentsPanel = () => page.locator('#documents-panel');
  const liveEvents = () => page.getByRole('log', { name: 'Live KYC events' });
  const application = () => page.getByRole('status', { name: 'Application status' });
  const verificationAnswer = () => page.getByRole('status', { name: 'Verification answer' });
  const uploadForm = (label: string) => page.getByRole('form', { name: `Upload ${label}` });
  const uploadAnswer = (label: string) => page.getByRole('status', { name: `Upload answer: ${label}` });
  const progress = (label: string) => page.getByRole('progressbar', { name: `Upload progress: ${label}` });
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `journey-${name}.png`), fullPage: true });

  async function pick(customerId: string): Promise<string> {
    await customerPicker().selectOption(customerId);
    return waitShowing(kycStatus().getByRole('heading', { name: customerId }), kycStatus());
  }

  /** The customer panel's documents table row of `label`, once its Uploaded cell says `uploaded`. */
  function documentRow(label: string, uploaded: 'yes' | 'no'): Locator {
    return kycStatus().getByRole('row').filter({ has: page.getByRole('cell', { name: label, exact: true }) })
      .filter({ has: page.getByRole('cell', { name: uploaded, exact: true }) });
  }

  /** Chooses `file` in the upload form of `label`, sends it, and answers the upload answer's text once it has a heading. */
  async function sendFile(label: string, file: { name: string; mimeType: string; buffer: Buffer }, heading: string): Promise<string> {
    const form = uploadForm(label);
    await form.getByLabel(`File for ${label}`).setInputFiles(file);
    await form.getByRole('button', { name: 'Send file' }).click();
    return waitShowing(uploadAnswer(label).getByRole('heading', { name: heading }), uploadAnswer(label));
  }

  async function progressValue(label: string): Promise<number> {
    return Number(await progress(label).evaluate((element: any) => element.value)); // a <progress>
  }

  describe('deprecated flow', () => {
    it('starts KYC for a customer without one and shows what connectFi still needs', async () => {
      await page.goto(demo.pageUrl);
      const before = await pick(NO_KYC);
      expect(before).toContain('Still requestednothing');
      expect(before).toContain('Start KYC to see what it needs');
      expect(await documentsPanel().textContent()).toContain('expects no documents');

      await page.getByRole('button', { name: 'Start KYC' }).click();
      const text = await waitShowing(answer().getByRole('heading', { name: 'KYC started' }), answer());
      const needs = await answer().getByRole('list', { name: 'What connectFi still needs' }).textContent();
      expect(needs).toContain('cardAttributes');
      expect(needs).toContain('LICENSE FRONT, LICENSE BACK');
      expect(text).toMatch(/Request ID, for PayGears support: \S+/);
      // The customer panel follows: what is requested, and the two documents, not uploaded yet.
      expect(await kycStatus().textContent()).toContain('cardAttributes');
      await documentRow('LICENSE FRONT', 'no').waitFor();
      await documentRow('LICENSE BACK', 'no').waitFor();
      await documentsPanel().getByRole('button', { name: 'Upload LICENSE FRONT' }).waitFor();
      await documentsPanel().getByRole('button', { name: 'Upload LICENSE BACK' }).waitFor();
      await shot('01-kyc-started');
    });

    it('refuses a file of the wrong type: a text file in the page, a GIF named .png at the gateway (415)', async () => {
      await documentsPanel().getByRole('button', { name: 'Upload LICENSE FRONT' }).click();
      const form = uploadForm('LICENSE FRONT');
      const input = form.getByLabel('File for LICENSE FRONT');
      await input.waitFor();
      // The accept attribute and the hint come from the target's acceptedContentTypes and maxBytes.
      expect(await input.getAttribute('accept')).toBe('image/png,image/jpeg,application/pdf');
      expect(await form.textContent()).toContain('PNG, JPEG or PDF, at most 10 MiB');

      // A text file: the page says so and sends nothing.
      await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a scan\n') });
      await form.getByRole('button', { name: 'Send file' }).click();
      const error = page.locator(`#${(await input.getAttribute('aria-describedby'))!.split(' ')[1]}`);
      await error.waitFor();
      expect(await error.textContent()).toBe('notes.txt is text/plain: only PNG, JPEG or PDF is accepted.');
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      expect(uploads).toHaveLength(0);

      // A GIF named scan.png passes the page's check (its type comes from the name); the gateway reads the content.
      const text = await sendFile('LICENSE FRONT', { name: 'scan.png', mimeType: 'image/png', buffer: GIF }, 'File type not accepted');
      expect(text).toContain('Nothing was stored');
      expect(text).toContain('UPLOAD_TYPE_NOT_ACCEPTED');
      expect(text).toContain('HTTP 415');
      expect(uploads.map((r) => r.status())).toEqual([415]);
      expect(await error.isHidden()).toBe(true);
      await documentRow('LICENSE FRONT', 'no').waitFor();
      await shot('02-upload-refused-415');
    });

    it('uploads a PNG with a moving progress bar, on the same link, and the document is marked uploaded', async () => {
      // A slow uplink, so the progress bar is seen between 0 and 100.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 512 * 1024 });
      try {
        const form = uploadForm('LICENSE FRONT');
        await form.getByLabel('File for LICENSE FRONT').setInputFiles({ name: 'licence-front.png', mimeType: 'image/png', buffer: BIG_PNG });
        await form.getByRole('button', { name: 'Send file' }).click();
        await page.waitForFunction((label) => {
          const bar = (globalThis as any).document.querySelector(`progress[aria-label="Upload progress: ${label}"]`);
          return bar !== null && bar.value > 0 && bar.value < 100;
        }, 'LICENSE FRONT');
        await shot('03-upload-in-progress');
      } finally {
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
        await cdp.detach();
      }
      const text = await waitShowing(uploadAnswer('LICENSE FRONT').getByRole('heading', { name: 'Uploaded' }), uploadAnswer('LICENSE FRONT'));
      expect(text).toContain('connectFi has licence-front.png for LICENSE FRONT');
      expect(await progressValue('LICENSE FRONT')).toBe(100);
      expect(await uploadForm('LICENSE FRONT').textContent()).toContain('100 %');
      expect(uploads.map((r) => r.status())).toEqual([415, 200]);
      expect(await uploads[1].json()).toEqual({ documentId: expect.stringMatching(/^doc_/), uploadStatus: true });
      // The document list is read again: LICENSE FRONT is uploaded, LICENSE BACK not yet.
      await documentRow('LICENSE FRONT', 'yes').waitFor();
      await documentRow('LICENSE BACK', 'no').waitFor();
      expect(await documentsPanel().getByRole('listitem', { name: 'LICENSE FRONT' }).textContent()).toContain('uploaded');
    });

    it('uploads a PDF for the other document, and both are marked uploaded', async () => {
      await documentsPanel().getByRole('button', { name: 'Upload LICENSE BACK' }).click();
      const text = await sendFile('LICENSE BACK', { name: 'licence-back.pdf', mimeType: 'application/pdf', buffer: PDF }, 'Uploaded');
      expect(text).toContain('licence-back.pdf');
      expect(await progressValue('LICENSE BACK')).toBe(100);
      await documentRow('LICENSE FRONT', 'yes').waitFor();
      await documentRow('LICENSE BACK', 'yes').waitFor();
      await shot('04-documents-uploaded');
    });

    it('after the card attributes, connectFi\u2019s review approves the customer, and the page shows it live', async () => {
      await page.getByLabel('Name on card').fill('ROBIN FRESHMAN');
      await page.getByRole('button', { name: 'Add card attributes' }).click();
      await waitShowing(answer().getByRole('heading', { name: 'Card attributes added' }), answer());
      // The simulator's review (kycReviewDelayMs, ~2 s) sends connectFi's webhook; the gateway reads and publishes.
      const approved = liveEvents().getByRole('listitem').filter({ hasText: 'APPROVED' });
      const event = await waitShowing(approved.first(), liveEvents());
      expect(event).toContain('documents uploaded: 2 of 2');
      // The customer panel follows the live event.
      await kycStatus().getByText('Approved', { exact: true }).waitFor();
      expect(await kycStatus().textContent()).toContain('APPROVED');
      // Nothing more to upload.
      expect(await documentsPanel().getByRole('button', { name: /^(Upload|Replace) / }).count()).toBe(0);
      await shot('05-approved-live');
    });
  });

  describe('akepa verification', () => {
    let applicationId: string;

    it('starts a verification that expects documents (PENDING_STEP_UP)', async () => {
      await pick(WAIT_REVIEW);
      const reference = page.getByLabel('Your reference');
      expect(await reference.inputValue()).toMatch(/^[0-9A-Za-z]+$/); // a fresh suggestion
      await reference.fill(`journey${Date.now()}`);
      await page.getByRole('button', { name: 'Start verification' }).click();
      const text = await waitShowing(application().getByRole('heading', { name: /^Application / }), application());
      expect(text).toContain('PENDING_STEP_UP');
      expect(text).toContain('connectFi needs document images');
      applicationId = (await application().getByRole('heading').locator('code').textContent())!;
      expect(applicationId).toMatch(/^\S+$/);
      await page.getByRole('form', { name: 'Prepare a document' }).waitFor();
      await shot('06-verification-started');
    });

    it('prepares, uploads (PNG, then JPG) and submits two licence images: WAITING_REVIEW', async () => {
      const prepareForm = page.getByRole('form', { name: 'Prepare a document' });
      const prepare = async (name: string, extension: 'PNG' | 'JPG') => {
        await prepareForm.getByLabel('Document type').selectOption('LICENSE');
        await prepareForm.getByLabel('Name').fill(name);
        await prepareForm.getByLabel('Image format').selectOption(extension);
        await prepareForm.getByRole('button', { name: 'Prepare document' }).click();
        await waitShowing(uploadForm(`${name} (LICENSE, ${extension})`), verificationAnswer());
      };

      await prepare('Driving licence front', 'PNG');
      const front = 'Driving licence front (LICENSE, PNG)';
      expect(await uploadForm(front).getByLabel(`File for ${front}`).getAttribute('accept')).toBe('image/png');
      expect(await sendFile(front, { name: 'front.png', mimeType: 'image/png', buffer: PNG }, 'Uploaded')).toContain('front.png');
      expect(await progressValue(front)).toBe(100);

      await prepare('Driving licence back', 'JPG');
      const back = 'Driving licence back (LICENSE, JPG)';
      expect(await uploadForm(back).getByLabel(`File for ${back}`).getAttribute('accept')).toBe('image/jpeg');
      expect(await sendFile(back, { name: 'back.jpg', mimeType: 'image/jpeg', buffer: JPG }, 'Uploaded')).toContain('back.jpg');
      expect(await progressValue(back)).toBe(100);

      await page.getByRole('button', { name: 'Submit 2 uploaded documents for review' }).click();
      await waitShowing(verificationAnswer().getByRole('heading', { name: 'Documents submitted' }), verificationAnswer());
      const text = await application().textContent();
      expect(text).toContain('WAITING_REVIEW');
      expect(text).toContain('PayGears staff review the documents by hand');
      // The submission's answer is connectFi's new state: the live panel has it too.
      await waitShowing(liveEvents().getByRole('listitem').filter({ hasText: applicationId }).filter({ hasText: 'WAITING_REVIEW' }).first(), liveEvents());
      expect(await page.getByRole('list', { name: 'Prepared documents' }).textContent()).toMatch(/submitted.*submitted/);
      // The demo-only hint: how to play PayGears staff with the simulator (which the page cannot call).
      const hint = application().locator('details', { hasText: 'Demo only: simulate PayGears staff approval' });
      await hint.locator('summary').click();
      expect(await hint.textContent()).toContain(`${demo.simulatorUrl}/__sim/akepa/review`);
      expect(await hint.textContent()).toContain(applicationId);
      await shot('07-waiting-review');
    });

    it('shows COMPLETED and APPROVED once PayGears staff approve (the simulator\u2019s control API, called from Node)', async () => {
      // The page cannot do it: the control API answers no CORS preflight.
      const preflight = await fetch(`${demo.simulatorUrl}/__sim/akepa/review`, {
        method: 'OPTIONS',
        headers: { origin: demo.pageOrigin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

      const review = await fetch(`${demo.simulatorUrl}/__sim/akepa/review`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customerId: WAIT_REVIEW, applicationId, outcome: 'Approved' }),
      });
      expect(review.status).toBe(200);
      // connectFi's webhook → the gateway reads the application → the live panel, and the application view follows.
      const completed = liveEvents().getByRole('listitem').filter({ hasText: applicationId }).filter({ hasText: 'COMPLETED' });
      expect(await waitShowing(completed.first(), liveEvents())).toContain('APPROVED');
      await application().getByText('Approved: the verification is done.').waitFor();
      // And a read says the same.
      await application().getByRole('button', { name: 'Refresh application' }).click();
      await application().getByText('Approved: the verification is done.').waitFor();
      const text = await application().textContent();
      expect(text).toContain('COMPLETED');
      expect(text).toMatch(/\(the customer\): COMPLETED\s*APPROVED/);
      await shot('08-completed-approved');
    });
  });

  it('sent only trusted documents, every call answered, and no script error', async () => {
    for (const { body, request } of graphqlCalls) {
      expect(body).not.toHaveProperty('query');
      expect(body.documentId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect((await request.response())?.status()).toBe(200);
    }
    expect(new Set(graphqlCalls.map((c) => c.body.operationName))).toEqual(new Set([
      'Customer', 'StartKyc', 'PrepareKycDocumentUpload', 'AddKycAttributes',
      'StartKycVerification', 'PrepareKycApplicationDocumentUpload', 'SubmitKycApplicationDocuments', 'KycApplicationStatus',
    ]));
    // Each file went as multipart/form-data (in the part the target named: the gateway accepts no other).
    for (const response of uploads) expect(response.request().headers()['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(uploads.map((r) => r.status())).toEqual([415, 200, 200, 200, 200]);
    expect(pageErrors).toEqual([]);
  });
});
