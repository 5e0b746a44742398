// The client's side of an upload: multipart/form-data with one file in the part "file", scanned as it streams
// (form-scanner.ts). The file's first bytes are typed before anything goes to connectFi; then the file's bytes go
// into connectFi's multipart body as they arrive, in the client's own chunks (no copy), never on disk and never
// whole in memory; the client is paused while connectFi does not keep up. Whatever goes wrong on this side (too
// large, another part, malformed, cut, stalled) is recorded as the refusal and cuts connectFi's request.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { BodyAbortedError } from '../connectfi/transport.js';
import { refusals, type UploadError } from './answers.js';
import { FormScanner, boundaryOf } from './form-scanner.js';
import { framing } from './multipart.js';
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

// connectFi's body buffers up to this much while its socket is busy, before the client is paused: two of the client's
// chunks, so the client is not paused and resumed at each one.
const BODY_BUFFER = 128 * 1024;

export class IncomingUpload {
  /** The first thing that went wrong on the client's side. */
  refusal?: UploadError;
  /** File bytes read so far. */
  size = 0;
  private readonly scanner: FormScanner;
  private readonly typed = deferred<AcceptedFile>();
  private readonly idle: NodeJS.Timeout;
  /** The file's first bytes, until they are typed; then connectFi's body. */
  private held: Buffer[] = [];
  private body?: Readable;
  private tail?: Buffer;
  private formEnded = false;
  private readonly onData = (chunk: Buffer) => {
    this.idle.refresh();
    this.scanner.write(chunk);
  };
  private readonly onEnd = () => this.onRequestEnd();

  /** Starts reading `req`, or refuses it when it is not multipart/form-data. */
  static start(req: IncomingMessage, options: ReceiveOptions): IncomingUpload | UploadError {
    if (req.destroyed) return refusals.incomplete; // gone while the URL was being claimed
    const boundary = boundaryOf(req.headers['content-type']);
    return boundary === undefined ? refusals.invalid : new IncomingUpload(req, boundary, options);
  }

  private constructor(private readonly req: IncomingMessage, boundary: string, private readonly options: ReceiveOptions) {
    this.scanner = new FormScanner(boundary, FILE_FIELD, {
      file: (bytes) => this.onFileBytes(bytes),
      end: () => this.onFormEnd(),
      invalid: () => this.fail(refusals.invalid),
    });
    req.on('close', () => {
      if (!req.complete) this.fail(refusals.incomplete);
    });
    this.idle = setTimeout(() => this.onIdle(), options.idleMs);
    req.on('data', this.onData);
    req.on('end', this.onEnd);
  }

  /** Waits for the file's first bytes and their type; then connectFi's body is ready to stream. */
  async accept(): Promise<AcceptedFile | UploadError> {
    try {
      return await this.typed.promise;
    } catch {
      return this.refusal ?? this.fail(refusals.invalid);
    }
  }

  /** After the answer: stop reading and free the body (the HTTP layer deals with what the client still sends). */
  close(): void {
    clearTimeout(this.idle);
    this.req.off('data', this.onData);
    this.req.off('end', this.onEnd);
    this.typed.reject(new BodyAbortedError('closed')); // no-op once settled
    this.body?.destroy();
  }

  /** The client stalled if nothing arrived while we were reading (a paused request is waiting on connectFi). */
  private onIdle(): void {
    if (this.req.complete || this.refusal) return;
    if (this.req.isPaused()) this.idle.refresh();
    else this.fail(refusals.incomplete);
  }

  private onFileBytes(bytes: Buffer): void {
    if (this.refusal) return;
    this.size += bytes.length;
    if (this.size > this.options.maxBytes) this.fail(refusals.tooLarge(this.options.maxBytes));
    else if (this.body === undefined) this.hold(bytes);
    else if (!this.body.push(bytes)) this.req.pause(); // resumed when connectFi's side reads again
  }

  private hold(bytes: Buffer): void {
    this.held.push(bytes);
    if (this.size >= SNIFF_BYTES) this.typeFile();
  }

  private onFormEnd(): void {
    this.formEnded = true;
    if (this.body === undefined && !this.refusal) this.typeFile(); // a file shorter than SNIFF_BYTES
  }

  /** The closing boundary only once the whole request is read: a form cut or refused before never completes. */
  private onRequestEnd(): void {
    if (!this.formEnded) this.fail(refusals.invalid);
    else if (this.body !== undefined && this.tail !== undefined && !this.refusal) {
      this.body.push(this.tail);
      this.body.push(null);
    }
  }

  /** Types the file from its first bytes; an accepted one starts connectFi's body with the gateway's own framing. */
  private typeFile(): void {
    if (this.size === 0) return void this.fail(refusals.invalid);
    const type = detectType(Buffer.concat(this.held, Math.min(this.size, SNIFF_BYTES)));
    if (type === undefined || !this.options.accepted.includes(mimeOf(type))) return void this.fail(refusals.typeNotAccepted(this.options.accepted));
    const frame = framing(FILE_FIELD, `document.${type}`, mimeOf(type));
    const body = new Readable({ highWaterMark: BODY_BUFFER, read: () => this.req.resume() });
    body.on('error', () => undefined); // a refusal: recorded, and the transport sees the body errored
    body.push(frame.head);
    for (const bytes of this.held) body.push(bytes);
    this.held = [];
    this.body = body;
    this.tail = frame.tail;
    this.typed.resolve({ type, body, contentType: frame.contentType });
  }

  /** Records the refusal (the first one counts) and cuts connectFi's body at once. */
  private fail(refusal: UploadError): UploadError {
    if (this.refusal) return this.refusal;
    this.refusal = refusal;
    const error = new BodyAbortedError(refusal.code);
    this.typed.reject(error);
    this.body?.destroy(error);
    this.held = [];
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
