// The /akepa/* KYC flow (docs/connectfi-api.md 6, 7): applications, their documents, and the staff review of the WaitReview
// sandbox trigger. Customers without the trigger are approved in the identification answer itself.
import type { Context, Reply, Route } from './handlers.js';
import { customerNotFound, fail, ok, validationError } from './handlers.js';
import { newRequestId, randomAlnum } from './ids.js';
import { validateAkepaStatus, validateGenerate, validateIdentification, validateUpdate } from './akepa-validate.js';
import type { FileInfo, Upload } from './uploads.js';
import { singleFile } from './uploads.js';
import { isObject } from './validate.js';

export const WAIT_REVIEW = 'WaitReview'; // last name that forces the manual-review path (docs/connectfi-api.md 6)
const PENDING_STEP_UP = 'pending_step_up';
const WAITING_REVIEW = 'waiting_review';
const COMPLETED = 'completed';
/** Driver's licence front and back (docs/connectfi-api.md 6): two uploaded `license` documents move the trigger to review. */
const LICENSES_NEEDED = 2;

interface EntityApplication {
  entityId: string;
  isCustomer: boolean;
  status: string;
  outcome: string | null;
  documentIds: Set<string>;
}

interface Application {
  applicationId: string;
  customerId: string;
  reference: string;
  status: string;
  /** Approved / Denied once completed, else null. */
  outcome: string | null;
  entities: EntityApplication[];
  webhookURL?: string;
}

interface AkepaDocument {
  id: string;
  extension: string;
  type: string;
  file?: FileInfo;
}

export class AkepaStore {
  readonly applications = new Map<string, Application>();
  readonly documents = new Map<string, AkepaDocument>();
  /** reference -> applicationId: a reference names one application. */
  readonly references = new Map<string, string>();

  reset(): void {
    this.applications.clear();
    this.documents.clear();
    this.references.clear();
  }
}

/** The application as identification, status, update and the webhook (7.4) all show it. */
function view(app: Application, aggregatorId: string): object {
  return {
    applicationId: app.applicationId,
    aggregatorId,
    customerId: app.customerId,
    reference: app.reference,
    status: app.status,
    outcome: app.outcome,
    entityApplications: app.entities.map(({ entityId, isCustomer, status, outcome }) => ({ entityId, isCustomer, status, outcome })),
  };
}

const applicationNotFound = (applicationId: string) => fail('applicationNotFound', { applicationId }, 'Application not found.', 404);
const documentNotFound = (documentId: string) => fail('documentNotFound', { documentId }, 'Document not found.');

/** The customer's application, or the documented refusal (customer first, then application). */
function findApplication(ctx: Context, customerId: string, applicationId: string): Application | Reply {
  if (!ctx.customers.get(customerId)) return customerNotFound(customerId);
  const app = ctx.akepa.applications.get(applicationId);
  return app && app.customerId === customerId ? app : applicationNotFound(applicationId);
}

export const identification: Route = {
  key: 'POST /akepa/identification',
  auth: true,
  body: 'json',
  handle(ctx, body) {
    const errors = validateIdentification(body);
    if (errors.length > 0) return validationError(errors);
    const { reference, customerId, webhookURL, webhookUrl } = body as Record<string, string | undefined>;
    const customer = ctx.customers.get(customerId!);
    if (!customer) return customerNotFound(customerId!);
    const existing = ctx.akepa.references.get(reference!);
    if (existing !== undefined) return fail('referenceExists', { reference, entityId: existing }, 'Reference exists.');
    const review = customer.person.lastName === WAIT_REVIEW;
    const app: Application = {
      applicationId: `iapp_${randomAlnum(22)}`,
      customerId: customer.customerId,
      reference: reference!,
      status: review ? PENDING_STEP_UP : COMPLETED,
      outcome: review ? null : 'Approved',
      entities: [{ entityId: customer.customerId, isCustomer: true, status: review ? PENDING_STEP_UP : COMPLETED, outcome: review ? null : 'approved', documentIds: new Set() }],
      webhookURL: webhookURL ?? webhookUrl ?? undefined,
    };
    ctx.akepa.applications.set(app.applicationId, app);
    ctx.akepa.references.set(app.reference, app.applicationId);
    return ok(view(app, ctx.login)); // the direct answer: no webhook for this change (7.4)
  },
};

export const akepaStatus: Route = {
  key: 'POST /akepa/status',
  auth: true,
  body: 'json',
  handle(ctx, body) {
    const errors = validateAkepaStatus(body);
    if (errors.length > 0) return validationError(errors);
    const { customerId, applicationId } = body as { customerId: string; applicationId: string };
    const app = findApplication(ctx, customerId, applicationId);
    return 'applicationId' in app ? ok(view(app, ctx.login)) : app;
  },
};

export const generateDocument: Route = {
  key: 'POST /akepa/document/generate',
  auth: true,
  body: 'json',
  handle(ctx, body) {
    const errors = validateGenerate(body);
    if (errors.length > 0) return validationError(errors);
    const { extension, type } = body as { extension: string; type: string }; // name and notes are not kept
    const document: AkepaDocument = { id: `adoc_${randomAlnum(22)}`, extension, type };
    ctx.akepa.documents.set(document.id, document);
    return ok({ id: document.id, uploadStatus: false });
  },
};

/** Repeat uploads overwrite. A file whose bytes are not the declared jpg/png is refused. */
export const uploadDocument: Route = {
  key: 'POST /akepa/document/upload/:documentId',
  auth: true,
  body: 'multipart',
  handle(ctx, body, [documentId]) {
    const document = ctx.akepa.documents.get(documentId);
    if (!document) return documentNotFound(documentId);
    const file = singleFile(body as Upload, ctx.maxUploadBytes);
    if ('status' in file) return file;
    if (file.type !== document.extension) {
      return fail('fileTypeMismatch', { documentId, extension: document.extension, detectedType: file.type }, 'File content does not match the extension.');
    }
    document.file = file;
    return ok({ id: document.id, uploadStatus: true, extension: document.extension });
  },
};

/** Every check before any change: an update is applied whole or not at all. */
function checkUpdate(ctx: Context, app: Application, documents: { entityId: string; documentId: string }[]): Reply | undefined {
  if (app.status === COMPLETED) return fail('statusApplicationEntity', undefined, 'Application entity status does not allow an update.');
  for (const { entityId, documentId } of documents) {
    if (!app.entities.some((e) => e.entityId === entityId)) return fail('entityNotFound', { entityId }, 'Entity not found.');
    const document = ctx.akepa.documents.get(documentId);
    if (!document) return documentNotFound(documentId);
    if (!document.file) return fail('fileNotFound', undefined, 'File not found.');
  }
  return undefined;
}

export const update: Route = {
  key: 'POST /akepa/update',
  auth: true,
  body: 'json',
  handle(ctx, body) {
    const errors = validateUpdate(body);
    if (errors.length > 0) return validationError(errors);
    const { customerId, applicationId, documents } = body as { customerId: string; applicationId: string; documents: { entityId: string; documentId: string }[] };
    const app = findApplication(ctx, customerId, applicationId);
    if (!('applicationId' in app)) return app;
    const refused = checkUpdate(ctx, app, documents);
    if (refused) return refused;
    for (const { entityId, documentId } of documents) app.entities.find((e) => e.entityId === entityId)!.documentIds.add(documentId);
    if (app.status === PENDING_STEP_UP && app.entities.every((e) => licenses(ctx, e) >= LICENSES_NEEDED)) {
      app.status = WAITING_REVIEW;
      for (const e of app.entities) e.status = WAITING_REVIEW;
    }
    return ok(view(app, ctx.login));
  },
};

function licenses(ctx: Context, entity: EntityApplication): number {
  return [...entity.documentIds].filter((id) => ctx.akepa.documents.get(id)?.type === 'license').length;
}

/**
 * POST /__sim/akepa/review { customerId, applicationId, outcome }: what PayGears staff do by hand (docs/connectfi-api.md 6). Only an
 * application in waiting_review; it becomes completed, and its webhook URL gets the 7.4 body once.
 */
export function staffReview(ctx: Context, body: unknown): Reply {
  if (!isObject(body) || (body.outcome !== 'Approved' && body.outcome !== 'Denied')) {
    return { status: 400, body: { code: 'badRequest', message: 'body must be { customerId, applicationId, outcome: "Approved" | "Denied" }' } };
  }
  const app = ctx.akepa.applications.get(String(body.applicationId));
  if (!app || app.customerId !== body.customerId) return { status: 400, body: { code: 'badRequest', message: 'no such application for this customer' } };
  if (app.status !== WAITING_REVIEW) return { status: 400, body: { code: 'badRequest', message: `application is ${app.status}, not ${WAITING_REVIEW}` } };
  app.status = COMPLETED;
  app.outcome = body.outcome;
  for (const e of app.entities) {
    e.status = COMPLETED;
    e.outcome = body.outcome.toLowerCase();
  }
  const data = view(app, ctx.login);
  ctx.webhooks.send(app.webhookURL, { code: '0', data, requestId: newRequestId() });
  return { status: 200, body: { ok: true, application: data } };
}
