// The client's side of an upload: multipart/form-data with one file in the part "file", parsed as it streams
// (busboy). The file's first bytes are read and typed before anything goes to connectFi; the rest flows through into
// connectFi's multipart body as it arrives, never on disk and never whole in memory. Whatever goes wrong on this
// side (too large, a second file, malformed, cut, stalled) is recorded as the refusal and cuts connectFi's request.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import { BodyAbortedError } from '../connectfi/transport.js';
import { refusals, type UploadError } from './answers.js';
import { framing, multipartBody } from './multipart.js';
import { SNIFF_BYTES, detectType, mimeOf, type FileType } from './sniff.js';
import { FILE_FIELD } from './targets.js';

export interface AcceptedFile {
  type: FileType;
  /** connectFi's multipart body; it fails with a BodyAbortedError when the client's upload goes wrong. */
  body: Readable;
  contentType: string;
}

export interface ReceiveOptions {
  maxBytes: number;
  /** MIME types the file's content may have. */
  accepted: string[];
  /** Longest wait for the client's next bytes (not counting waits for connectFi to take them). */
  idleMs: number;
}

export class IncomingUpload {
  /** The first thing that went wrong on the client's side. */
  refusal?: UploadError;
  /** File bytes read so far. */
  size = 0;
  private readonly firstFile = deferred<Readable>();
  /** Resolves once the whole request is read with exactly one file. */
  private readonly parsed = deferred<void>();
  private readonly idle: NodeJS.Timeout;
  private file?: Readable;
  private body?: Readable;
  private readonly onData = () => this.idle.refresh();

  /** Starts reading `req`, or refuses it when it is not multipart/form-data. */
  static start(req: IncomingMessage, options: ReceiveOptions): IncomingUpload | UploadError {
    if (req.destroyed) return refusals.incomplete; // gone while the URL was being claimed
    try {
      // fileSize: busboy reports a file reaching the limit, so one byte more than a file may have.
      const limits = { files: 1, fileSize: options.maxBytes + 1, fields: 16, fieldSize: 1024, parts: 32, headerPairs: 16 };
      return new IncomingUpload(req, busboy({ headers: req.headers, limits }), options);
    } catch {
      return refusals.invalid;
    }
  }

  private constructor(private readonly req: IncomingMessage, private readonly parser: busboy.Busboy, private readonly options: ReceiveOptions) {
    parser.on('file', (name: string, stream: Readable) => this.onFile(name, stream));
    parser.on('filesLimit', () => this.fail(refusals.invalid)); // a second file
    parser.on('error', () => this.fail(refusals.invalid));
    parser.on('close', () => {
      if (this.file === undefined) this.fail(refusals.invalid);
      this.parsed.resolve();
    });
    req.on('close', () => {
      if (!req.complete) this.fail(refusals.incomplete);
    });
    this.idle = setTimeout(() => this.onIdle(), options.idleMs);
    req.on('data', this.onData);
    req.pipe(parser);
  }

  /** Reads the file's first bytes and checks its type; then connectFi's body is ready to stream. */
  async accept(): Promise<AcceptedFile | UploadError> {
    try {
      const file = await this.firstFile.promise;
      const chunks: AsyncIterator<Buffer> = file[Symbol.asyncIterator]();
      let head = Buffer.alloc(0); // the first chunk or two: at least SNIFF_BYTES unless the file is shorter
      while (head.length < SNIFF_BYTES) {
        const next = await chunks.next();
        if (next.done) break;
        head = Buffer.concat([head, next.value]);
      }
      if (head.length === 0) return this.fail(refusals.invalid);
      const type = detectType(head);
      if (type === undefined || !this.options.accepted.includes(mimeOf(type))) return this.fail(refusals.typeNotAccepted(this.options.accepted));
      this.size = head.length;
      const frame = framing(FILE_FIELD, `document.${type}`, mimeOf(type));
      const generator = multipartBody(frame, head, chunks, this.parsed.promise, (bytes) => (this.size += bytes));
      this.body = Readable.from(generator, { objectMode: false });
      return { type, body: this.body, contentType: frame.contentType };
    } catch {
      return this.refusal ?? this.fail(refusals.invalid);
    }
  }

  /** After the answer: stop reading and free the parser (the HTTP layer deals with what the client still sends). */
  close(): void {
    clearTimeout(this.idle);
    this.req.off('data', this.onData);
    this.req.unpipe(this.parser);
    this.parsed.reject(new BodyAbortedError('closed')); // no-op once settled
    this.file?.destroy();
  }

  /** The client stalled if nothing arrived while we were reading (a paused request is waiting on connectFi). */
  private onIdle(): void {
    if (this.req.complete || this.refusal) return;
    if (this.req.isPaused()) this.idle.refresh();
    else this.fail(refusals.incomplete);
  }

  private onFile(name: string, stream: Readable): void {
    this.file = stream;
    stream.on('error', () => undefined); // destroyed by fail(): the refusal says why
    stream.on('limit', () => this.fail(refusals.tooLarge(this.options.maxBytes)));
    if (name !== FILE_FIELD) this.fail(refusals.invalid);
    else this.firstFile.resolve(stream);
  }

  /** Records the refusal (the first one counts) and cuts connectFi's body at once. */
  private fail(refusal: UploadError): UploadError {
    if (this.refusal) return this.refusal;
    this.refusal = refusal;
    const error = new BodyAbortedError(refusal.code);
    this.firstFile.reject(error);
    this.parsed.reject(error);
    this.body?.destroy(error);
    this.file?.destroy(error);
    return refusal;
  }
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

/** A promise settled from outside; a rejection nobody awaits is not reported as unhandled. */
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
