// connectFi's body for an upload (src/uploads/receive.ts), from a stand-in for the client's request: the gateway's own
// framing around the client's chunks, passed on as they came (views, not copies; not re-chunked), the closing
// boundary only after the request's end; and a part after the file destroying the body instead.
import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { IncomingUpload } from '../src/uploads/receive.js';

const BOUNDARY = 'test-boundary-42';
const CHUNK = 64 * 1024;

/** What IncomingUpload reads of an IncomingMessage; `complete` once the body has ended. */
function clientRequest(): PassThrough & IncomingMessage {
  const req = new PassThrough() as PassThrough & IncomingMessage & { complete: boolean };
  Object.assign(req, { headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, complete: false });
  req.on('end', () => (req.complete = true));
  return req;
}

function chunksOf(body: Buffer): Buffer[] {
  return Array.from({ length: Math.ceil(body.length / CHUNK) }, (_, i) => body.subarray(i * CHUNK, (i + 1) * CHUNK));
}

function collect(body: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  body.on('data', (chunk: Buffer) => chunks.push(chunk)); // as the transports read it: flowing, chunk by chunk
  return new Promise((resolve, reject) => body.on('end', () => resolve(chunks)).on('error', reject));
}

const form = (file: Buffer, after = `\r\n--${BOUNDARY}--\r\n`) => Buffer.concat([
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="Jane.png"\r\nContent-Type: text/plain\r\n\r\n`),
  file,
  Buffer.from(after),
]);

const pngOf = (size: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(size - 8, 7)]);

/** Starts an upload of `sent` (the client's chunks): the first chunk, typed and accepted; then the rest. */
async function upload(sent: Buffer[]) {
  const req = clientRequest();
  const incoming = IncomingUpload.start(req, { maxBytes: 4 * 1024 * 1024, accepted: ['image/png'], idleMs: 60_000 });
  if (!(incoming instanceof IncomingUpload)) throw new Error('refused');
  req.write(sent[0]);
  const accepted = await incoming.accept();
  if (!('body' in accepted)) throw new Error(`refused: ${accepted.code}`);
  const received = collect(accepted.body);
  for (const chunk of sent.slice(1)) req.write(chunk);
  req.end();
  return { incoming, accepted, received };
}

it('passes the client\'s chunks on as they came, between the gateway\'s own head and closing boundary', async () => {
  const file = pngOf(1024 * 1024);
  const sent = chunksOf(form(file));
  const { incoming, accepted, received } = await upload(sent);
  const [head, ...rest] = await received;
  incoming.close();

  expect(head.toString()).toMatch(/^--(\S+)\r\nContent-Disposition: form-data; name="file"; filename="document.png"\r\nContent-Type: image\/png\r\n\r\n$/);
  const boundary = /^--(\S+)\r\n/.exec(head.toString())![1];
  expect(accepted.contentType).toBe(`multipart/form-data; boundary=${boundary}`);
  expect(rest.at(-1)!.toString()).toBe(`\r\n--${boundary}--\r\n`);
  const fileChunks = rest.slice(0, -1);
  expect(Buffer.concat(fileChunks).equals(file)).toBe(true);
  // One per chunk of the client's, each a view into it: nothing copied, nothing re-chunked on the way.
  expect(fileChunks.length).toBe(sent.length);
  fileChunks.forEach((chunk, i) => expect(chunk.buffer).toBe(sent[i].buffer));
});

it('destroys the body, never completing it, when another part follows the file', async () => {
  const sent = chunksOf(form(pngOf(256 * 1024), `\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\r\n--${BOUNDARY}--\r\n`));
  const { incoming, received } = await upload(sent);
  await expect(received).rejects.toMatchObject({ reason: 'UPLOAD_INVALID' });
  expect(incoming.refusal?.code).toBe('UPLOAD_INVALID');
  incoming.close();
});
