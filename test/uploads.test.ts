// POST /uploads/<token> over real HTTP, gateway ⇄ simulator: both flows, every refusal before connectFi (zero
// bytes reach it), single use (also across instances through Redis), uploads cut or too large mid-stream (connectFi's
// request aborted, never completed), connectFi's faults and refusals, CORS, and both transports.
import { request } from 'node:http';
import type { Redis } from 'ioredis';
import { UploadTargets, type UploadGrant } from '../src/uploads/targets.js';
import { REDIS_URL, deleteUnder, keysUnder, randomPrefix, requireRedis } from './helpers/redis.js';
import { startStack, type Stack } from './helpers/stack.js';
import {
  AKEPA_UPLOAD, GIF, JPG, KYC_UPLOAD, PDF, PNG, SimulatorApi, bigPng, formBody, post, postChunked, settledStats, upload, uploadStats,
} from './helpers/uploads.js';
import { waitUntil } from './helpers/wait.js';

const SECRET = 'upload-test-secret-0123456789abcdef';
const MAX = 256 * 1024;
const TIMEOUT_MS = 2000;
const STALL_MS = 3000;
const APP = 'https://app.example.com';
const WAITING = 'cstap_demoWaitingData1';
const APPROVED = 'cstap_demoApproved1';

function stackEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { GATEWAY_UPLOAD_SECRET: SECRET, UPLOAD_MAX_BYTES: String(MAX), CONNECTFI_TIMEOUT_MS: String(TIMEOUT_MS), CORS_ORIGINS: APP, ...extra };
}

/** Signs upload URLs as the gateway's resolvers do (same secret), for `gatewayUrl`. */
function targets(gatewayUrl: string, now?: () => number): UploadTargets {
  return new UploadTargets(SECRET, { ttlS: 600, maxBytes: MAX, baseUrl: () => gatewayUrl, now });
}

type Grant = Omit<UploadGrant, 'expiresAt' | 'nonce'>;

/** Both upload routes at the simulator: body bytes that reached it, and requests. */
async function uploadTotals(stack: Stack): Promise<{ bytes: number; requests: number }> {
  const stats = await uploadStats(stack.sim);
  const bytes = stats.bytesReceived[KYC_UPLOAD] + stats.bytesReceived[AKEPA_UPLOAD];
  return { bytes, requests: (stats.requests[KYC_UPLOAD] ?? 0) + (stats.requests[AKEPA_UPLOAD] ?? 0) };
}

const errorOf = (code: string, outcome: string, retryable: boolean) =>
  ({ error: { code, message: expect.any(String), outcome, retryable, ...(code.startsWith('UPLOAD_') ? {} : { requestId: expect.anything() }) } });

// First, so ioredis's 2 s disconnect timer for the never-connected socket is over before the file ends.
describe('uploads: a gateway whose Redis is unreachable', () => {
  it('refuses uploads (503, NOT_APPLIED, retryable) before connectFi sees a byte', async () => {
    const stack = await startStack({ env: stackEnv({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_KEY_PREFIX: randomPrefix() }) });
    try {
      const url = targets(stack.gateway.url).issue({ flow: 'kyc', customerId: WAITING, documentId: 'doc_x' }).url;
      expect(await upload(url, PNG, 'a.png')).toMatchObject({ status: 503, json: errorOf('UPLOAD_UNAVAILABLE', 'NOT_APPLIED', true) });
      expect(await uploadTotals(stack)).toEqual({ bytes: 0, requests: 0 });
    } finally {
      await stack.close();
    }
  });
});

describe.each(['undici', 'node-fetch'])('uploads through the gateway (%s)', (client) => {
  let stack: Stack;
  let api: SimulatorApi;
  let urls: UploadTargets;
  beforeAll(async () => {
    stack = await startStack({ env: stackEnv({ CONNECTFI_HTTP_CLIENT: client }) });
    api = new SimulatorApi(stack.simulator.url);
    urls = targets(stack.gateway.url);
  });
  afterAll(() => stack.close());
  beforeEach(async () => {
    await stack.sim.reset();
    stack.logLines.length = 0;
  });

  const kycTarget = async (customerId = WAITING, index = 0) => {
    const documentId = (await api.kycDocuments(customerId))[index].id;
    return { ...urls.issue({ flow: 'kyc', customerId, documentId }), customerId };
  };

  it('takes a PNG and a PDF on the kyc flow: the documents then read uploadStatus true; connectFi gets the gateway\'s file name', async () => {
    const front = await kycTarget(WAITING, 0);
    const back = await kycTarget(WAITING, 1);
    // An Authorization header is ignored: the token in the URL is the credential.
    const first = await upload(front.url, PNG, 'Jane-Doe-passport.png', { authorization: 'Bearer not-a-key' });
    expect(first).toMatchObject({ status: 200, json: { documentId: front.documentId, uploadStatus: true } });
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect((await upload(back.url, PDF, 'Jane-Doe-bill.pdf')).json).toEqual({ documentId: back.documentId, uploadStatus: true });

    expect((await api.kycDocuments(WAITING)).map((d) => [d.uploadStatus, d.extension])).toEqual([[true, 'png'], [true, 'pdf']]);
    const recorded = await stack.sim.requests(KYC_UPLOAD);
    expect(recorded.map((r) => r.files)).toEqual([
      [{ filename: 'document.png', mimeType: 'image/png', size: PNG.length, type: 'png' }],
      [{ filename: 'document.pdf', mimeType: 'application/pdf', size: PDF.length, type: 'pdf' }],
    ]);
    // One log line per upload; neither the token nor the file name anywhere in the logs.
    const lines = stack.logLines.map((line) => JSON.parse(line)).filter((line) => line.event === 'upload');
    expect(lines).toEqual([
      expect.objectContaining({ flow: 'kyc', documentId: front.documentId, bytes: PNG.length, type: 'png', connectFiStatus: 200, result: 'ok' }),
      expect.objectContaining({ flow: 'kyc', documentId: back.documentId, bytes: PDF.length, type: 'pdf', connectFiStatus: 200, result: 'ok' }),
    ]);
    const logs = stack.logLines.join('\n');
    for (const secret of [front.url.split('/uploads/')[1], back.url.split('/uploads/')[1], 'Jane-Doe']) expect(logs).not.toContain(secret);
  });

  it('takes a JPG and a PNG on the akepa flow, each into a document of its declared extension', async () => {
    const jpg = await api.akepaDocument('jpg');
    const png = await api.akepaDocument('png');
    const jpgUrl = urls.issue({ flow: 'akepa', customerId: 'cstap_demoWaitReview1', documentId: jpg, extension: 'jpg' }).url;
    const pngUrl = urls.issue({ flow: 'akepa', customerId: 'cstap_demoWaitReview1', documentId: png, extension: 'png' }).url;
    expect((await upload(jpgUrl, JPG, 'a.jpg')).json).toEqual({ documentId: jpg, uploadStatus: true });
    expect((await upload(pngUrl, PNG, 'b.png')).json).toEqual({ documentId: png, uploadStatus: true });
    expect((await stack.sim.requests(AKEPA_UPLOAD)).map((r) => [r.documentId, r.files[0].type])).toEqual([[jpg, 'jpg'], [png, 'png']]);
  });

  it('takes a file of exactly UPLOAD_MAX_BYTES, whole', async () => {
    const target = await kycTarget();
    expect((await upload(target.url, bigPng(MAX), 'max.png')).status).toBe(200);
    expect((await stack.sim.requests(KYC_UPLOAD))[0].files[0].size).toBe(MAX);
  });

  it('cuts connectFi\'s request when a file goes over the limit mid-stream (chunked, no Content-Length): 413, nothing stored', async () => {
    const target = await kycTarget();
    const { bytes, contentType } = await formBody([{ bytes: bigPng(3 * MAX), name: 'big.png' }]);
    const answer = await postChunked(target.url, contentType, bytes);
    expect(answer).toEqual({ status: 413, json: errorOf('UPLOAD_TOO_LARGE', 'NOT_APPLIED', false) });
    const sent = await settledStats(stack.sim);
    expect(sent.bytesReceived[KYC_UPLOAD]).toBeGreaterThan(0); // it was streaming...
    expect(sent.bytesReceived[KYC_UPLOAD]).toBeLessThan(MAX + 64 * 1024); // ...and stopped at the limit
    expect(sent.responses[KYC_UPLOAD]).toEqual({}); // never a complete request connectFi could answer
    expect(await stack.sim.requests(KYC_UPLOAD)).toEqual([]);
    expect((await api.kycDocuments(WAITING))[0].uploadStatus).toBe(false);
  });

  it('answers UNKNOWN when connectFi cuts the connection mid-upload (reset afterBytes); the URL can be used again', async () => {
    const target = await kycTarget();
    const file = bigPng(100 * 1024);
    await stack.sim.faults([{ kind: 'reset', route: KYC_UPLOAD, afterBytes: 1000, times: 1 }]);
    const cut = await upload(target.url, file, 'big.png');
    expect(cut).toMatchObject({ status: 502, json: { error: { code: 'UPSTREAM_CONNECTION_LOST', outcome: 'UNKNOWN', retryable: true } } });
    expect(await stack.sim.requests(KYC_UPLOAD)).toEqual([]);
    // A failed upload releases its URL: the repeat overwrites whatever connectFi may have kept.
    expect((await upload(target.url, file, 'big.png')).json).toEqual({ documentId: target.documentId, uploadStatus: true });
  });

  it('answers UNKNOWN after connectFi\'s timeout', async () => {
    const target = await kycTarget();
    await stack.sim.faults([{ kind: 'latency', route: KYC_UPLOAD, latencyMs: 2 * TIMEOUT_MS, times: 1 }]);
    const late = await upload(target.url, PNG, 'a.png');
    expect(late).toMatchObject({ status: 504, json: { error: { code: 'UPSTREAM_TIMEOUT', outcome: 'UNKNOWN', retryable: true } } });
  });
});

describe('uploads: refusals, single use, faults and refusals from connectFi', () => {
  let stack: Stack;
  let api: SimulatorApi;
  let urls: UploadTargets;
  beforeAll(async () => {
    // connectFi's own limit below the gateway's, so its fileTooLarge can be met. A longer pause limit, so a client
    // going away is seen to be noticed at once, not when its silence runs out.
    stack = await startStack({ env: stackEnv({ CONNECTFI_TIMEOUT_MS: String(STALL_MS) }), simulator: { maxUploadBytes: 128 * 1024 } });
    api = new SimulatorApi(stack.simulator.url);
    urls = targets(stack.gateway.url);
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sim.reset());

  const kycUrl = async (customerId = WAITING) => urls.issue({ flow: 'kyc', customerId, documentId: (await api.kycDocuments(customerId))[0].id }).url;
  const akepaUrl = async (extension: 'jpg' | 'png') =>
    urls.issue({ flow: 'akepa', customerId: 'cstap_demoWaitReview1', documentId: await api.akepaDocument(extension), extension }).url;

  describe('refused before connectFi sees a byte', () => {
    afterEach(async () => {
      expect(await uploadTotals(stack)).toEqual({ bytes: 0, requests: 0 });
    });

    it('a malformed, forged or expired token: 401 UPLOAD_TOKEN_INVALID', async () => {
      const good = await kycUrl();
      const forged = new UploadTargets('another-secret-0123456789abcdefghij', { ttlS: 600, maxBytes: MAX, baseUrl: () => stack.gateway.url });
      const grant: Grant = { flow: 'kyc', customerId: WAITING, documentId: 'doc_x' };
      const expired = targets(stack.gateway.url, () => Date.now() - 3_600_000).issue(grant).url;
      for (const url of [`${stack.gateway.url}/uploads/`, `${stack.gateway.url}/uploads/nonsense`, `${good}x`, forged.issue(grant).url, expired]) {
        const answer = await upload(url, PNG, 'a.png');
        expect(answer).toMatchObject({ status: 401, json: errorOf('UPLOAD_TOKEN_INVALID', 'NOT_APPLIED', false) });
      }
    });

    it('not multipart, no file, a file in another part, an empty file, two files: 400 UPLOAD_INVALID', async () => {
      const invalid = { status: 400, json: errorOf('UPLOAD_INVALID', 'NOT_APPLIED', false) };
      expect(await post(await kycUrl(), { bytes: Buffer.from('{"file":"x"}'), contentType: 'application/json' })).toMatchObject(invalid);
      expect(await post(await kycUrl(), await formBody([], { note: 'no file here' }))).toMatchObject(invalid);
      expect(await post(await kycUrl(), await formBody([{ bytes: PNG, field: 'document' }]))).toMatchObject(invalid);
      expect(await post(await kycUrl(), await formBody([{ bytes: Buffer.alloc(0) }]))).toMatchObject(invalid);
      expect(await post(await kycUrl(), await formBody([{ bytes: PNG }, { bytes: PNG }]))).toMatchObject(invalid);
    });

    it('content of another type than accepted (magic bytes, whatever the name or declared type): 415', async () => {
      const notAccepted = { status: 415, json: errorOf('UPLOAD_TYPE_NOT_ACCEPTED', 'NOT_APPLIED', false) };
      expect(await post(await kycUrl(), await formBody([{ bytes: GIF, name: 'a.png', type: 'image/png' }]))).toMatchObject(notAccepted);
      expect(await upload(await kycUrl(), Buffer.from('just text, not an image'), 'a.pdf')).toMatchObject(notAccepted);
      expect(await upload(await akepaUrl('jpg'), PNG, 'a.jpg')).toMatchObject(notAccepted); // akepa: exactly the declared type
      expect(await upload(await akepaUrl('png'), PDF, 'a.png')).toMatchObject(notAccepted); // PDF only on the kyc flow
    });

    it('a declared length over the limit: 413, the body not read', async () => {
      const answer = await upload(await kycUrl(), bigPng(2 * MAX), 'big.png');
      expect(answer).toMatchObject({ status: 413, json: errorOf('UPLOAD_TOO_LARGE', 'NOT_APPLIED', false) });
    });

    it('a used URL: 401 the second time', async () => {
      const url = await kycUrl();
      expect((await upload(url, PNG, 'a.png')).status).toBe(200);
      await stack.sim.reset(); // counters back to zero: the second attempt must add nothing
      expect(await upload(url, PNG, 'a.png')).toMatchObject({ status: 401, json: errorOf('UPLOAD_TOKEN_INVALID', 'NOT_APPLIED', false) });
    });
  });

  it('a file one byte over the limit with a declared length inside the framing allowance: 413 mid-stream, connectFi\'s request cut', async () => {
    const file = bigPng(MAX + 1);
    const answer = await upload(await kycUrl(), file, 'big.png');
    expect(answer).toMatchObject({ status: 413, json: errorOf('UPLOAD_TOO_LARGE', 'NOT_APPLIED', false) });
    const sent = await settledStats(stack.sim);
    expect(sent.bytesReceived[KYC_UPLOAD]).toBeGreaterThan(0);
    expect(sent.bytesReceived[KYC_UPLOAD]).toBeLessThan(file.length);
    expect(sent.responses[KYC_UPLOAD]).toEqual({});
    expect((await api.kycDocuments(WAITING))[0].uploadStatus).toBe(false);
  });

  it('a client that goes away mid-upload: connectFi\'s request is cut, nothing stored, and the URL still works', async () => {
    const url = await kycUrl();
    const { bytes, contentType } = await formBody([{ bytes: bigPng(MAX - 1024), name: 'big.png' }]);
    const req = request(url, { method: 'POST', headers: { 'content-type': contentType, 'content-length': bytes.length } });
    req.on('error', () => undefined);
    req.write(bytes.subarray(0, bytes.length >> 1));
    await waitUntil('bytes to reach the simulator', () => uploadStats(stack.sim), (s) => s.bytesReceived[KYC_UPLOAD] > 0);
    req.destroy();
    await waitUntil('the upload to be seen cut', () => stack.logLines.some((l) => l.includes('"result":"UPLOAD_INCOMPLETE"')), Boolean, { timeoutMs: STALL_MS / 2 });
    const sent = await settledStats(stack.sim);
    expect(sent.bytesReceived[KYC_UPLOAD]).toBeLessThan(bytes.length);
    expect(sent.responses[KYC_UPLOAD]).toEqual({});
    expect((await api.kycDocuments(WAITING))[0].uploadStatus).toBe(false);
    expect((await upload(url, PNG, 'a.png')).status).toBe(200);
  });

  it('a second file after a first one already streaming: 400, connectFi\'s request cut before its end', async () => {
    const { bytes, contentType } = await formBody([{ bytes: bigPng(MAX - 1024), name: 'a.png' }, { bytes: PNG, name: 'b.png' }]);
    const answer = await postChunked(await kycUrl(), contentType, bytes);
    expect(answer).toEqual({ status: 400, json: errorOf('UPLOAD_INVALID', 'NOT_APPLIED', false) });
    const sent = await settledStats(stack.sim);
    expect(sent.bytesReceived[KYC_UPLOAD]).toBeGreaterThan(0);
    expect(sent.responses[KYC_UPLOAD]).toEqual({});
    expect((await api.kycDocuments(WAITING))[0].uploadStatus).toBe(false);
  });

  it('a client that stalls longer than CONNECTFI_TIMEOUT_MS (the limit on each pause): 400 UPLOAD_INCOMPLETE, connectFi\'s request cut', async () => {
    const url = await kycUrl();
    const { bytes, contentType } = await formBody([{ bytes: bigPng(MAX - 1024), name: 'big.png' }]);
    const req = request(url, { method: 'POST', headers: { 'content-type': contentType, 'content-length': bytes.length } });
    const answered = new Promise<{ status: number; json: any }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      });
      req.on('error', reject);
    });
    req.write(bytes.subarray(0, bytes.length >> 1)); // and then nothing
    try {
      expect(await answered).toEqual({ status: 400, json: errorOf('UPLOAD_INCOMPLETE', 'NOT_APPLIED', true) });
    } finally {
      req.destroy();
    }
    const sent = await settledStats(stack.sim);
    expect(sent.bytesReceived[KYC_UPLOAD]).toBeGreaterThan(0);
    expect(sent.responses[KYC_UPLOAD]).toEqual({});
    expect((await upload(url, PNG, 'a.png')).status).toBe(200); // released
  });

  it('mid-stream refusals do not count as connectFi failures: the circuit stays closed', async () => {
    for (let i = 0; i < 6; i++) expect((await upload(await kycUrl(), bigPng(MAX + 1), 'big.png')).status).toBe(413);
    expect(await (await fetch(`${stack.gateway.url}/ready`)).json()).toEqual({ status: 'ready' });
    expect((await upload(await kycUrl(), PNG, 'a.png')).status).toBe(200);
  });

  it('connectFi\'s faults: 500 and a reset after the body answer UNKNOWN (retryable: the URL is released)', async () => {
    const url = await kycUrl();
    await stack.sim.faults([{ kind: 'status', status: 500, route: KYC_UPLOAD, times: 1 }]);
    expect(await upload(url, PNG, 'a.png')).toMatchObject({ status: 502, json: errorOf('UPSTREAM_SERVER_ERROR', 'UNKNOWN', true) });
    await stack.sim.faults([{ kind: 'reset', route: KYC_UPLOAD, times: 1 }]);
    expect(await upload(url, PNG, 'a.png')).toMatchObject({ status: 502, json: { error: { code: 'UPSTREAM_CONNECTION_LOST', outcome: 'UNKNOWN', retryable: true } } });
    expect((await upload(url, PNG, 'a.png')).status).toBe(200);
  });

  it('connectFi\'s refusals keep their code, NOT_APPLIED: documentNotFound, statusNotWAITING_DATA, fileTooLarge', async () => {
    const unknown = urls.issue({ flow: 'kyc', customerId: WAITING, documentId: 'doc_nothing' }).url;
    expect(await upload(unknown, PNG, 'a.png')).toMatchObject({ status: 422, json: errorOf('documentNotFound', 'NOT_APPLIED', false) });
    expect(await upload(await kycUrl(APPROVED), PNG, 'a.png')).toMatchObject({ status: 422, json: errorOf('statusNotWAITING_DATA', 'NOT_APPLIED', false) });
    expect(await upload(await kycUrl(), bigPng(200 * 1024), 'a.png')).toMatchObject({ status: 422, json: errorOf('fileTooLarge', 'NOT_APPLIED', false) });
  });

  it('connectFi refusing the gateway\'s token (401): NOT_APPLIED and retryable; the repeat logs in again and succeeds', async () => {
    const url = await kycUrl(); // reads the document with the test's own token, before they all expire
    await stack.sim.expireTokens();
    expect(await upload(url, PNG, 'a.png')).toMatchObject({ status: 502, json: errorOf('unauthorized', 'NOT_APPLIED', true) });
    expect((await upload(url, PNG, 'a.png')).status).toBe(200);
    api.forget();
  });

  it('answers an allowed origin\'s preflight on /uploads/<token>, and its upload with Access-Control-Allow-Origin', async () => {
    const url = await kycUrl();
    const preflight = await fetch(url, { method: 'OPTIONS', headers: { origin: APP, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(APP);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const answer = await upload(url, PNG, 'a.png', { origin: APP });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP);
    const other = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('counts uploads by flow and result in /metrics', async () => {
    await upload(await kycUrl(), PNG, 'a.png');
    await upload(`${stack.gateway.url}/uploads/nonsense`, PNG, 'a.png');
    const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    expect(text).toMatch(/^gateway_uploads_total\{flow="kyc",result="ok"\} [1-9]/m);
    expect(text).toMatch(/^gateway_uploads_total\{flow="none",result="UPLOAD_TOKEN_INVALID"\} [1-9]/m);
    expect(text).toMatch(/^connectfi_request_duration_seconds_count\{endpoint="POST \/customer\/kyc\/upload\/:customerId\/:documentId",status="200"\} [1-9]/m);
  });
});

describe('uploads: two at once with one URL', () => {
  let stack: Stack;
  let api: SimulatorApi;
  beforeAll(async () => {
    stack = await startStack({ env: stackEnv({ CONNECTFI_TIMEOUT_MS: '10000' }), proxy: true });
    api = new SimulatorApi(stack.simulator.url);
  });
  afterAll(() => stack.close());

  it('lets one reach connectFi: the other is refused 409 while it runs, and 401 once it succeeded', async () => {
    const documentId = (await api.kycDocuments(WAITING))[0].id;
    const url = targets(stack.gateway.url).issue({ flow: 'kyc', customerId: WAITING, documentId }).url;
    const route = `POST /customer/kyc/upload/${WAITING}/${documentId}`;
    stack.proxy!.hold(route);
    const first = upload(url, PNG, 'a.png');
    await stack.proxy!.waitForHeld(1);
    expect((await upload(url, PNG, 'a.png'))).toMatchObject({ status: 409, json: errorOf('UPLOAD_IN_PROGRESS', 'NOT_APPLIED', true) });
    stack.proxy!.release();
    expect((await first).status).toBe(200);
    expect((await upload(url, PNG, 'a.png')).status).toBe(401);
    expect(stack.proxy!.calls[route]).toBe(1);
  });
});

describe('uploads: single use shared through Redis', () => {
  let redis: Redis;
  const prefix = randomPrefix();
  let a: Stack;
  let b: Stack;
  beforeAll(async () => {
    redis = await requireRedis();
    const env = stackEnv({ REDIS_URL, REDIS_KEY_PREFIX: prefix });
    [a, b] = await Promise.all([startStack({ env }), startStack({ env })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await deleteUnder(redis, prefix);
    await redis.quit();
  });

  it('a URL used on one instance is refused on another; Redis holds a hash of the token, never the token', async () => {
    const documentId = (await new SimulatorApi(a.simulator.url).kycDocuments(WAITING))[0].id;
    const target = targets(a.gateway.url).issue({ flow: 'kyc', customerId: WAITING, documentId });
    const token = target.url.split('/uploads/')[1];
    expect((await upload(target.url, PNG, 'a.png')).status).toBe(200);
    const again = await upload(`${b.gateway.url}/uploads/${token}`, PNG, 'a.png');
    expect(again).toMatchObject({ status: 401, json: errorOf('UPLOAD_TOKEN_INVALID', 'NOT_APPLIED', false) });
    expect(await uploadTotals(b)).toEqual({ bytes: 0, requests: 0 });
    const keys = await keysUnder(redis, `${prefix}upload:`);
    expect(keys).toHaveLength(1);
    expect(await redis.get(keys[0])).toBe('used');
    expect(keys[0]).not.toContain(token.slice(0, 20));
    const ttl = await redis.pttl(keys[0]);
    expect(ttl).toBeGreaterThan(600_000); // the URL's lifetime and a margin for clocks
    expect(ttl).toBeLessThanOrEqual(900_000);
  });
});

describe('uploads: the whole journey through GraphQL', () => {
  const PREPARE = `mutation($id: ID!, $doc: ID!) { prepareKycDocumentUpload(input: { customerId: $id, documentId: $doc }) {
    __typename ... on KycDocumentUploadTarget { documentId url method fileField maxBytes acceptedContentTypes } } }`;
  const CUSTOMER = `query($id: ID!) { customer(customerId: $id) { __typename ... on Customer { kycDocumentList { id uploadStatus } } } }`;
  const VERIFY = `mutation($id: ID!, $ref: String!) { startKycVerification(input: { customerId: $id, reference: $ref }) {
    __typename ... on KycApplication { applicationId status } } }`;
  const PREPARE_AKEPA = `mutation($id: ID!) { prepareKycApplicationDocumentUpload(input: {
    customerId: $id, workflow: PERSONAL, type: LICENSE, name: "licence", extension: PNG }) {
    __typename ... on KycDocumentUploadTarget { documentId url acceptedContentTypes } } }`;
  const SUBMIT = `mutation($id: ID!, $app: ID!, $docs: [KycApplicationDocumentInput!]!) {
    submitKycApplicationDocuments(input: { customerId: $id, applicationId: $app, documents: $docs }) { __typename ... on KycApplication { status } } }`;
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: stackEnv() });
  });
  afterAll(() => stack.close());

  it('kyc: prepareKycDocumentUpload, the upload, then the customer\'s document reads uploadStatus true', async () => {
    const before = (await stack.gql(CUSTOMER, { id: WAITING })).body.data.customer.kycDocumentList;
    expect(before[0].uploadStatus).toBe(false);
    const target = (await stack.gql(PREPARE, { id: WAITING, doc: before[0].id })).body.data.prepareKycDocumentUpload;
    expect(target).toMatchObject({ __typename: 'KycDocumentUploadTarget', method: 'POST', fileField: 'file', maxBytes: MAX });
    expect((await upload(target.url, PDF, 'bill.pdf')).json).toEqual({ documentId: before[0].id, uploadStatus: true });
    expect((await stack.gql(CUSTOMER, { id: WAITING })).body.data.customer.kycDocumentList[0]).toEqual({ id: before[0].id, uploadStatus: true });
  });

  it('akepa: two licence sides prepared, uploaded and submitted: the application goes to review', async () => {
    const WAIT_REVIEW = 'cstap_demoWaitReview1';
    const application = (await stack.gql(VERIFY, { id: WAIT_REVIEW, ref: `uploads${process.pid}` })).body.data.startKycVerification;
    expect(application.status).toBe('PENDING_STEP_UP');
    const documents = [];
    for (const side of ['front', 'back']) {
      const target = (await stack.gql(PREPARE_AKEPA, { id: WAIT_REVIEW })).body.data.prepareKycApplicationDocumentUpload;
      expect(target.acceptedContentTypes).toEqual(['image/png']);
      expect((await upload(target.url, PNG, `${side}.png`)).status).toBe(200);
      documents.push({ entityId: WAIT_REVIEW, documentId: target.documentId });
    }
    const submitted = (await stack.gql(SUBMIT, { id: WAIT_REVIEW, app: application.applicationId, docs: documents })).body.data.submitKycApplicationDocuments;
    expect(submitted).toEqual({ __typename: 'KycApplication', status: 'WAITING_REVIEW' });
  });
});

describe('uploads under CONNECTFI_MAX_RPS', () => {
  let stack: Stack;
  let api: SimulatorApi;
  beforeAll(async () => {
    stack = await startStack({ env: stackEnv({ CONNECTFI_MAX_RPS: '1' }) });
    api = new SimulatorApi(stack.simulator.url);
  });
  afterAll(() => stack.close());

  it('an upload over the ceiling is refused before connectFi (503 UPSTREAM_RATE_LIMITED, Retry-After), and its URL kept usable', async () => {
    const [front, back] = await api.kycDocuments(WAITING);
    const urls = targets(stack.gateway.url);
    const first = urls.issue({ flow: 'kyc', customerId: WAITING, documentId: front.id }).url;
    const second = urls.issue({ flow: 'kyc', customerId: WAITING, documentId: back.id }).url;
    expect((await upload(first, PNG, 'a.png')).status).toBe(200);
    const before = await uploadTotals(stack);
    const limited = await upload(second, PNG, 'b.png');
    expect(limited).toMatchObject({ status: 503, json: { error: { code: 'UPSTREAM_RATE_LIMITED', outcome: 'NOT_APPLIED', retryable: true, retryAfterSeconds: 1 } } });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await uploadTotals(stack)).toEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await upload(second, PNG, 'b.png')).status).toBe(200);
  });
});
