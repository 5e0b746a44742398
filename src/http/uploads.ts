// POST /uploads/<token>: a client uploads one file to the URL GraphQL gave it (src/uploads/targets.ts). The token in
// the path is the credential; an Authorization header is ignored. Answers 200 { documentId, uploadStatus: true } or
// { error: { code, message, outcome, retryable, requestId?, retryAfterSeconds? } } (codes: src/uploads/answers.ts).
// One log line per upload: never the token, never the file name (it may hold a person's name).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ConnectFiConnection } from '../connectfi/connection.js';
import type { GatewayMetrics } from '../metrics.js';
import { refusals } from '../uploads/answers.js';
import type { SingleUse } from '../uploads/single-use.js';
import type { UploadTargets } from '../uploads/targets.js';
import { transfer, type TransferReport } from '../uploads/transfer.js';
import { declaredTooLarge } from './body.js';
import { sendJson } from './respond.js';
import type { Route } from './router.js';

export interface UploadRouteOptions {
  uploadTargets: UploadTargets;
  uploadUses: SingleUse;
  connection: ConnectFiConnection;
  metrics: GatewayMetrics;
  logger: Logger;
  /** CONNECTFI_TIMEOUT_MS: also the longest pause of an uploading client. */
  timeoutMs: number;
}

const PATH = '/uploads/';
// Boundaries and part headers around the file: a declared length over the file limit plus this is refused unread.
const FRAMING_ALLOWANCE = 16 * 1024;
// After an early answer, the rest of the body is read and dropped for up to this long, so the client gets to read
// the answer: closing with unread data would reset the connection, and the answer with it (nginx's lingering close).
const LINGER_MS = 5_000;
const GATEWAY_CODE = /^(UPLOAD|UPSTREAM)_[A-Z_]+$/;

export function uploadRoute(options: UploadRouteOptions): Route {
  return { path: PATH, prefix: true, methods: ['POST'], browser: true, handle: (req, res) => handleUpload(options, req, res) };
}

async function handleUpload(options: UploadRouteOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const { uploadTargets: targets } = options;
  const token = tokenOf(req.url ?? '');
  const grant = targets.verify(token);
  let report: TransferReport;
  if (grant === undefined) report = { error: refusals.tokenInvalid };
  else if (declaredTooLarge(req, targets.maxBytes + FRAMING_ALLOWANCE)) report = { error: refusals.tooLarge(targets.maxBytes) };
  else {
    const deps = { uses: options.uploadUses, connection: options.connection, maxBytes: targets.maxBytes, idleMs: options.timeoutMs, logger: options.logger };
    report = await transfer(deps, req, token, grant);
  }
  answer(req, res, report, grant?.documentId);

  const result = report.error?.code ?? 'ok';
  options.metrics.upload(grant?.flow ?? 'none', result === 'ok' || GATEWAY_CODE.test(result) ? result : 'connectfi_refused', report.upstream);
  options.logger.info({
    event: 'upload', flow: grant?.flow, documentId: grant?.documentId, bytes: report.bytes, type: report.type,
    connectFiStatus: report.upstream?.status, requestId: report.upstream?.requestId, ms: Math.round(performance.now() - started), result,
  }, 'upload');
}

function tokenOf(url: string): string {
  const queryStart = url.indexOf('?');
  return url.slice(PATH.length, queryStart === -1 ? undefined : queryStart);
}

function answer(req: IncomingMessage, res: ServerResponse, report: TransferReport, documentId?: string): void {
  if (res.destroyed) return; // the client went away: nobody to answer
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (!req.complete) linger(req);
  const { error } = report;
  if (error === undefined) return sendJson(res, 200, { documentId, uploadStatus: true }, headers);
  const { code, message, outcome, retryable, requestId, retryAfterSeconds } = error;
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  sendJson(res, error.status, { error: { code, message, outcome, retryable, requestId, retryAfterSeconds } }, headers);
}

/** Reads and drops what the client still sends, for a while; then cuts the connection. */
function linger(req: IncomingMessage): void {
  const timer = setTimeout(() => req.destroy(), LINGER_MS).unref();
  req.once('end', () => clearTimeout(timer));
  req.resume();
}
