// multipart/form-data uploads (docs/connectfi-api.md 1.1, 5.6, 7.1): streamed through busboy, counted, and typed from their first
// bytes. The content itself is never kept: only filename, declared MIME type, size and detected type.
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { Reply } from './handlers.js';
import { fail, validationError } from './handlers.js';
import { item } from './validate.js';

export interface FileInfo {
  filename: string;
  /** As the client declared it; never trusted for the type. */
  mimeType: string;
  size: number;
  /** From magic bytes: png, jpg, pdf, gif, or unknown. */
  type: string;
}

export interface Upload {
  files: FileInfo[];
  /** A file went past maxFileBytes (its size stops counting there). */
  tooLarge: boolean;
}

/** The connection was cut mid-body (fault afterBytes, or the client went away): nothing to answer. */
export const CUT = Symbol('cut');
/** Not multipart/form-data, or a malformed one: answered like a non-JSON body. */
export const NOT_MULTIPART = Symbol('not multipart');

const MAGIC: [string, number[]][] = [
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['jpg', [0xff, 0xd8, 0xff]],
  ['pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['gif', [0x47, 0x49, 0x46, 0x38]], // GIF8
];
const HEAD_BYTES = 8;

export function detectType(head: Buffer): string {
  const found = MAGIC.find(([, magic]) => magic.every((byte, i) => head[i] === byte));
  return found ? found[0] : 'unknown';
}

export interface ReadOptions {
  maxFileBytes: number;
  /** Fault injection: destroy the socket once this many body bytes have arrived. */
  cutAfter?: number;
  /** Every body chunk's length, as it arrives (stats: bytes that reached the simulator). */
  onBytes(count: number): void;
}

/** Reads the whole body; files are measured while they stream past. */
export function readUpload(req: IncomingMessage, options: ReadOptions): Promise<Upload | typeof CUT | typeof NOT_MULTIPART> {
  return new Promise((resolve) => {
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      options.onBytes(chunk.length);
      if (options.cutAfter !== undefined && received >= options.cutAfter) {
        req.socket.destroy(); // connectFi hangs up mid-upload
        resolve(CUT);
      }
    });
    req.on('error', () => resolve(CUT));
    req.on('aborted', () => resolve(CUT));

    let parser: busboy.Busboy;
    try {
      // busboy reports reaching fileSize as going over it: one byte more lets a file of exactly the limit through.
      parser = busboy({ headers: req.headers, limits: { fileSize: options.maxFileBytes + 1 } });
    } catch {
      req.on('end', () => resolve(NOT_MULTIPART)); // no multipart content type: drain (the data listener reads) and refuse
      return;
    }
    const upload: Upload = { files: [], tooLarge: false };
    parser.on('file', (_field, stream, info) => upload.files.push(measure(stream, info, () => (upload.tooLarge = true))));
    parser.on('close', () => resolve(upload));
    parser.on('error', () => resolve(NOT_MULTIPART));
    req.pipe(parser);
  });
}

function measure(stream: NodeJS.ReadableStream, info: busboy.FileInfo, onLimit: () => void): FileInfo {
  const file: FileInfo = { filename: info.filename ?? '', mimeType: info.mimeType, size: 0, type: 'unknown' };
  let head = Buffer.alloc(0);
  stream.on('data', (chunk: Buffer) => {
    if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
    file.size += chunk.length;
  });
  stream.on('limit', onLimit);
  stream.on('end', () => (file.type = detectType(head)));
  return file;
}

/** The one file of an upload, or the reply that refuses it (choices in docs/simulator-assumptions.md). */
export function singleFile(upload: Upload, maxFileBytes: number): FileInfo | Reply {
  if (upload.tooLarge) return fail('fileTooLarge', { maxBytes: maxFileBytes }, 'File too large.');
  if (upload.files.length > 1) return validationError([item('/file', 'maxItems', { limit: 1 }, 'must NOT have more than 1 items')]);
  const file = upload.files[0];
  if (file === undefined || file.size === 0) {
    return validationError([item('', 'required', { missingProperty: 'file' }, "must have required property 'file'")]);
  }
  return file;
}

/** The extension reported for a deprecated-flow document: the detected type, else the file name's, else bin. */
export function extensionOf(file: FileInfo): string {
  if (file.type !== 'unknown') return file.type;
  return /\.([0-9A-Za-z]{1,8})$/.exec(file.filename)?.[1]?.toLowerCase() ?? 'bin';
}
