// Files and multipart bodies for the upload tests, and the simulator calls that set up and check documents.
import { request } from 'node:http';
import { LOGIN, PASSWORD, type SimulatorControl, type SimulatorStats } from './stack.js';
import { waitUntil } from './wait.js';

// Small files with real magic bytes: a 1x1 PNG, a minimal PDF, a JPEG header, a GIF header (not accepted).
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
export const JPG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
export const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

export const KYC_UPLOAD = 'POST /customer/kyc/upload/:customerId/:documentId';
export const AKEPA_UPLOAD = 'POST /akepa/document/upload/:documentId';

export interface UploadStats extends SimulatorStats {
  /** Body bytes that reached each upload route, cut uploads included. */
  bytesReceived: Record<string, number>;
}

export async function uploadStats(sim: SimulatorControl): Promise<UploadStats> {
  return (await sim.stats()) as UploadStats;
}

/** The simulator's stats once no request is in flight: a cut upload has ended there. */
export function settledStats(sim: SimulatorControl): Promise<UploadStats> {
  return waitUntil('no request in flight at the simulator', () => uploadStats(sim), (s) => s.inFlight === 0);
}

/** A PNG of `size` bytes: its signature, then filler. */
export function bigPng(size: number): Buffer {
  return Buffer.concat([PNG.subarray(0, 8), Buffer.alloc(size - 8, 7)]);
}

export interface Part {
  bytes: Buffer;
  name?: string;
  type?: string;
  /** Default "file". */
  field?: string;
}

/** A multipart/form-data body as bytes (so it goes out in one piece, with a Content-Length). */
export async function formBody(parts: Part[], fields: Record<string, string> = {}): Promise<{ bytes: Buffer; contentType: string }> {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const p of parts) data.append(p.field ?? 'file', new Blob([p.bytes], p.type ? { type: p.type } : {}), p.name ?? 'scan.bin');
  const res = new Response(data);
  return { bytes: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

export interface UploadAnswer {
  status: number;
  json: any;
  headers: Headers;
}

export async function post(url: string, body: { bytes: Buffer; contentType: string }, headers: Record<string, string> = {}): Promise<UploadAnswer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': body.contentType, ...headers }, body: body.bytes });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

/** One file in the part "file", as a browser's FormData would send it. */
export async function upload(url: string, bytes: Buffer, name = 'scan.bin', headers: Record<string, string> = {}): Promise<UploadAnswer> {
  return post(url, await formBody([{ bytes, name }]), headers);
}

/** Sends `bytes` without a Content-Length (chunked), in pieces; resolves with the answer. */
export function postChunked(url: string, contentType: string, bytes: Buffer, piece = 64 * 1024): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': contentType } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    for (let at = 0; at < bytes.length; at += piece) req.write(bytes.subarray(at, at + piece));
    req.end();
  });
}

/** The simulator's connectFi API, straight (not through the gateway): set-up and checks. */
export class SimulatorApi {
  private token?: string;

  constructor(private readonly url: string) {}

  async get(path: string): Promise<any> {
    const res = await fetch(this.url + path, { headers: { 'x-connectfi-token': await this.login() } });
    return res.json();
  }

  async post(path: string, body: unknown): Promise<any> {
    const res = await fetch(this.url + path, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-connectfi-token': await this.login() }, body: JSON.stringify(body),
    });
    return res.json();
  }

  /** The deprecated flow's documents of a customer: [{ id, label, uploadStatus, extension? }]. */
  async kycDocuments(customerId: string): Promise<any[]> {
    return (await this.get(`/customer/kyc/status/${customerId}`)).data.kycDocumentList;
  }

  /** A new akepa document with the declared extension. */
  async akepaDocument(extension: 'jpg' | 'png'): Promise<string> {
    return (await this.post('/akepa/document/generate', { workflow: 'PERSONAL', name: 'Licence', extension, type: 'license' })).data.id;
  }

  /** Forget the token (after POST /__sim/expire-tokens). */
  forget(): void {
    this.token = undefined;
  }

  private async login(): Promise<string> {
    if (this.token) return this.token;
    const res = await fetch(`${this.url}/auth/get-token`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: { login: LOGIN, password: PASSWORD } }),
    });
    this.token = ((await res.json()) as { data: { token: string } }).data.token;
    return this.token;
  }
}
