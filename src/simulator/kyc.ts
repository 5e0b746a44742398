// The deprecated KYC flow, /customer/kyc/* (docs/connectfi-api.md 5): init, add-attributes, status and the per-document upload.
import type { Route } from './handlers.js';
import { customerNotFound, fail, ok, validationError } from './handlers.js';
import { newRequestId } from './ids.js';
import type { Customer } from './state.js';
import { WAITING_DATA, kycBundle, licenseDocuments, newDocumentId, storeAttributes } from './state.js';
import type { Upload } from './uploads.js';
import { extensionOf, singleFile } from './uploads.js';
import type { JsonObject } from './validate.js';
import { isObject, validateAddAttributes, validateKycInit } from './validate.js';

const notWaitingData = () => fail('statusNotWAITING_DATA', undefined, 'Need WAITING_DATA status');

/** First kyc/init: request cardAttributes (unless already added) and the two LICENSE sides, as the docs' examples do. */
function startKyc(c: Customer): void {
  c.kycStarted = true;
  c.attributeCodes = c.kycAttributes?.cardAttributes === undefined ? ['cardAttributes'] : [];
  c.documents = licenseDocuments(newDocumentId(), newDocumentId(), false);
}

export const kycInit: Route = {
  key: 'POST /customer/kyc/init',
  auth: true,
  body: 'json',
  handle(ctx, body) {
    const errors = validateKycInit(body);
    if (errors.length > 0) return validationError(errors);
    const { customerId, webhookURL } = body as { customerId: string; webhookURL?: string | null };
    const customer = ctx.customers.get(customerId);
    if (!customer) return customerNotFound(customerId);
    if (typeof webhookURL === 'string' && webhookURL !== '') customer.webhookURL = webhookURL;
    if (!customer.kycStarted) startKyc(customer);
    return ok(kycBundle(customer, false)); // later calls, APPROVED included, answer the bundle unchanged
  },
};

export const addAttributes: Route = {
  key: 'POST /customer/kyc/add-attributes',
  auth: true,
  body: 'json',
  handle(ctx, body) {
    const errors = validateAddAttributes(body);
    if (errors.length > 0) return validationError(errors);
    const { customerId, additionalAttributes } = body as { customerId: string; additionalAttributes?: JsonObject | null };
    if (!isObject(additionalAttributes)) return { status: 400, body: { code: 'exception', requestId: newRequestId() } };
    const customer = ctx.customers.get(customerId);
    if (!customer) return customerNotFound(customerId);
    if (customer.status !== WAITING_DATA) return notWaitingData();
    storeAttributes(customer, additionalAttributes);
    ctx.review.consider(customer);
    // kycAttributes sits beside data, as in the page's example (add-attributes-page.txt).
    return {
      status: 200,
      body: { code: '0', data: kycBundle(customer, false), kycAttributes: additionalAttributes, requestId: newRequestId() },
    };
  },
};

export const kycStatus: Route = {
  key: 'GET /customer/kyc/status/:customerId',
  auth: true,
  body: 'none',
  handle(ctx, _body, [customerId]) {
    const customer = ctx.customers.get(customerId);
    return customer ? ok(kycBundle(customer, true)) : customerNotFound(customerId);
  },
};

/** A new file replaces the previous one until KYC completes; the answer still says WAITING_DATA (the review comes later). */
export const kycUpload: Route = {
  key: 'POST /customer/kyc/upload/:customerId/:documentId',
  auth: true,
  body: 'multipart',
  handle(ctx, body, [customerId, documentId]) {
    const customer = ctx.customers.get(customerId);
    if (!customer) return customerNotFound(customerId);
    const document = customer.documents.find((d) => d.id === documentId);
    if (!document) return fail('documentNotFound', { documentId }, 'Document not found.');
    if (customer.status !== WAITING_DATA) return notWaitingData();
    const file = singleFile(body as Upload, ctx.maxUploadBytes);
    if ('status' in file) return file;
    document.uploadStatus = true;
    document.extension = extensionOf(file);
    customer.files.set(documentId, file);
    ctx.review.consider(customer);
    return ok(kycBundle(customer, false));
  },
};
