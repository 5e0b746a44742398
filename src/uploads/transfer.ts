// One upload, from a verified grant to connectFi's answer: claim the URL (single use), read and type the file,
// stream it to the grant's connectFi endpoint, and settle the claim (used after a success, released otherwise).
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { CallResult, UpstreamCallRecord } from '../connectfi/call-result.js';
import type { ConnectFiConnection } from '../connectfi/connection.js';
import { uploadApplicationDocument, uploadKycDocument, type MultipartBody } from '../connectfi/uploads.js';
import { refusals, upstreamError, type UploadError } from './answers.js';
import { IncomingUpload } from './receive.js';
import type { SingleUse } from './single-use.js';
import type { FileType } from './sniff.js';
import { acceptedContentTypes, type UploadGrant } from './targets.js';

export interface TransferDeps {
  uses: SingleUse;
  connection: ConnectFiConnection;
  maxBytes: number;
  idleMs: number;
  logger: Logger;
}

/** How it went: no error means connectFi accepted the file. The rest is for the log line and metrics. */
export interface TransferReport {
  error?: UploadError;
  bytes?: number;
  type?: FileType;
  upstream?: UpstreamCallRecord;
}

export async function transfer(deps: TransferDeps, req: IncomingMessage, token: string, grant: UploadGrant): Promise<TransferReport> {
  let claim;
  try {
    claim = await deps.uses.claim(token, grant.expiresAt * 1000);
  } catch (error) {
    deps.logger.error({ event: 'upload.single_use_unavailable', err: (error as Error).message }, 'upload single-use record unavailable');
    return { error: refusals.unavailable };
  }
  if (claim.state !== 'claimed') return { error: claim.state === 'used' ? refusals.tokenInvalid : refusals.inProgress };

  let report: TransferReport | undefined;
  try {
    report = await receiveAndForward(deps, req, grant);
    return report;
  } finally {
    // Settling may fail (Redis): the record then stays "in progress" until the URL expires, never reusable.
    const settle = report !== undefined && report.error === undefined ? claim.consume() : claim.release();
    await settle.catch((error: Error) => deps.logger.warn({ event: 'upload.single_use_unsettled', err: error.message }, 'upload single-use record not updated'));
  }
}

async function receiveAndForward(deps: TransferDeps, req: IncomingMessage, grant: UploadGrant): Promise<TransferReport> {
  const incoming = IncomingUpload.start(req, { maxBytes: deps.maxBytes, accepted: acceptedContentTypes(grant), idleMs: deps.idleMs });
  if (!(incoming instanceof IncomingUpload)) return { error: incoming };
  try {
    const file = await incoming.accept();
    if (!('body' in file)) return { error: file, bytes: incoming.size };
    // E.g. a second file in the same chunk as the first: refused before connectFi is called.
    if (incoming.refusal) return { error: incoming.refusal, bytes: incoming.size, type: file.type };
    const report: TransferReport = { type: file.type };
    const result = await forward(deps.connection, grant, file, (call) => (report.upstream = call));
    report.bytes = incoming.size;
    if (result.ok) return report;
    // A refusal met mid-stream cut connectFi's request: that, not the cut, is the answer.
    report.error = incoming.refusal ?? upstreamError(result.failure);
    return report;
  } finally {
    incoming.close();
  }
}

function forward(
  connection: ConnectFiConnection, grant: UploadGrant, file: MultipartBody, upstreamCall: (call: UpstreamCallRecord) => void,
): Promise<CallResult<unknown>> {
  const observer = { upstreamCall };
  return grant.flow === 'kyc'
    ? uploadKycDocument(connection, grant.customerId, grant.documentId, file, observer)
    : uploadApplicationDocument(connection, grant.documentId, file, observer);
}
