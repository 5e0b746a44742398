// The multipart/form-data body connectFi receives: written here around one streamed file (part headers, the bytes,
// the closing boundary), so nothing but the file passes through and nothing is buffered.
import { randomBytes } from 'node:crypto';

export interface Framing {
  /** The content-type header, with the boundary. */
  contentType: string;
  /** The boundary and the part's headers, before the file's bytes. */
  head: Buffer;
  /** The closing boundary: without it, the body is an incomplete form. */
  tail: Buffer;
}

/** `filename` and `mime` are the gateway's (safe ASCII), never the client's. */
export function framing(field: string, filename: string, mime: string): Framing {
  const boundary = `----connectfi-gateway-${randomBytes(12).toString('hex')}`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`),
    tail: Buffer.from(`\r\n--${boundary}--\r\n`),
  };
}

/**
 * The body: the framing around `first` and then the rest of the file as it arrives. The closing boundary is written
 * only once `complete` resolves (the client's whole request read and valid): if the upload goes wrong before, the
 * body fails instead, and connectFi's request is cut, never completed with a truncated file.
 */
export async function* multipartBody(
  frame: Framing, first: Buffer, rest: AsyncIterator<Buffer>, complete: Promise<void>, onChunk: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  yield frame.head;
  yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) {
    onChunk(next.value.length);
    yield next.value;
  }
  await complete;
  yield frame.tail;
}
