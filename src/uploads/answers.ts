// Every error an upload can end with: the gateway's own refusals (before or while the file streams) and connectFi's
// failures, in UpstreamError's vocabulary. Messages are fixed texts: never a file name, a token or personal data.
import type { CallFailure, CallOutcome, UpstreamFailureCode } from '../connectfi/call-result.js';

export interface UploadError {
  status: number;
  code: string;
  message: string;
  /** Whether connectFi may have the file: NOT_APPLIED, or UNKNOWN (it may; a repeat overwrites it). */
  outcome: CallOutcome;
  retryable: boolean;
  /** connectFi's, when it answered. */
  requestId?: string;
  /** When to try again (connectFi's Retry-After, or the gateway's own ceiling on calls to it). */
  retryAfterSeconds?: number;
}

const refusal = (status: number, code: string, message: string, retryable = false): UploadError =>
  ({ status, code, message, outcome: 'NOT_APPLIED', retryable });

/** Nothing of these reached connectFi as a complete request. */
export const refusals = {
  tokenInvalid: refusal(401, 'UPLOAD_TOKEN_INVALID', 'The upload URL is invalid, expired or already used.'),
  inProgress: refusal(409, 'UPLOAD_IN_PROGRESS', 'Another upload to this URL is in progress.', true),
  tooLarge: (maxBytes: number) => refusal(413, 'UPLOAD_TOO_LARGE', `The file is larger than ${maxBytes} bytes.`),
  typeNotAccepted: (accepted: string[]) =>
    refusal(415, 'UPLOAD_TYPE_NOT_ACCEPTED', `The file's content is not one of: ${accepted.join(', ')}.`),
  invalid: refusal(400, 'UPLOAD_INVALID', 'Expected multipart/form-data with exactly one non-empty file, in the part "file".'),
  /** The client's request ended early or stalled: the same URL may be tried again. */
  incomplete: refusal(400, 'UPLOAD_INCOMPLETE', 'The upload ended early or stalled.', true),
  /** The single-use record could not be checked (Redis): refused rather than risk a second use. */
  unavailable: refusal(503, 'UPLOAD_UNAVAILABLE', 'Uploads are unavailable for a moment.', true),
};

const UPSTREAM: Record<UpstreamFailureCode, { status: number; message: string }> = {
  UPSTREAM_UNAVAILABLE: { status: 503, message: 'connectFi could not be reached.' },
  UPSTREAM_CIRCUIT_OPEN: { status: 503, message: 'connectFi is failing; calls are paused for a moment.' },
  UPSTREAM_RATE_LIMITED: { status: 503, message: 'connectFi asked to slow down.' },
  UPSTREAM_LOGIN_FAILED: { status: 503, message: 'connectFi refused the gateway\'s login.' },
  UPSTREAM_TIMEOUT: { status: 504, message: 'connectFi did not answer in time.' },
  UPSTREAM_CONNECTION_LOST: { status: 502, message: 'The connection to connectFi broke.' },
  UPSTREAM_SERVER_ERROR: { status: 502, message: 'connectFi failed.' },
  UPSTREAM_BAD_RESPONSE: { status: 502, message: 'connectFi answered something unexpected.' },
};

/** connectFi's refusal keeps its code (documentNotFound, fileTooLarge, statusNotWAITING_DATA...); its message is not passed on. */
export function upstreamError(failure: CallFailure): UploadError {
  if (failure.kind === 'failed') {
    const { status, message } = UPSTREAM[failure.code];
    const retryAfterSeconds = failure.retryAfterMs === undefined ? undefined : Math.ceil(failure.retryAfterMs / 1000);
    return { status, code: failure.code, message, outcome: failure.outcome, retryable: failure.retryable, requestId: failure.requestId, retryAfterSeconds };
  }
  // A 401 is about the gateway's connectFi token (now forgotten), not the client's upload: a retry logs in again.
  const unauthorized = failure.status === 401;
  return {
    status: unauthorized ? 502 : 422,
    code: failure.error.code,
    message: unauthorized ? 'connectFi refused the gateway\'s token; try again.' : 'connectFi refused the upload.',
    outcome: 'NOT_APPLIED',
    retryable: unauthorized,
    requestId: failure.error.requestId,
  };
}
