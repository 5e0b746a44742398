// The simulator's KYC journeys over real HTTP (API.md 5, 6, 7): both flows from a fresh customer to APPROVED /
// completed, real multipart uploads, every documented error from a real answer, webhooks caught by a local server,
// the webhook drop fault, upload faults and byte counters. Choices where the docs are silent:
// docs/simulator-assumptions.md.
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator } from '../src/simulator/index.js';
import type { Simulator } from '../src/simulator/index.js';

const HEX32 = /^[0-9a-f]{32}$/;
const DOC_ID = /^doc_[0-9A-Za-z]{22}$/;
const KYC_UPLOAD = 'POST /customer/kyc/upload/:customerId/:documentId';
const AKEPA_UPLOAD = 'POST /akepa/document/upload/:documentId';

// Small files with real magic bytes: a 1x1 PNG, a minimal PDF, a JPEG header.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const JPG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

interface Answer {
  status: number;
  json: any; // wire bodies, checked field by field below
}

/** Receives webhooks; a test waits on their arrival, never on a clock. */
class Receiver {
  readonly hooks: { path: string; body: any }[] = [];
  /** Requests to this path get no answer until release(). */
  holdPath?: string;
  private readonly held: ServerResponse[] = [];
  private waiters: { path: string; count: number; resolve: () => void }[] = [];
  private server!: Server;
  private port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (text += chunk));
      req.on('end', () => {
        this.hooks.push({ path: req.url ?? '', body: JSON.parse(text) });
        if (req.url === this.holdPath) this.held.push(res);
        else res.end();
        this.waiters = this.waiters.filter((w) => (this.of(w.path).length >= w.count ? (w.resolve(), false) : true));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  of(path: string): any[] {
    return this.hooks.filter((h) => h.path === path).map((h) => h.body);
  }

  /** Resolves once `count` webhooks reached `path`. */
  waitFor(path: string, count = 1): Promise<any[]> {
    if (this.of(path).length >= count) return Promise.resolve(this.of(path));
    return new Promise((resolve) => this.waiters.push({ path, count, resolve: () => resolve(this.of(path)) }));
  }

  release(): void {
    for (const res of this.held.splice(0)) res.end();
  }

  async close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

let sim: Simulator;
let token: string;
const receiver = new Receiver();
let hookCount = 0;
const newHookPath = () => `/hook/${++hookCount}`;

async function request(method: string, path: string, body?: unknown, tok: string | null = token): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (tok !== null) headers['x-connectfi-token'] = tok;
  const res = await fetch(sim.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

const post = (path: string, body?: unknown, tok: string | null = token) => request('POST', path, body, tok);
const get = (path: string) => request('GET', path);
const control = (name: string, body: unknown = {}) => request('POST', `/__sim/${name}`, body, null);
const stats = async () => (await request('GET', '/__sim/stats', undefined, null)).json;
const recorded = async (routeKey: string) =>
  (await request('GET', `/__sim/requests?route=${encodeURIComponent(routeKey)}`, undefined, null)).json.bodies;

/** Polls a condition on the simulator's stats (sending a webhook ends after its receiver answers). */
async function statsWhen(check: (s: any) => boolean): Promise<any> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const s = await stats();
    if (check(s) || Date.now() > deadline) return s;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function form(files: { bytes: Buffer; name: string; type?: string }[]): FormData {
  const data = new FormData();
  for (const f of files) data.append('file', new Blob([f.bytes], f.type ? { type: f.type } : {}), f.name);
  return data;
}

async function upload(path: string, bytes: Buffer, name: string, type?: string): Promise<Answer> {
  return sendForm(path, form([{ bytes, name, type }]));
}

async function sendForm(path: string, body: FormData | string, tok: string | null = token): Promise<Answer> {
  const headers: Record<string, string> = tok === null ? {} : { 'x-connectfi-token': tok };
  const res = await fetch(sim.url + path, { method: 'POST', headers, body });
  return { status: res.status, json: await res.json() };
}

/** A multipart body as bytes, so its exact length is known. */
async function encoded(data: FormData): Promise<{ bytes: Uint8Array; contentType: string }> {
  const res = new Response(data);
  return { bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

let refCount = 0;
const newReference = () => `jrny${Date.now()}${++refCount}`;

async function initCustomer(lastName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { status, json } = await post('/customer/init', {
    reference: newReference(),
    customerType: 'individual',
    customer: { firstName: 'Ada', lastName, gender: 'F', ...extra },
  });
  expect(status).toBe(200);
  return json.data.customerId;
}

function cardAttributes() {
  return { productID: 'Virtual_Debit_Card', nameOnCard: 'ADA TESTER', designId: '1', addressType: 'PRIMARY', issueType: 'NEW', additionalData: {} };
}

async function identify(customerId: string, extra: Record<string, unknown> = {}): Promise<Answer> {
  return post('/akepa/identification', { reference: newReference(), customerId, ...extra });
}

async function generateLicense(name = 'Licence front'): Promise<string> {
  const { status, json } = await post('/akepa/document/generate', { workflow: 'PERSONAL', name, extension: 'png', type: 'license' });
  expect(status).toBe(200);
  return json.data.id;
}

/** A WaitReview application taken to waiting_review: two uploaded licence sides attached by /akepa/update. */
async function applicationInReview(customerId: string, hookPath: string): Promise<string> {
  const { json } = await identify(customerId, { webhookUrl: receiver.url(hookPath) });
  expect(json.data.status).toBe('pending_step_up');
  const documents = [];
  for (const name of ['Licence front', 'Licence back']) {
    const id = await generateLicense(name);
    expect((await upload(`/akepa/document/upload/${id}`, PNG, 'licence.png', 'image/png')).status).toBe(200);
    documents.push({ entityId: customerId, documentId: id });
  }
  const updated = await post('/akepa/update', { customerId, applicationId: json.data.applicationId, documents });
  expect(updated.json.data.status).toBe('waiting_review');
  return json.data.applicationId;
}

const staffReview = (customerId: string, applicationId: string, outcome: string) =>
  control('akepa/review', { customerId, applicationId, outcome });

beforeAll(async () => {
  await receiver.start();
  sim = await startSimulator({ kycReviewDelayMs: null }); // reviews happen when a test says so
  const res = await fetch(`${sim.url}/auth/get-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: { login: 'demo', password: 'demo-password' } }),
  });
  token = ((await res.json()) as { data: { token: string } }).data.token;
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

beforeEach(async () => {
  expect((await control('reset')).status).toBe(200);
});

describe('deprecated flow (/customer/kyc/*)', () => {
  test('fresh customer from /customer/init to APPROVED: init, attributes, two uploads, review, one webhook', async () => {
    const hook = newHookPath();
    const created = await post('/customer/init', {
      reference: 'journeyRef1',
      customerType: 'individual',
      customer: { firstName: 'Ada', lastName: 'Tester', gender: 'F', dateOfBirth: '1990-01-02', identificationDocuments: [{ type: 'SSN', value: '123456789' }] },
    });
    expect(created.status).toBe(200);
    const customerId = created.json.data.customerId;
    expect(created.json.data).toEqual({
      reference: 'journeyRef1', customerId: expect.stringMatching(/^cstap_[0-9A-Za-z]{22}$/), customerType: 'individual',
      customer: { firstName: 'Ada', lastName: 'Tester', gender: 'F', dateOfBirth: '1990-01-02' },
      kycStatus: 'WAITING_DATA', boises: [], dtsCreatedAt: expect.any(String),
    });
    const before = await get(`/customer/kyc/status/${customerId}`);
    expect(before.json.data.kyc.attributeCodes).toEqual([]);
    expect(before.json.data.kycDocumentList).toEqual([]);

    const init = await post('/customer/kyc/init', { customerId, syncMode: false, webhookURL: receiver.url(hook) });
    expect(init.status).toBe(200);
    expect(init.json.data.kyc).toEqual({ attributeCodes: ['cardAttributes'], system: 'condor', mode: 'licenseUSACondor', status: 'WAITING_DATA' });
    const [front, back] = init.json.data.kycDocumentList;
    expect(init.json.data.kycDocumentList).toEqual([
      { id: expect.stringMatching(DOC_ID), label: 'LICENSE FRONT', type: 'LICENSE', documentSide: 'FRONT', uploadStatus: false },
      { id: expect.stringMatching(DOC_ID), label: 'LICENSE BACK', type: 'LICENSE', documentSide: 'BACK', uploadStatus: false },
    ]);

    expect((await post('/customer/kyc/add-attributes', { customerId, additionalAttributes: { cardAttributes: cardAttributes() } })).status).toBe(200);
    const first = await upload(`/customer/kyc/upload/${customerId}/${front.id}`, PNG, 'front.png', 'image/png');
    expect(first.status).toBe(200);
    expect(first.json.requestId).toMatch(HEX32);
    expect(first.json.data.kycDocumentList).toEqual([
      { ...front, uploadStatus: true, extension: 'png' },
      { ...back, uploadStatus: false },
    ]);
    const last = await upload(`/customer/kyc/upload/${customerId}/${back.id}`, PDF, 'back.pdf', 'application/pdf');
    expect(last.json.data.kycDocumentList[1]).toEqual({ ...back, uploadStatus: true, extension: 'pdf' });
    // The direct answer never carries the decision: the review comes later, by webhook.
    expect(last.json.data.kyc.status).toBe('WAITING_DATA');
    expect((await stats()).webhooks).toEqual({ sent: 0, dropped: 0, failed: 0 });

    expect((await control('kyc/review', { customerId })).status).toBe(200);
    const [webhook] = await receiver.waitFor(hook);
    expect(webhook).toEqual({ code: '0', data: { customerId, kycStatus: 'APPROVED' }, requestId: expect.stringMatching(HEX32) });
    const after = await get(`/customer/kyc/status/${customerId}`);
    expect(after.json.data.kyc.status).toBe('APPROVED');
    expect(after.json.data.customer.kycStatus).toBe('APPROVED');
    expect((await statsWhen((s) => s.webhooks.sent === 1)).webhooks).toEqual({ sent: 1, dropped: 0, failed: 0 });
    expect(receiver.of(hook)).toHaveLength(1);

    // Uploads are recorded as facts about the file, never its content.
    expect(await recorded(KYC_UPLOAD)).toEqual([
      { customerId, documentId: front.id, files: [{ filename: 'front.png', mimeType: 'image/png', size: PNG.length, type: 'png' }] },
      { customerId, documentId: back.id, files: [{ filename: 'back.pdf', mimeType: 'application/pdf', size: PDF.length, type: 'pdf' }] },
    ]);
    expect((await stats()).bytesReceived[KYC_UPLOAD]).toBeGreaterThan(PNG.length + PDF.length);
  });

  test('the review also runs on its own after the configured delay (seeded customer, webhookURL given to a repeated init)', async () => {
    const hook = newHookPath();
    const customerId = 'cstap_demoWaitingData2';
    expect((await control('kyc/review-delay', { delayMs: 20 })).status).toBe(200);
    const init = await post('/customer/kyc/init', { customerId, webhookURL: receiver.url(hook) });
    const [front, back] = init.json.data.kycDocumentList;
    await post('/customer/kyc/add-attributes', { customerId, additionalAttributes: { cardAttributes: cardAttributes() } });
    await upload(`/customer/kyc/upload/${customerId}/${front.id}`, PNG, 'front.png');
    const last = await upload(`/customer/kyc/upload/${customerId}/${back.id}`, JPG, 'back.jpg');
    expect(last.json.data.kyc.status).toBe('WAITING_DATA');
    expect(last.json.data.kycDocumentList[1].extension).toBe('jpg');
    const [webhook] = await receiver.waitFor(hook);
    expect(webhook.data).toEqual({ customerId, kycStatus: 'APPROVED' });
    expect((await get(`/customer/kyc/status/${customerId}`)).json.data.kyc.status).toBe('APPROVED');
  });

  test('kyc/init: a repeat does not restart KYC; an APPROVED customer gets its bundle unchanged', async () => {
    const first = await post('/customer/kyc/init', { customerId: 'cstap_demoNoKyc1' });
    const again = await post('/customer/kyc/init', { customerId: 'cstap_demoNoKyc1' });
    expect(again.json.data.kycDocumentList).toEqual(first.json.data.kycDocumentList);
    const approved = await post('/customer/kyc/init', { customerId: 'cstap_demoApproved1' });
    expect(approved.status).toBe(200);
    expect(approved.json.data.kyc).toEqual({ attributeCodes: [], system: 'condor', mode: 'licenseUSACondor', status: 'APPROVED' });
    expect(approved.json.data.kycDocumentList.map((d: any) => d.uploadStatus)).toEqual([true, true]);
  });

  test('kyc/init refuses a bad body with requestValidateError', async () => {
    const { status, json } = await post('/customer/kyc/init', { customerId: 7, syncMode: 'yes' });
    expect(status).toBe(400);
    expect(json.code).toBe('requestValidateError');
    expect(json.context.map((i: any) => [i.instancePath, i.keyword])).toEqual([['/customerId', 'type'], ['/syncMode', 'type']]);
  });

  test('a repeat upload replaces the previous file while KYC waits', async () => {
    const customerId = 'cstap_demoWaitingData1';
    const { json } = await get(`/customer/kyc/status/${customerId}`);
    const front = json.data.kycDocumentList[0].id;
    expect((await upload(`/customer/kyc/upload/${customerId}/${front}`, PNG, 'a.png')).json.data.kycDocumentList[0].extension).toBe('png');
    const second = await upload(`/customer/kyc/upload/${customerId}/${front}`, PDF, 'a.pdf');
    expect(second.json.data.kycDocumentList[0]).toMatchObject({ uploadStatus: true, extension: 'pdf' });
    expect((await recorded(KYC_UPLOAD)).map((r: any) => r.files[0].type)).toEqual(['png', 'pdf']);
  });

  test('upload errors: customerNotFound, documentNotFound, statusNotWAITING_DATA, no token', async () => {
    const unknownCustomer = await upload('/customer/kyc/upload/cstap_nobody/doc_x', PNG, 'a.png');
    expect(unknownCustomer.status).toBe(400);
    expect(unknownCustomer.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'customerNotFound', context: { customerId: 'cstap_nobody' }, message: 'Customer not found.' });

    const unknownDocument = await upload('/customer/kyc/upload/cstap_demoWaitingData1/doc_nothing', PNG, 'a.png');
    expect(unknownDocument.status).toBe(400);
    expect(unknownDocument.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'documentNotFound', context: { documentId: 'doc_nothing' }, message: 'Document not found.' });

    const approved = await get('/customer/kyc/status/cstap_demoApproved1');
    const doc = approved.json.data.kycDocumentList[0].id;
    const late = await upload(`/customer/kyc/upload/cstap_demoApproved1/${doc}`, PNG, 'a.png');
    expect(late.status).toBe(400);
    expect(late.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'statusNotWAITING_DATA', message: 'Need WAITING_DATA status' });

    const anonymous = await sendForm(`/customer/kyc/upload/cstap_demoApproved1/${doc}`, form([{ bytes: PNG, name: 'a.png' }]), null);
    expect(anonymous.status).toBe(401);
  });

  test('upload body problems: no file, two files, not multipart, too large', async () => {
    const customerId = 'cstap_demoWaitingData1';
    const front = (await get(`/customer/kyc/status/${customerId}`)).json.data.kycDocumentList[0].id;
    const path = `/customer/kyc/upload/${customerId}/${front}`;
    const noFile = new FormData();
    noFile.append('note', 'no file here');
    expect((await sendForm(path, noFile)).json).toEqual({
      requestId: expect.stringMatching(HEX32), code: 'requestValidateError',
      context: [{ instancePath: '', schemaPath: '#/required', keyword: 'required', params: { missingProperty: 'file' }, message: "must have required property 'file'" }],
    });
    const two = await sendForm(path, form([{ bytes: PNG, name: 'a.png' }, { bytes: PDF, name: 'b.pdf' }]));
    expect(two.status).toBe(400);
    expect(two.json.context).toEqual([{ instancePath: '/file', schemaPath: '#/properties/file/maxItems', keyword: 'maxItems', params: { limit: 1 }, message: 'must NOT have more than 1 items' }]);
    const json = await sendForm(path, '{"file": "abc"}');
    expect(json.status).toBe(400);
    expect(json.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'requestValidateError', context: [] });
    expect((await get(`/customer/kyc/status/${customerId}`)).json.data.kycDocumentList[0].uploadStatus).toBe(false);

    const small = await startSimulator({ maxUploadBytes: 16 });
    try {
      const login = await fetch(`${small.url}/auth/get-token`, { method: 'POST', body: JSON.stringify({ user: { login: 'demo', password: 'demo-password' } }) });
      const tok = ((await login.json()) as any).data.token;
      const res = await fetch(`${small.url}/customer/kyc/upload/${customerId}/doc_LagW5C3whVeDp3fIVq041M`, {
        method: 'POST', headers: { 'x-connectfi-token': tok }, body: form([{ bytes: PNG, name: 'big.png' }]),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ requestId: expect.stringMatching(HEX32), code: 'fileTooLarge', context: { maxBytes: 16 }, message: 'File too large.' });
    } finally {
      await small.close();
    }
  });

  test('/customer/init errors: requestValidateError, referenceExists, customerExists', async () => {
    const invalid = await post('/customer/init', { reference: 'bad-ref', customerType: 'business', customer: { firstName: 'Ada' } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.context).toEqual([
      { instancePath: '/reference', schemaPath: '#/properties/reference/pattern', keyword: 'pattern', params: { pattern: '^[0-9a-zA-Z]+$' }, message: 'must match pattern "^[0-9a-zA-Z]+$"' },
      { instancePath: '/customerType', schemaPath: '#/properties/customerType/enum', keyword: 'enum', params: { allowedValues: ['individual'] }, message: 'must be equal to one of the allowed values' },
      { instancePath: '/customer', schemaPath: '#/properties/customer/required', keyword: 'required', params: { missingProperty: 'lastName' }, message: "must have required property 'lastName'" },
    ]);

    const person = { firstName: 'Ada', lastName: 'Tester', identificationDocuments: [{ type: 'SSN', value: '111223333' }] };
    const first = await post('/customer/init', { reference: 'dupRef1', customerType: 'individual', customer: person });
    const sameReference = await post('/customer/init', { reference: 'dupRef1', customerType: 'individual', customer: { firstName: 'B', lastName: 'C' } });
    expect(sameReference.status).toBe(400);
    expect(sameReference.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'referenceExists', context: { reference: 'dupRef1', entityId: first.json.data.customerId }, message: 'Reference exists.' });
    const sameSsn = await post('/customer/init', { reference: 'dupRef2', customerType: 'individual', customer: person });
    expect(sameSsn.status).toBe(400);
    expect(sameSsn.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'customerExists', context: { cFiAggregatorId: 'demo', customerId: first.json.data.customerId }, message: 'Customer exists.' });
  });
});

describe('akepa flow (/akepa/*)', () => {
  test('WaitReview from /customer/init: pending_step_up, documents, waiting_review, staff approval, one 7.4 webhook', async () => {
    const hook = newHookPath();
    const customerId = await initCustomer('WaitReview');
    const reference = newReference();
    const identified = await post('/akepa/identification', { reference, customerId, syncMode: null, webhookUrl: receiver.url(hook) });
    expect(identified.status).toBe(200);
    const applicationId = identified.json.data.applicationId;
    expect(identified.json).toEqual({
      code: '0',
      data: {
        applicationId: expect.stringMatching(/^iapp_[0-9A-Za-z]{22}$/), aggregatorId: 'demo', customerId, reference,
        status: 'pending_step_up', outcome: null,
        entityApplications: [{ entityId: customerId, isCustomer: true, status: 'pending_step_up', outcome: null }],
      },
      requestId: expect.stringMatching(HEX32),
    });

    const front = await generateLicense('Licence front');
    const back = await generateLicense('Licence back');
    expect(front).toMatch(/^adoc_[0-9A-Za-z]{22}$/);
    const uploaded = await upload(`/akepa/document/upload/${front}`, PNG, 'front.png', 'image/png');
    expect(uploaded.json).toEqual({ code: '0', data: { id: front, uploadStatus: true, extension: 'png' }, requestId: expect.stringMatching(HEX32) });
    await upload(`/akepa/document/upload/${back}`, PNG, 'back.png', 'image/png');

    const one = await post('/akepa/update', { customerId, applicationId, documents: [{ entityId: customerId, documentId: front }] });
    expect(one.json.data.status).toBe('pending_step_up'); // the back side is still missing
    const both = await post('/akepa/update', { customerId, applicationId, documents: [{ entityId: customerId, documentId: back }] });
    expect(both.json.data).toMatchObject({ status: 'waiting_review', outcome: null, entityApplications: [{ entityId: customerId, status: 'waiting_review' }] });
    expect((await post('/akepa/status', { customerId, applicationId })).json.data.status).toBe('waiting_review');
    expect(receiver.of(hook)).toEqual([]);

    const reviewed = await staffReview(customerId, applicationId, 'Approved');
    expect(reviewed.status).toBe(200);
    const [webhook] = await receiver.waitFor(hook);
    expect(webhook).toEqual({
      code: '0',
      data: {
        applicationId, aggregatorId: 'demo', customerId, reference, status: 'completed', outcome: 'Approved',
        entityApplications: [{ entityId: customerId, isCustomer: true, status: 'completed', outcome: 'approved' }],
      },
      requestId: expect.stringMatching(HEX32),
    });
    const status = await post('/akepa/status', { customerId, applicationId });
    expect(status.json.data).toEqual(webhook.data);
    expect((await statsWhen((s) => s.webhooks.sent === 1)).webhooks).toEqual({ sent: 1, dropped: 0, failed: 0 });
    expect(receiver.of(hook)).toHaveLength(1);

    const tooLate = await post('/akepa/update', { customerId, applicationId, documents: [{ entityId: customerId, documentId: front }] });
    expect(tooLate.status).toBe(400);
    expect(tooLate.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'statusApplicationEntity', message: expect.any(String) });
  });

  test('staff denial: completed / Denied, entity denied, webhook to webhookURL', async () => {
    const hook = newHookPath();
    const customerId = 'cstap_demoWaitReview1';
    const applicationId = await applicationInReview(customerId, hook);
    expect((await staffReview(customerId, applicationId, 'Denied')).status).toBe(200);
    const [webhook] = await receiver.waitFor(hook);
    expect(webhook.data).toMatchObject({ status: 'completed', outcome: 'Denied', entityApplications: [{ status: 'completed', outcome: 'denied' }] });
  });

  test('without the trigger: completed / Approved in the answer itself, and no webhook', async () => {
    const hook = newHookPath();
    const customerId = await initCustomer('Tester');
    const { status, json } = await identify(customerId, { webhookURL: receiver.url(hook) });
    expect(status).toBe(200);
    expect(json.data).toMatchObject({ status: 'completed', outcome: 'Approved', entityApplications: [{ entityId: customerId, isCustomer: true, status: 'completed', outcome: 'approved' }] });
    expect((await post('/akepa/status', { customerId, applicationId: json.data.applicationId })).json.data.status).toBe('completed');
    // A later asynchronous change to the same URL is the first and only webhook that arrives there.
    const reviewed = await applicationInReview('cstap_demoWaitReview1', hook);
    await staffReview('cstap_demoWaitReview1', reviewed, 'Approved');
    expect((await receiver.waitFor(hook)).map((w) => w.data.applicationId)).toEqual([reviewed]);
  });

  test('identification errors: requestValidateError, customerNotFound, referenceExists', async () => {
    const extra = await post('/akepa/identification', { reference: 'r1', customerId: 'cstap_demoNoKyc1', someAdditionalProperty: 1 });
    expect(extra.status).toBe(400);
    expect(extra.json).toEqual({
      requestId: expect.stringMatching(HEX32), code: 'requestValidateError',
      context: [{ instancePath: '', schemaPath: '#/additionalProperties', keyword: 'additionalProperties', params: { additionalProperty: 'someAdditionalProperty' }, message: 'must NOT have additional properties' }],
    });
    const missing = await post('/akepa/identification', { webhookURL: '<script>' });
    expect(missing.json.context.map((i: any) => [i.instancePath, i.keyword, i.params])).toEqual([
      ['', 'required', { missingProperty: 'reference' }],
      ['', 'required', { missingProperty: 'customerId' }],
      ['/webhookURL', 'pattern', { pattern: '^((?![<>]).)*$' }],
    ]);
    const hyphen = await post('/akepa/identification', { reference: 'r1', customerId: 'csta-6TqoA6HtSItCANO1KT0W7u' });
    expect(hyphen.json.context).toEqual([
      { instancePath: '/customerId', schemaPath: '#/properties/customerId/pattern', keyword: 'pattern', params: { pattern: '^[0-9a-zA-Z_]+$' }, message: 'must match pattern "^[0-9a-zA-Z_]+$"' },
    ]);

    const nobody = await post('/akepa/identification', { reference: 'r1', customerId: 'cstap_nobody' });
    expect(nobody.status).toBe(400);
    expect(nobody.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'customerNotFound', context: { customerId: 'cstap_nobody' }, message: 'Customer not found.' });

    const first = await post('/akepa/identification', { reference: 'sameRef', customerId: 'cstap_demoNoKyc1' });
    const again = await post('/akepa/identification', { reference: 'sameRef', customerId: 'cstap_demoNoKyc1' });
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'referenceExists', context: { reference: 'sameRef', entityId: first.json.data.applicationId }, message: 'Reference exists.' });
  });

  test('status errors: applicationNotFound (404), another customer\'s application, customerNotFound, requestValidateError', async () => {
    const unknown = await post('/akepa/status', { customerId: 'cstap_demoNoKyc1', applicationId: 'iapp_nothing' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'applicationNotFound', context: { applicationId: 'iapp_nothing' }, message: 'Application not found.' });
    const theirs = (await identify('cstap_demoWaitingData1')).json.data.applicationId;
    const foreign = await post('/akepa/status', { customerId: 'cstap_demoNoKyc1', applicationId: theirs });
    expect(foreign.status).toBe(404);
    expect(foreign.json.context).toEqual({ applicationId: theirs });
    const nobody = await post('/akepa/status', { customerId: 'cstap_nobody', applicationId: theirs });
    expect(nobody.status).toBe(400);
    expect(nobody.json.code).toBe('customerNotFound');
    const invalid = await post('/akepa/status', { customerId: 'cstap_demoNoKyc1' });
    expect(invalid.json.context).toEqual([
      { instancePath: '', schemaPath: '#/required', keyword: 'required', params: { missingProperty: 'applicationId' }, message: "must have required property 'applicationId'" },
    ]);
  });

  test('document/generate validation: enums, lengths, blank name, note, email format, unknown fields', async () => {
    const ok = await post('/akepa/document/generate', { workflow: 'BUSINESS', name: 'Utility bill', extension: 'jpg', type: 'utility', note: null, note_author_agent_email: 'agent@example.com' });
    expect(ok.json).toEqual({ code: '0', data: { id: expect.stringMatching(/^adoc_/), uploadStatus: false }, requestId: expect.stringMatching(HEX32) });

    const bad = await post('/akepa/document/generate', {
      workflow: 'FAMILY', name: 'x'.repeat(51), extension: 'pdf', type: 'selfie', note: 'n'.repeat(501), note_author_agent_email: 'not-an-email', color: 'red',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('requestValidateError');
    expect(bad.json.context.map((i: any) => [i.instancePath, i.keyword])).toEqual([
      ['', 'additionalProperties'],
      ['/workflow', 'enum'],
      ['/name', 'maxLength'],
      ['/extension', 'enum'],
      ['/type', 'enum'],
      ['/note', 'maxLength'],
      ['/note_author_agent_email', 'format'],
    ]);
    expect(bad.json.context[6]).toEqual({
      instancePath: '/note_author_agent_email', schemaPath: '#/properties/note_author_agent_email/format', keyword: 'format', params: { format: 'email' }, message: 'must match format "email"',
    });
    const blank = await post('/akepa/document/generate', { workflow: 'PERSONAL', name: '   ', extension: 'png', type: 'license' });
    expect(blank.json.context.map((i: any) => [i.instancePath, i.keyword])).toEqual([['/name', 'pattern']]);
    const empty = await post('/akepa/document/generate', {});
    expect(empty.json.context.map((i: any) => i.params.missingProperty)).toEqual(['workflow', 'name', 'extension', 'type']);
  });

  test('document/upload: documentNotFound, content not matching the declared extension, jpg accepted, repeat overwrites', async () => {
    const unknown = await upload('/akepa/document/upload/adoc_nothing', PNG, 'a.png');
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'documentNotFound', context: { documentId: 'adoc_nothing' }, message: 'Document not found.' });

    const png = await generateLicense();
    const mismatch = await upload(`/akepa/document/upload/${png}`, PDF, 'scan.png', 'image/png');
    expect(mismatch.status).toBe(400);
    expect(mismatch.json).toEqual({
      requestId: expect.stringMatching(HEX32), code: 'fileTypeMismatch', context: { documentId: png, extension: 'png', detectedType: 'pdf' }, message: expect.any(String),
    });
    const jpg = (await post('/akepa/document/generate', { workflow: 'PERSONAL', name: 'Passport', extension: 'jpg', type: 'passport' })).json.data.id;
    expect((await upload(`/akepa/document/upload/${jpg}`, JPG, 'passport.jpg')).json.data).toEqual({ id: jpg, uploadStatus: true, extension: 'jpg' });
    expect((await upload(`/akepa/document/upload/${jpg}`, JPG, 'passport2.jpg')).status).toBe(200);
    expect((await recorded(AKEPA_UPLOAD)).map((r: any) => [r.documentId, r.files[0].filename, r.files[0].type])).toEqual([
      ['adoc_nothing', 'a.png', 'png'], [png, 'scan.png', 'pdf'], [jpg, 'passport.jpg', 'jpg'], [jpg, 'passport2.jpg', 'jpg'],
    ]);
    const noFile = await sendForm(`/akepa/document/upload/${jpg}`, new FormData());
    expect(noFile.json.code).toBe('requestValidateError');
  });

  test('update errors: applicationNotFound, customerNotFound, entityNotFound, documentNotFound, fileNotFound, requestValidateError; all or nothing', async () => {
    const customerId = 'cstap_demoWaitReview1';
    const applicationId = (await identify(customerId)).json.data.applicationId;
    const front = await generateLicense();
    const back = await generateLicense();
    await upload(`/akepa/document/upload/${front}`, PNG, 'front.png');
    const doc = (documentId: string, entityId = customerId) => ({ entityId, documentId });
    const update = (documents: unknown[], appId = applicationId, cust = customerId) => post('/akepa/update', { customerId: cust, applicationId: appId, documents });

    const noApp = await update([doc(front)], 'iapp_nothing');
    expect(noApp.status).toBe(404);
    expect(noApp.json).toMatchObject({ code: 'applicationNotFound', context: { applicationId: 'iapp_nothing' } });
    expect((await update([doc(front)], applicationId, 'cstap_nobody')).json).toMatchObject({ code: 'customerNotFound', context: { customerId: 'cstap_nobody' } });
    const entity = await update([doc(front, 'cstap_demoNoKyc1')]);
    expect(entity.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'entityNotFound', context: { entityId: 'cstap_demoNoKyc1' }, message: expect.any(String) });
    const missingDoc = await update([doc('adoc_nothing')]);
    expect(missingDoc.status).toBe(400);
    expect(missingDoc.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'documentNotFound', context: { documentId: 'adoc_nothing' }, message: 'Document not found.' });
    const notUploaded = await update([doc(front), doc(back)]);
    expect(notUploaded.status).toBe(400);
    expect(notUploaded.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'fileNotFound', message: expect.any(String) });

    const invalid = await update([{ entityId: customerId }, 'x']);
    expect(invalid.json.context).toEqual([
      { instancePath: '/documents/0', schemaPath: '#/properties/documents/items/required', keyword: 'required', params: { missingProperty: 'documentId' }, message: "must have required property 'documentId'" },
      { instancePath: '/documents/1', schemaPath: '#/properties/documents/items/type', keyword: 'type', params: { type: 'object' }, message: 'must be object' },
    ]);
    expect((await update([])).json.context[0]).toMatchObject({ instancePath: '/documents', keyword: 'minItems' });

    // The refused update attached nothing: with only the back side attached now, the front is still missing.
    await upload(`/akepa/document/upload/${back}`, PNG, 'back.png');
    expect((await update([doc(back)])).json.data.status).toBe('pending_step_up');
    expect((await update([doc(front)])).json.data.status).toBe('waiting_review');
  });

  test('update on an application completed in the identification answer: statusApplicationEntity', async () => {
    const customerId = 'cstap_demoWaitingData1';
    const applicationId = (await identify(customerId)).json.data.applicationId;
    const id = await generateLicense();
    await upload(`/akepa/document/upload/${id}`, PNG, 'l.png');
    const { status, json } = await post('/akepa/update', { customerId, applicationId, documents: [{ entityId: customerId, documentId: id }] });
    expect(status).toBe(400);
    expect(json.code).toBe('statusApplicationEntity');
    expect(json.context).toBeUndefined();
  });

  test('extAkepa through fault injection: answered instead of doing the operation', async () => {
    await control('faults', { faults: [{ kind: 'extAkepa', route: 'POST /akepa/identification', times: 1 }] });
    const reference = newReference();
    const failed = await post('/akepa/identification', { reference, customerId: 'cstap_demoNoKyc1' });
    expect(failed.status).toBe(400);
    expect(failed.json).toEqual({ requestId: expect.stringMatching(HEX32), code: 'extAkepa', message: expect.any(String) });
    expect((await post('/akepa/identification', { reference, customerId: 'cstap_demoNoKyc1' })).status).toBe(200); // nothing was created
    expect((await stats()).faultsInjected).toEqual({ extAkepa: 1 });
  });
});

describe('webhooks', () => {
  test('drop fault: counted as dropped and never delivered; the next one after switching back arrives', async () => {
    const hook = newHookPath();
    const customerId = 'cstap_demoWaitReview1';
    expect((await control('webhooks', { drop: true })).status).toBe(200);
    const dropped = await applicationInReview(customerId, hook);
    expect((await staffReview(customerId, dropped, 'Approved')).status).toBe(200);
    expect((await stats()).webhooks).toEqual({ sent: 0, dropped: 1, failed: 0 });

    expect((await control('webhooks', { drop: false })).status).toBe(200);
    const delivered = await applicationInReview(customerId, hook);
    await staffReview(customerId, delivered, 'Approved');
    expect((await receiver.waitFor(hook)).map((w) => w.data.applicationId)).toEqual([delivered]);
    expect((await statsWhen((s) => s.webhooks.sent === 1)).webhooks).toEqual({ sent: 1, dropped: 1, failed: 0 });
  });

  test('unreachable or invalid URL: counted as failed, nothing breaks', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const customerId = 'cstap_demoWaitReview1';
    const refused = (await identify(customerId, { webhookURL: `http://127.0.0.1:${port}/hook` })).json.data.applicationId;
    const garbage = (await identify(customerId, { webhookURL: 'not a url' })).json.data.applicationId;
    for (const applicationId of [refused, garbage]) {
      const documents = [];
      for (const side of ['front', 'back']) {
        const id = await generateLicense(side);
        await upload(`/akepa/document/upload/${id}`, PNG, `${side}.png`);
        documents.push({ entityId: customerId, documentId: id });
      }
      await post('/akepa/update', { customerId, applicationId, documents });
      expect((await staffReview(customerId, applicationId, 'Approved')).status).toBe(200);
    }
    expect((await statsWhen((s) => s.webhooks.failed === 2)).webhooks).toEqual({ sent: 0, dropped: 0, failed: 2 });
    expect((await post('/akepa/status', { customerId, applicationId: refused })).json.data.status).toBe('completed');
  });

  test('a receiver that does not answer never holds up the request that caused the webhook', async () => {
    const hook = newHookPath();
    receiver.holdPath = hook;
    try {
      const customerId = 'cstap_demoWaitReview1';
      const applicationId = await applicationInReview(customerId, hook);
      expect((await staffReview(customerId, applicationId, 'Approved')).status).toBe(200); // answered while...
      await receiver.waitFor(hook);
      expect((await stats()).webhooks.sent).toBe(0); // ...the receiver still has not answered
      receiver.release();
      expect((await statsWhen((s) => s.webhooks.sent === 1)).webhooks.sent).toBe(1);
    } finally {
      receiver.holdPath = undefined;
      receiver.release();
    }
  });
});

describe('uploads: bytes and faults', () => {
  async function akepaDocument(): Promise<string> {
    return generateLicense();
  }

  const isUploaded = async (documentId: string) =>
    (await post('/akepa/update', { customerId: 'cstap_demoWaitReview1', applicationId: (await identify('cstap_demoWaitReview1')).json.data.applicationId, documents: [{ entityId: 'cstap_demoWaitReview1', documentId }] })).status === 200;

  test('bytesReceived: zero per upload route until a body arrives, then exactly its length', async () => {
    expect((await stats()).bytesReceived).toEqual({ [KYC_UPLOAD]: 0, [AKEPA_UPLOAD]: 0 });
    const id = await akepaDocument();
    const { bytes, contentType } = await encoded(form([{ bytes: PNG, name: 'front.png' }]));
    const res = await fetch(`${sim.url}/akepa/document/upload/${id}`, { method: 'POST', headers: { 'content-type': contentType, 'x-connectfi-token': token }, body: bytes });
    expect(res.status).toBe(200);
    expect((await stats()).bytesReceived).toEqual({ [KYC_UPLOAD]: 0, [AKEPA_UPLOAD]: bytes.length });
  });

  test('status fault on an upload: answered, file not kept', async () => {
    const id = await akepaDocument();
    await control('faults', { faults: [{ kind: 'status', status: 503, route: AKEPA_UPLOAD, times: 1 }] });
    expect((await upload(`/akepa/document/upload/${id}`, PNG, 'a.png')).status).toBe(503);
    expect(await isUploaded(id)).toBe(false);
    expect((await stats()).bytesReceived[AKEPA_UPLOAD]).toBeGreaterThan(PNG.length);
  });

  test('reset after the body: connection dropped, file not kept, upload recorded', async () => {
    const customerId = 'cstap_demoWaitingData1';
    const front = (await get(`/customer/kyc/status/${customerId}`)).json.data.kycDocumentList[0].id;
    await control('faults', { faults: [{ kind: 'reset', route: KYC_UPLOAD }] });
    const { bytes, contentType } = await encoded(form([{ bytes: PNG, name: 'front.png' }]));
    const sent = fetch(`${sim.url}/customer/kyc/upload/${customerId}/${front}`, { method: 'POST', headers: { 'content-type': contentType, 'x-connectfi-token': token }, body: bytes });
    await expect(sent).rejects.toThrow();
    expect((await get(`/customer/kyc/status/${customerId}`)).json.data.kycDocumentList[0].uploadStatus).toBe(false);
    const s = await stats();
    expect(s.bytesReceived[KYC_UPLOAD]).toBe(bytes.length);
    expect(s.faultsInjected).toEqual({ reset: 1 });
    expect(await recorded(KYC_UPLOAD)).toEqual([{ customerId, documentId: front, files: [{ filename: 'front.png', mimeType: 'application/octet-stream', size: PNG.length, type: 'png' }] }]);
  });

  test('reset mid-stream (afterBytes): cut while receiving, nothing recorded or kept', async () => {
    const id = await akepaDocument();
    const big = Buffer.concat([PNG.subarray(0, 8), Buffer.alloc(512 * 1024, 7)]);
    const { bytes, contentType } = await encoded(form([{ bytes: big, name: 'big.png' }]));
    await control('faults', { faults: [{ kind: 'reset', route: AKEPA_UPLOAD, afterBytes: 1000, times: 1 }] });
    const sent = fetch(`${sim.url}/akepa/document/upload/${id}`, { method: 'POST', headers: { 'content-type': contentType, 'x-connectfi-token': token }, body: bytes });
    await expect(sent).rejects.toThrow();
    const s = await statsWhen((x) => x.inFlight === 0);
    expect(s.inFlight).toBe(0);
    expect(s.bytesReceived[AKEPA_UPLOAD]).toBeGreaterThanOrEqual(1000);
    expect(s.bytesReceived[AKEPA_UPLOAD]).toBeLessThan(bytes.length);
    expect(s.responses[AKEPA_UPLOAD]).toEqual({}); // counted as a request, never answered
    expect(await recorded(AKEPA_UPLOAD)).toEqual([]);
    expect(await isUploaded(id)).toBe(false);
  });

  test('truncate on an upload: the file is kept, the answer is cut short', async () => {
    const id = await akepaDocument();
    await control('faults', { faults: [{ kind: 'truncate', route: AKEPA_UPLOAD, times: 1 }] });
    const res = await fetch(`${sim.url}/akepa/document/upload/${id}`, { method: 'POST', headers: { 'x-connectfi-token': token }, body: form([{ bytes: PNG, name: 'a.png' }]) });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(await isUploaded(id)).toBe(true);
  });

  test('rules without a route hit the new routes too', async () => {
    await control('faults', { faults: [{ kind: 'status', status: 502 }] });
    expect((await post('/customer/init', { reference: 'x1', customerType: 'individual', customer: { firstName: 'A', lastName: 'B' } })).status).toBe(502);
    expect((await identify('cstap_demoNoKyc1')).status).toBe(502);
    expect((await upload('/akepa/document/upload/adoc_x', PNG, 'a.png')).status).toBe(502);
    expect((await upload('/customer/kyc/upload/cstap_demoWaitingData1/doc_x', PNG, 'a.png')).status).toBe(502);
    expect((await stats()).faultsInjected).toEqual({ status: 4 });
  });

  test('afterBytes is refused on rules other than reset', async () => {
    const { status, json } = await control('faults', { faults: [{ kind: 'status', afterBytes: 10 }] });
    expect(status).toBe(400);
    expect(json.message).toMatch(/afterBytes/);
  });
});

describe('demo customers and control API', () => {
  test('two new demo customers, the first three unchanged', async () => {
    expect(sim.demoCustomers.map((c) => c.customerId)).toEqual([
      'cstap_demoWaitingData1', 'cstap_demoWaitingData2', 'cstap_demoApproved1', 'cstap_demoNoKyc1', 'cstap_demoWaitReview1',
    ]);
    const fresh = await get('/customer/kyc/status/cstap_demoNoKyc1');
    expect(fresh.json.data.kycDocumentList).toEqual([]);
    expect((await identify('cstap_demoWaitReview1')).json.data.status).toBe('pending_step_up');
    expect((await identify('cstap_demoNoKyc1')).json.data.status).toBe('completed');
  });

  test('/__sim/customers with lastName WaitReview makes trigger customers', async () => {
    const { json } = await control('customers', { count: 2, prefix: 'wr', lastName: 'WaitReview' });
    expect(json.customerIds).toEqual(['cstap_wr1', 'cstap_wr2']);
    expect((await identify('cstap_wr2')).json.data.status).toBe('pending_step_up');
  });

  test('review controls refuse what is not waiting for review', async () => {
    expect((await control('kyc/review', { customerId: 'cstap_demoWaitingData1' })).status).toBe(400); // nothing uploaded yet
    expect((await control('kyc/review', { customerId: 'cstap_nobody' })).status).toBe(400);
    const pending = (await identify('cstap_demoWaitReview1')).json.data.applicationId;
    expect((await staffReview('cstap_demoWaitReview1', pending, 'Approved')).status).toBe(400);
    expect((await staffReview('cstap_demoWaitReview1', pending, 'Maybe')).status).toBe(400);
    expect((await control('kyc/review-delay', { delayMs: -1 })).status).toBe(400);
    expect((await control('webhooks', { drop: 'yes' })).status).toBe(400);
  });

  test('reset forgets applications, documents and customers from /customer/init, and zeroes the new counters', async () => {
    const customerId = await initCustomer('WaitReview');
    const applicationId = (await identify('cstap_demoWaitReview1')).json.data.applicationId;
    const documentId = await generateLicense();
    await control('webhooks', { drop: true });
    await control('reset');
    expect((await post('/akepa/status', { customerId: 'cstap_demoWaitReview1', applicationId })).status).toBe(404);
    const s = await stats();
    expect(s.webhooks).toEqual({ sent: 0, dropped: 0, failed: 0 });
    expect(s.bytesReceived).toEqual({ [KYC_UPLOAD]: 0, [AKEPA_UPLOAD]: 0 });
    expect((await upload(`/akepa/document/upload/${documentId}`, PNG, 'a.png')).json.code).toBe('documentNotFound');
    expect((await get(`/customer/kyc/status/${customerId}`)).json.code).toBe('customerNotFound');
  });
});
