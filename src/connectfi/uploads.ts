// The two upload endpoints (docs/connectfi-api.md 5.6 and 7.1): a multipart body streamed once, never repeated.
// The body's framing is the caller's (src/uploads/multipart.ts); this module only knows the paths.
import type { Readable } from 'node:stream';
import type { CallObserver, CallResult } from './call-result.js';
import type { ConnectFiConnection } from './connection.js';
import type { WireGeneratedDocument, WireKycBundle, WireSuccess } from './wire.js';

/** A multipart/form-data body and its content type (with the boundary). */
export interface MultipartBody {
  body: Readable;
  contentType: string;
}

/** Deprecated flow: the file of one document of the customer's kycDocumentList. Answers the KYC bundle. */
export function uploadKycDocument(
  connection: ConnectFiConnection, customerId: string, documentId: string, file: MultipartBody, observer?: CallObserver,
): Promise<CallResult<WireSuccess<WireKycBundle>>> {
  const path = `/customer/kyc/upload/${encodeURIComponent(customerId)}/${encodeURIComponent(documentId)}`;
  return connection.stream({ path, route: '/customer/kyc/upload/:customerId/:documentId', ...file }, observer);
}

/** akepa: the file of a document from /akepa/document/generate. */
export function uploadApplicationDocument(
  connection: ConnectFiConnection, documentId: string, file: MultipartBody, observer?: CallObserver,
): Promise<CallResult<WireSuccess<WireGeneratedDocument>>> {
  const path = `/akepa/document/upload/${encodeURIComponent(documentId)}`;
  return connection.stream({ path, route: '/akepa/document/upload/:documentId', ...file }, observer);
}
