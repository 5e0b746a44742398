// The multipart/form-data body connectFi receives: written here around one streamed file (part headers, the bytes,
// the closing boundary), so nothing but the file passes through and nothing is buffered. The closing boundary is
// written only once the client's whole request is read and valid (receive.ts): a body cut before never completes.
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
