// The client's multipart/form-data body, scanned as it streams: it must hold one part only, a file in the part
// `field`, and nothing after it but the closing boundary. The file's bytes are handed on as views into the client's
// chunks: one native Buffer.indexOf per chunk finds the boundary, nothing is copied but the part's header block and
// a boundary split across two chunks. (busboy searched in JavaScript and re-streamed every file through a Readable:
// most of the gateway's CPU per upload.)

export interface FormEvents {
  /** The file's next bytes, in order (views into the client's chunks). */
  file(bytes: Buffer): void;
  /** The closing boundary right after the file: the form is complete (an epilogue after it is ignored). */
  end(): void;
  /** Not a single file in the part `field`: malformed, another part first or after it, headers too long. */
  invalid(): void;
}

/** Preamble and the part's header block, and an epilogue: at most this many bytes each. */
export const HEAD_MAX = 16 * 1024;
const HEADERS_END = Buffer.from('\r\n\r\n');
const DASH = 0x2d;
const EMPTY: Buffer = Buffer.alloc(0);

type State = 'head' | 'file' | 'after' | 'done' | 'failed';

export class FormScanner {
  /** CRLF "--" boundary: what ends a part, and starts the first one after a preamble. */
  private readonly delimiter: Buffer;
  private state: State = 'head';
  /** Bytes held until the next chunk: the header block so far, or what may be the start of a boundary. */
  private pending: Buffer = EMPTY;
  private epilogue = 0;

  constructor(boundary: string, private readonly field: string, private readonly on: FormEvents) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  }

  write(chunk: Buffer): void {
    if (this.pending.length > 0) {
      chunk = Buffer.concat([this.pending, chunk]);
      this.pending = EMPTY;
    }
    while (chunk.length > 0) {
      if (this.state === 'head') chunk = this.head(chunk);
      else if (this.state === 'file') chunk = this.file(chunk);
      else if (this.state === 'after') chunk = this.after(chunk);
      else return this.ignore(chunk);
    }
  }

  /** The first boundary (after any preamble) and the first part's header block: it must be a file in `field`. */
  private head(chunk: Buffer): Buffer {
    // The body's first line is the boundary (as if after the CRLF the delimiter begins with), or follows a preamble.
    const start = chunk.subarray(0, this.delimiter.length - 2).equals(this.delimiter.subarray(2)) ? -2 : chunk.indexOf(this.delimiter);
    const end = start === -1 ? -1 : chunk.indexOf(HEADERS_END, start + this.delimiter.length);
    if (end === -1) return this.keep(chunk, HEAD_MAX);
    if (end > HEAD_MAX) return this.fail(); // `chunk` holds everything from the body's start
    // Starts with the CRLF ending the boundary line: "--" there instead would be a form without parts.
    const block = chunk.toString('latin1', start + this.delimiter.length, end);
    if (!block.startsWith('\r\n') || !isFilePart(block, this.field)) return this.fail();
    this.state = 'file';
    return chunk.subarray(end + HEADERS_END.length);
  }

  /** The file's bytes, up to the next boundary; a tail that may begin one waits for the next chunk. */
  private file(chunk: Buffer): Buffer {
    const at = chunk.indexOf(this.delimiter);
    const upTo = at === -1 ? boundaryPrefixAt(chunk, this.delimiter) : at;
    if (upTo > 0) this.on.file(chunk.subarray(0, upTo));
    if (at === -1) return this.keep(chunk.subarray(upTo), this.delimiter.length);
    this.state = 'after';
    return chunk.subarray(at + this.delimiter.length);
  }

  /** After the file's boundary: "--" closes the form; anything else (another part) is refused. */
  private after(chunk: Buffer): Buffer {
    if (chunk.length < 2) return this.keep(chunk, 2);
    if (chunk[0] !== DASH || chunk[1] !== DASH) return this.fail();
    this.state = 'done';
    this.on.end();
    return chunk.subarray(2);
  }

  private ignore(chunk: Buffer): void {
    if (this.state === 'done' && (this.epilogue += chunk.length) > HEAD_MAX) this.fail();
  }

  private keep(rest: Buffer, max: number): Buffer {
    if (rest.length > max) return this.fail();
    this.pending = rest;
    return EMPTY;
  }

  private fail(): Buffer {
    this.state = 'failed';
    this.on.invalid();
    return EMPTY;
  }
}

/** The boundary in a multipart/form-data content type, when it is one (RFC 2046: 1 to 70 characters). */
export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /^\s*multipart\/form-data\s*;(.*)$/is.exec(contentType ?? '');
  const param = match && /(?:^|;)\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s;"]{1,70}))\s*(?:;|$)/i.exec(match[1]);
  return param ? (param[1] ?? param[2]) : undefined;
}

/** Where the tail of `chunk` that could begin `delimiter` starts (chunk.length when none does). */
function boundaryPrefixAt(chunk: Buffer, delimiter: Buffer): number {
  for (let at = chunk.indexOf(delimiter[0], Math.max(0, chunk.length - delimiter.length + 1)); at !== -1; at = chunk.indexOf(delimiter[0], at + 1)) {
    if (chunk.compare(delimiter, 0, chunk.length - at, at) === 0) return at;
  }
  return chunk.length;
}

/** A part's header block (CRLF-separated lines): Content-Disposition form-data, name `field`, with a file name. */
function isFilePart(block: string, field: string): boolean {
  const disposition = /\r\ncontent-disposition:[ \t]*form-data[ \t]*(;[^\r\n]*)?(?=\r\n|$)/i.exec(block)?.[1] ?? '';
  const params = new Map<string, string>();
  for (const [, name, quoted, token] of disposition.matchAll(/;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;"]*))/g)) {
    params.set(name.toLowerCase(), quoted === undefined ? token : quoted.replace(/\\(.)/g, '$1'));
  }
  return params.get('name') === field && (params.has('filename') || params.has('filename*'));
}
