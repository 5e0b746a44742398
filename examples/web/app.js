// KYC console: a static page over the connectFi GraphQL gateway. No build step, no library: fetch, XMLHttpRequest
// (for upload progress) and the DOM.
//
// It sends trusted documents only: each operation goes as { documentId, operationName, variables }, the documentId
// being the operation's key in persisted-documents.json (the gateway's GATEWAY_TRUSTED_DOCUMENTS manifest, generated
// by `npm run codegen` from examples/operations/ and served beside this page). The page never sends document text.
//
// Layout: configuration and the gateway call first, then shared helpers (DOM, idempotency keys, advice on upstream
// failures, the upload form), then one small group of functions per panel (customer and Start KYC, card attributes
// form, answer, document uploads, verification, live status). A new panel is another group plus a line in main().

const $ = (id) => document.getElementById(id);

const ui = {
  gatewayUrl: $('gateway-url'),
  customer: $('customer-id'),
  refresh: $('refresh-status'),
  startKyc: $('start-kyc'),
  status: $('customer-status'),
  form: $('attributes-form'),
  submit: $('submit-attributes'),
  answer: $('answer'),
  documentUploads: $('document-uploads'),
  verificationForm: $('verification-form'),
  reference: $('verification-reference'),
  startVerification: $('start-verification'),
  application: $('application'),
  akepaDocuments: $('akepa-documents'),
  akepaDocumentForm: $('akepa-document-form'),
  akepaDocumentList: $('akepa-document-list'),
  submitAkepaDocuments: $('submit-akepa-documents'),
  verificationAnswer: $('verification-answer'),
  liveState: $('live-state'),
  liveEvents: $('live-events'),
};

// What the demo customers are when neither config.js nor the gateway says otherwise (the embedded simulator's).
const DEFAULT_CUSTOMERS = [
  { customerId: 'cstap_demoWaitingData1', kycStatus: 'WAITING_DATA' },
  { customerId: 'cstap_demoWaitingData2', kycStatus: 'WAITING_DATA' },
  { customerId: 'cstap_demoApproved1', kycStatus: 'APPROVED' },
  { customerId: 'cstap_demoNoKyc1', kycStatus: 'WAITING_DATA' },
  { customerId: 'cstap_demoWaitReview1', kycStatus: 'WAITING_DATA' },
];

const state = {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  endpoint: undefined,
  /** The embedded connectFi simulator's URL (config.js of `npm run demo`), for the demo-only hints; else undefined. */
  simulator: undefined,
  /** Operation name → sha256 hex of its trusted document. */
  documentIds: new Map(),
  /** The customer last shown in the customer panel (undefined while loading or on error). */
  customer: undefined,
  /** Counts customer loads, so an answer for an earlier pick never overwrites a later one. */
  customerLoads: 0,
};

// ---------------------------------------------------------------------------------------------------------------
// Configuration and the gateway call

/**
 * The gateway's base URL: ?gateway=<url> wins, else config.js (written by `npm run demo`), else none.
 * config.js also lists the demo customers the gateway's embedded simulator logged, and the simulator's URL.
 */
async function readConfig() {
  let config = {};
  try {
    config = (await import('./config.js')).default ?? {};
  } catch {
    // No config.js: the page is served by something other than scripts/demo.mjs. ?gateway= must say where.
  }
  const fromQuery = new URLSearchParams(location.search).get('gateway');
  const gateway = fromQuery || config.gateway;
  return {
    endpoint: gateway ? graphqlEndpoint(gateway) : undefined,
    customers: Array.isArray(config.customers) && config.customers.length > 0 ? config.customers : DEFAULT_CUSTOMERS,
    // Only meaningful beside the gateway config.js names: another gateway (?gateway=) has another connectFi.
    simulator: !fromQuery && typeof config.simulator === 'string' ? config.simulator : undefined,
  };
}

function graphqlEndpoint(gateway) {
  const url = new URL(gateway, location.href);
  if (!url.pathname.endsWith('/graphql')) url.pathname = `${url.pathname.replace(/\/$/, '')}/graphql`;
  return url.href;
}

/** Operation name → documentId, read from the manifest served beside the page ({ "<sha256 hex>": "<document>" }). */
async function loadDocumentIds() {
  const response = await fetch(new URL('persisted-documents.json', location.href), { cache: 'no-store' });
  if (!response.ok) throw new Error(`persisted-documents.json answered ${response.status}`);
  const manifest = await response.json();
  const ids = new Map();
  for (const [hash, document] of Object.entries(manifest)) {
    const name = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(document)?.[1];
    if (name) ids.set(name, hash);
  }
  return ids;
}

/**
 * Runs one trusted document. Resolves (never rejects) with one of:
 *   { kind: 'data', data }                        the operation ran (its union says how it went)
 *   { kind: 'refused', status, errors: [{ message, code }] }   the gateway refused the request itself
 *   { kind: 'network', message }                  no answer: the network failed or CORS did not allow this origin
 *   { kind: 'page', message }                     the page cannot send it (not configured, unknown operation)
 */
async function callGateway(operationName, variables) {
  if (!state.endpoint) return { kind: 'page', message: 'No gateway configured: open the page with ?gateway=http://127.0.0.1:4000 or run npm run demo.' };
  const documentId = state.documentIds.get(operationName);
  if (!documentId) return { kind: 'page', message: `persisted-documents.json has no operation named ${operationName}.` };
  let response;
  try {
    response = await fetch(state.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ documentId: `sha256:${documentId}`, operationName, variables }),
    });
  } catch (error) {
    return { kind: 'network', message: error instanceof Error ? error.message : String(error) };
  }
  let body;
  try {
    body = await response.json();
  } catch {
    return { kind: 'refused', status: response.status, errors: [{ message: `The gateway answered ${response.status} without a GraphQL body.` }] };
  }
  if (Array.isArray(body?.errors) && body.errors.length > 0) {
    return {
      kind: 'refused',
      status: response.status,
      errors: body.errors.map((e) => ({ message: String(e?.message ?? 'error'), code: e?.extensions?.code })),
    };
  }
  if (body?.data) return { kind: 'data', data: body.data };
  return { kind: 'refused', status: response.status, errors: [{ message: 'The gateway answered without data.' }] };
}

// ---------------------------------------------------------------------------------------------------------------
// DOM helpers (text only: nothing the gateway says is parsed as HTML)

function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  element.append(...children.flat(Infinity).filter((child) => child !== undefined && child !== null && child !== false));
  return element;
}

const code = (text) => h('code', {}, String(text));

/** Replaces what `element` shows with `children` (nested arrays flattened; null, undefined and false left out). */
function show(element, ...children) {
  element.replaceChildren(...children.flat(Infinity).filter((child) => child !== undefined && child !== null && child !== false));
}

function requestIdLine(requestId) {
  return requestId ? h('p', { class: 'request-id' }, 'Request ID, for PayGears support: ', code(requestId)) : null;
}

const KYC_STATUS_TEXT = {
  WAITING_DATA: 'Waiting for data',
  APPROVED: 'Approved',
  UNKNOWN: 'Not known to this gateway version',
};

function statusBadge(status) {
  return h('span', { class: 'kyc-status' },
    h('span', { class: `badge badge-${String(status).toLowerCase()}` }, KYC_STATUS_TEXT[status] ?? String(status)), ' ', code(status));
}

/** A message box: tone success, warning or error; a title; paragraphs. */
function answerBox(tone, title, body) {
  return h('div', { class: `answer answer-${tone}` }, h('h3', {}, title), body);
}

/**
 * What to show when the gateway did not run the operation (network, CORS, refusal, page problem). `applied` names
 * what a mutation would have changed ("The attributes"); reads leave it out.
 */
function failureDetails(result, { applied } = {}) {
  return failureParagraphs(result, applied).filter(Boolean);
}

function failureParagraphs(result, applied) {
  if (result.kind === 'network') {
    return [
      h('p', {}, 'Could not reach the gateway at ', code(state.endpoint), '. The network failed, the gateway is down, or it does not allow requests from this page\u2019s origin (',
        code(location.origin), ').'),
      applied ? h('p', {}, `${applied} may or may not have been applied: refresh the status before retrying.`) : null,
      h('p', { class: 'muted' }, 'The browser said: ', result.message),
    ];
  }
  if (result.kind === 'refused') {
    return [
      h('p', {}, `The gateway refused the request (HTTP ${result.status}). Nothing was applied.`),
      h('ul', {}, result.errors.map((e) => h('li', {}, e.message, e.code ? [' ', code(e.code)] : null))),
    ];
  }
  return [h('p', {}, result.message)];
}

function failureTitle(result) {
  return result.kind === 'network' ? 'Gateway unreachable' : 'Not sent';
}

/**
 * How to present a failure with UpstreamError's semantics (a GraphQL UpstreamError, or an upload's error answer):
 * `outcome` UNKNOWN: it may have been applied, read before retrying; NOT_APPLIED and retryable: nothing changed, try
 * again; otherwise trying again will not help. `retry` and `refresh` become buttons.
 */
function upstreamAdvice({ outcome, retryable, retryAfterSeconds }, { what = 'it', retry, refresh } = {}) {
  if (outcome === 'UNKNOWN') {
    return {
      tone: 'warning',
      title: 'Outcome unknown',
      advice: `${capitalize(what)} may or may not have been applied: refresh the status before retrying.`,
      actions: [refresh ? h('button', { type: 'button', onclick: refresh }, 'Refresh status') : null],
    };
  }
  if (retryable) {
    const wait = retryAfterSeconds ? ` in ${retryAfterSeconds} s` : '';
    return {
      tone: 'error',
      title: 'Not applied',
      advice: `Nothing was changed; try again${wait}.`,
      actions: [retry ? h('button', { type: 'button', onclick: retry }, 'Try again') : null],
    };
  }
  return {
    tone: 'error',
    title: 'Not applied',
    advice: 'Nothing was changed, and trying again will not help: quote the request ID to PayGears support.',
    actions: [],
  };
}

function upstreamBox(answer, outcome, options) {
  const { tone, title, advice, actions } = upstreamAdvice({ ...answer, outcome }, options);
  return answerBox(tone, title, [
    h('p', { class: 'advice' }, advice),
    actions,
    h('p', { class: 'muted' }, 'The gateway said: ', answer.message, ' ', code(answer.code)),
    requestIdLine(answer.requestId),
  ]);
}

const capitalize = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** Inputs inside `scope` (and the customer picker) that carry a field path, by that path joined with dots. */
function fieldsByPath(scope) {
  const inputs = [ui.customer, ...scope.querySelectorAll('[data-path]')];
  return new Map(inputs.map((input) => [input.dataset.path, input]));
}

function clearFieldError(input) {
  input.removeAttribute('aria-invalid');
  const error = $(`${input.id}-error`);
  error.textContent = '';
  error.hidden = true;
}

function clearFieldErrors(scope) {
  for (const input of fieldsByPath(scope).values()) clearFieldError(input);
}

/** Puts each message next to its input in `scope`; answers the ones no input there matches. */
function showFieldErrors(fields, scope) {
  const inputs = fieldsByPath(scope);
  const unmatched = [];
  let first;
  for (const field of fields) {
    const input = inputs.get(field.path.join('.'));
    if (!input) {
      unmatched.push(field);
      continue;
    }
    const error = $(`${input.id}-error`);
    error.textContent = error.textContent ? `${error.textContent} ${field.message}` : field.message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    first ??= input;
  }
  first?.focus();
  return unmatched;
}

/** An InvalidInputError: messages next to their fields in `scope`, the rest listed. */
function invalidInputBox(answer, scope) {
  const unmatched = showFieldErrors(answer.fields ?? [], scope);
  return answerBox('error', 'Please correct the marked fields', [
    h('p', {}, 'Nothing was changed. ', answer.message, ' ', code(answer.code)),
    unmatched.length > 0 ? h('ul', {}, unmatched.map((f) => h('li', {}, code(f.path.join('.')), ': ', f.message))) : null,
    requestIdLine(answer.requestId),
  ]);
}

function keyReuseBox(answer) {
  return answerBox('error', 'Submission key already used', [
    h('p', {}, 'This submission\u2019s key was already used with different values, so nothing was sent. Submit again: the page uses a new key.'),
    h('p', { class: 'muted' }, 'Key: ', code(answer.idempotencyKey)),
  ]);
}

function unknownCustomerBox(answer) {
  return answerBox('error', 'Unknown customer', [
    h('p', {}, `connectFi has no customer ${answer.customerId}. Nothing was changed.`),
    h('p', {}, answer.message, ' ', code(answer.code)), requestIdLine(answer.requestId),
  ]);
}

function unexpectedBox(member) {
  return answerBox('error', 'Unexpected answer', [h('p', {}, `The gateway answered ${member.__typename}, which this page does not know.`)]);
}

// ---------------------------------------------------------------------------------------------------------------
// Idempotency keys: one per action (start KYC, card attributes, verification, submit documents). A key is sent
// again only when that is safe and useful: after UpstreamError NOT_APPLIED (nothing happened) or a network failure
// (we do not know whether it arrived: the gateway then runs it or replays its first answer). Otherwise a new one.

const pendingKeys = new Map();

function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function keyFor(action) {
  if (!pendingKeys.has(action)) pendingKeys.set(action, newIdempotencyKey());
  return pendingKeys.get(action);
}

/** `outcome`: the answer's UpstreamError outcome (aliased in some operations), if it is one. */
function settleKey(action, result, member, outcome) {
  const keep = result.kind === 'network' || (member?.__typename === 'UpstreamError' && outcome === 'NOT_APPLIED');
  if (!keep) pendingKeys.delete(action);
}

// ---------------------------------------------------------------------------------------------------------------
// Customer panel: the picker, the KYC status and the document list; Start KYC

function renderCustomerPicker(customers) {
  ui.customer.replaceChildren(...customers.map((c) => h('option', { value: c.customerId, title: c.description }, c.customerId)));
}

async function loadCustomer() {
  const customerId = ui.customer.value;
  const load = ++state.customerLoads;
  state.customer = undefined;
  ui.status.setAttribute('aria-busy', 'true');
  ui.status.replaceChildren(h('p', { class: 'muted' }, `Loading ${customerId}\u2026`));
  const result = await callGateway('Customer', { customerId });
  if (load !== state.customerLoads) return; // a later pick is on its way
  ui.status.removeAttribute('aria-busy');
  if (result.kind !== 'data') {
    return ui.status.replaceChildren(h('h3', {}, 'Status unavailable'), ...failureDetails(result));
  }
  const customer = result.data.customer;
  switch (customer.__typename) {
    case 'Customer':
      return showCustomer(customer);
    case 'CustomerNotFoundError':
      return ui.status.replaceChildren(h('h3', {}, 'Unknown customer'), h('p', {}, `No customer ${customer.customerId} at connectFi.`), code(customer.code));
    case 'UpstreamError':
      return ui.status.replaceChildren(h('h3', {}, 'Status unavailable'),
        h('p', {}, `connectFi could not answer (${customer.code}). `, customer.retryable ? 'Refresh to try again.' : 'Trying again will not help.'));
    default:
      return ui.status.replaceChildren(h('h3', {}, 'Status unavailable'), h('p', {}, `Unexpected answer ${customer.__typename}.`));
  }
}

/** The customer (as read, or as a mutation or a live event left it) in the customer and document upload panels. */
function showCustomer(customer) {
  state.customer = customer;
  renderCustomer(customer);
  renderDocumentUploads(customer);
}

/** What a mutation's answer or a live event says about the shown customer, over what the panel knew. */
function updateCustomer(customerId, { customer, kyc, kycDocumentList }) {
  if (state.customer?.customerId !== customerId) return; // another customer, or a load is on its way
  showCustomer({ ...state.customer, ...customer, kyc, kycDocumentList });
}

function renderCustomer(customer) {
  const kyc = customer.kyc ?? { status: customer.kycStatus, attributeCodes: [] };
  const requested = kyc.attributeCodes ?? [];
  const documents = customer.kycDocumentList ?? [];
  const nothingAsked = kyc.status === 'WAITING_DATA' && requested.length === 0 && documents.length === 0;
  show(ui.status,
    h('h3', {}, customer.customerId),
    h('dl', { class: 'facts' },
      h('dt', {}, 'KYC status'), h('dd', {}, statusBadge(kyc.status ?? customer.kycStatus)),
      h('dt', {}, 'Still requested'), h('dd', {}, requested.length > 0 ? requested.map((c) => code(c)) : 'nothing'),
      customer.reference ? [h('dt', {}, 'Reference'), h('dd', {}, customer.reference)] : null,
      customer.createdAt ? [h('dt', {}, 'Created'), h('dd', {}, new Date(customer.createdAt).toLocaleString())] : null,
    ),
    nothingAsked ? h('p', { class: 'hint' }, 'connectFi asks for nothing yet: if KYC was never started for this customer, Start KYC to see what it needs.') : null,
    renderDocuments(documents),
  );
}

function renderDocuments(documents) {
  if (documents.length === 0) return h('p', { class: 'muted' }, 'No documents expected.');
  return h('table', { class: 'documents' },
    h('caption', {}, 'Documents'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Document'), h('th', { scope: 'col' }, 'Side'), h('th', { scope: 'col' }, 'Uploaded'))),
    h('tbody', {}, documents.map((d) => h('tr', { 'data-document-id': d.id },
      h('td', {}, d.label), h('td', {}, d.documentSide ?? '\u2013'), h('td', {}, d.uploadStatus ? 'yes' : 'no')))),
  );
}

async function startKyc() {
  const customerId = ui.customer.value;
  ui.startKyc.disabled = true;
  ui.answer.replaceChildren(h('p', { class: 'muted' }, `Starting KYC for ${customerId}\u2026`));
  const result = await callGateway('StartKyc', { input: { customerId, idempotencyKey: keyFor('startKyc') } });
  ui.startKyc.disabled = false;
  const member = result.kind === 'data' ? result.data.startKyc : undefined;
  settleKey('startKyc', result, member, member?.outcome);
  if (!member) return showAnswer(answerBox('error', failureTitle(result), failureDetails(result, { applied: 'Starting KYC' })));
  switch (member.__typename) {
    case 'StartKycSuccess':
      updateCustomer(customerId, member);
      return showAnswer(startedBox(member));
    case 'KycStatusConflictError':
      void loadCustomer(); // the status may have moved on since it was shown
      return showAnswer(answerBox('warning', 'KYC cannot be started', [
        h('p', {}, `${customerId}\u2019s KYC is not ${member.requiredStatus} (it may already be approved), so there is nothing to start. Nothing was changed.`),
        h('p', { class: 'muted' }, member.message, ' ', code(member.code)), requestIdLine(member.requestId),
      ]));
    case 'InvalidInputError':
      return showAnswer(invalidInputBox(member, ui.form));
    case 'CustomerNotFoundError':
      return showAnswer(unknownCustomerBox(member));
    case 'IdempotencyKeyReuseError':
      return showAnswer(keyReuseBox(member));
    case 'UpstreamError':
      return showAnswer(upstreamBox(member, member.outcome, { what: 'starting KYC', retry: () => void startKyc(), refresh: () => void loadCustomer() }));
    default:
      return showAnswer(unexpectedBox(member));
  }
}

function startedBox(answer) {
  const requested = answer.kyc?.attributeCodes ?? [];
  const documents = (answer.kycDocumentList ?? []).filter((d) => !d.uploadStatus);
  const needs = [
    requested.length > 0 ? h('li', {}, 'attributes: ', requested.map((c) => code(c)), requested.includes('cardAttributes') ? ' (the card attributes form)' : '') : null,
    documents.length > 0 ? h('li', {}, 'documents: ', documents.map((d) => d.label).join(', '), ' (the document uploads panel)') : null,
  ].filter(Boolean);
  return answerBox('success', 'KYC started', [
    h('p', {}, `connectFi\u2019s KYC for ${answer.customer?.customerId ?? 'the customer'} is `, statusBadge(answer.kyc?.status),
      needs.length > 0 ? '. It still needs:' : ': it needs nothing more from you.'),
    needs.length > 0 ? h('ul', { 'aria-label': 'What connectFi still needs' }, needs) : null,
    requestIdLine(answer.requestId),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// Card attributes form

function readAttributesForm() {
  const data = new FormData(ui.form);
  return {
    productId: String(data.get('productId')),
    nameOnCard: String(data.get('nameOnCard')),
    designId: String(data.get('designId')),
    addressType: String(data.get('addressType')),
    issueType: String(data.get('issueType')),
  };
}

async function submitAttributes(event) {
  event.preventDefault();
  const customerId = ui.customer.value;
  const idempotencyKey = keyFor('attributes');
  clearFieldErrors(ui.form);
  ui.submit.disabled = true;
  ui.form.setAttribute('aria-busy', 'true');
  ui.answer.replaceChildren(h('p', { class: 'muted' }, `Sending to ${customerId}\u2026`));
  const input = { customerId, idempotencyKey, additionalAttributes: { cardAttributes: readAttributesForm() } };
  const result = await callGateway('AddKycAttributes', { input });
  ui.submit.disabled = false;
  ui.form.removeAttribute('aria-busy');
  const member = result.kind === 'data' ? result.data.addKycAttributes : undefined;
  settleKey('attributes', result, member, member?.outcome);
  renderAnswer(customerId, result);
}

// ---------------------------------------------------------------------------------------------------------------
// Answer panel: the answer to the last Start KYC or card attributes submission, one rendering per union member

function showAnswer(box) {
  ui.answer.replaceChildren(box);
}

function renderAnswer(customerId, result) {
  if (result.kind !== 'data') return showAnswer(answerBox('error', failureTitle(result), failureDetails(result, { applied: 'The attributes' })));
  const answer = result.data.addKycAttributes;
  switch (answer.__typename) {
    case 'AddKycAttributesSuccess':
      return renderSuccess(answer);
    case 'KycStatusConflictError':
      return renderConflict(customerId, answer);
    case 'InvalidInputError':
      return showAnswer(invalidInputBox(answer, ui.form));
    case 'UpstreamError':
      return showAnswer(upstreamBox(answer, answer.outcome, {
        what: 'the attributes', retry: () => ui.form.requestSubmit(), refresh: () => void loadCustomer(),
      }));
    case 'CustomerNotFoundError':
      return showAnswer(unknownCustomerBox(answer));
    case 'IdempotencyKeyReuseError':
      return showAnswer(keyReuseBox(answer));
    default:
      return showAnswer(unexpectedBox(answer));
  }
}

function renderSuccess(answer) {
  const card = answer.kycAttributes?.cardAttributes;
  if (answer.customer) updateCustomer(answer.customer.customerId, answer);
  const requested = answer.kyc?.attributeCodes ?? [];
  showAnswer(answerBox('success', 'Card attributes added', [
    h('p', {}, `connectFi accepted the card attributes for ${answer.customer?.customerId ?? 'the customer'}. KYC status: `,
      statusBadge(answer.kyc?.status), requested.length > 0 ? `; still requested: ${requested.join(', ')}.` : '; no attributes are requested any more.'),
    card ? h('dl', { class: 'facts', 'aria-label': 'Accepted card attributes' },
      h('dt', {}, 'Product ID'), h('dd', {}, card.productId),
      h('dt', {}, 'Name on card'), h('dd', {}, card.nameOnCard),
      h('dt', {}, 'Design ID'), h('dd', {}, card.designId),
      h('dt', {}, 'Address type'), h('dd', {}, card.addressType ?? '\u2013'),
      h('dt', {}, 'Issue type'), h('dd', {}, card.issueType ?? '\u2013'),
    ) : null,
    requestIdLine(answer.requestId),
  ]));
}

function renderConflict(customerId, answer) {
  const known = state.customer?.customerId === customerId ? state.customer.kycStatus : undefined;
  showAnswer(answerBox('warning', known === 'APPROVED' ? 'Customer already approved' : 'KYC is not waiting for data', [
    h('p', {}, known === 'APPROVED'
      ? `${customerId}\u2019s KYC is already APPROVED, so there is nothing left to add: `
      : `${customerId}\u2019s KYC is no longer waiting for data: `,
    `card attributes are accepted only while the status is ${answer.requiredStatus}. Nothing was changed.`),
    h('p', { class: 'muted' }, answer.message, ' ', code(answer.code)),
    requestIdLine(answer.requestId),
  ]));
  void loadCustomer(); // the status may have moved on since it was shown
}

// ---------------------------------------------------------------------------------------------------------------
// Upload form, shared by both flows: for one KycDocumentUploadTarget, a file input (its accept attribute from
// acceptedContentTypes), a Send button, a progress bar and the gateway's answer. The file goes as
// multipart/form-data, in the part named fileField, by XMLHttpRequest (fetch has no upload progress). Size and type
// are checked here first, but the gateway judges (the content's magic bytes, not the name): its answer is shown.

const TYPE_NAMES = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'application/pdf': 'PDF' };
let uploadForms = 0;

function typeNames(types) {
  const names = types.map((t) => TYPE_NAMES[t] ?? t);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join('');
}

function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} bytes`;
}

/** Why the page will not send `file` to `target`, or undefined. An unknown type (no file.type) is the gateway's call. */
function fileProblem(file, target) {
  if (!file) return 'Choose a file first.';
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > target.maxBytes) return `${file.name} is ${formatBytes(file.size)}: at most ${formatBytes(target.maxBytes)} is accepted.`;
  if (file.type && !target.acceptedContentTypes.includes(file.type)) {
    return `${file.name} is ${file.type}: only ${typeNames(target.acceptedContentTypes)} is accepted.`;
  }
  return undefined;
}

/**
 * The upload form for `target`. onUploaded() after a 200; renew(where) resolves a new target (or undefined, having
 * shown why not in `where`) when the URL is no longer valid; refresh(), if given, re-reads whether connectFi has it.
 */
function uploadForm(target, { label, onUploaded, renew, refresh }) {
  const id = `upload-${++uploadForms}`;
  const input = h('input', { type: 'file', id, name: 'file', 'aria-describedby': `${id}-hint ${id}-error` });
  const hint = h('p', { class: 'hint', id: `${id}-hint` });
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const send = h('button', { type: 'submit' }, 'Send file');
  const progress = h('progress', { max: 100, value: 0, 'aria-label': `Upload progress: ${label}`, hidden: true });
  const percent = h('span', { class: 'percent' }, '');
  const result = h('div', { class: 'upload-result', role: 'status', 'aria-live': 'polite', 'aria-label': `Upload answer: ${label}` });
  const choose = h('div', {}, h('label', { for: id }, `File for ${label}`), input, hint, error);
  const form = h('form', { class: 'upload', novalidate: true, 'aria-label': `Upload ${label}` },
    choose, h('div', { class: 'row' }, send, progress, percent), result);

  const useTarget = (next) => {
    target = next;
    input.accept = target.acceptedContentTypes.join(',');
    hint.textContent = `${typeNames(target.acceptedContentTypes)}, at most ${formatBytes(target.maxBytes)}. `
      + `The upload link works once, until ${new Date(target.expiresAt).toLocaleTimeString()}.`;
  };
  const setError = (text) => {
    error.textContent = text ?? '';
    error.hidden = !text;
    if (text) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  const setProgress = (value, text) => {
    progress.hidden = text === '';
    progress.value = value;
    percent.textContent = text;
  };
  useTarget(target);

  input.addEventListener('change', () => {
    result.replaceChildren();
    setProgress(0, '');
    setError(input.files[0] ? fileProblem(input.files[0], target) : undefined);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void upload();
  });

  async function upload() {
    const file = input.files[0];
    const problem = fileProblem(file, target);
    setError(problem);
    if (problem) return input.focus();
    send.disabled = true;
    input.disabled = true;
    form.setAttribute('aria-busy', 'true');
    result.replaceChildren(h('p', { class: 'muted' }, `Sending ${file.name} (${formatBytes(file.size)})\u2026`));
    setProgress(0, '0 %');
    const answer = await sendFile(target, file, (sent, total) => {
      const value = total > 0 ? Math.round((sent / total) * 100) : 0;
      setProgress(value, sent >= total ? '100 %: sent, waiting for connectFi\u2026' : `${value} %`);
    });
    form.removeAttribute('aria-busy');
    if (answer.status === 200 && answer.body?.uploadStatus === true) {
      // The link is used: nothing more to choose. The bar stays as the upload's progress events left it (full).
      choose.hidden = true;
      send.hidden = true;
      percent.textContent = `${progress.value} %`;
      result.replaceChildren(answerBox('success', 'Uploaded', [h('p', {}, `connectFi has ${file.name} for ${label}.`)]));
      return onUploaded(answer.body);
    }
    setProgress(0, ''); // a full bar beside a refusal would read as success
    send.disabled = false;
    input.disabled = false;
    result.replaceChildren(uploadErrorBox(answer, {
      retry: () => void upload(),
      refresh,
      renew: renew && (async () => {
        const next = await renew(result);
        if (next) {
          useTarget(next);
          result.replaceChildren(h('p', { class: 'muted' }, 'New upload link ready: send the file again.'));
        }
      }),
    }));
  }
  return form;
}

/**
 * POSTs the file to the target as multipart/form-data. Resolves (never rejects) with { status, body } (body: the
 * gateway's JSON, or undefined) or { status: 0 } when no answer came (network, CORS).
 */
function sendFile(target, file, onProgress) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open(target.method, target.url);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener('load', () => {
      let body;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      resolve({ status: xhr.status, body });
    });
    xhr.addEventListener('error', () => resolve({ status: 0 }));
    xhr.addEventListener('abort', () => resolve({ status: 0 }));
    const data = new FormData();
    data.append(target.fileField, file, file.name);
    xhr.send(data);
  });
}

/** The gateway's error answer to an upload, as a person would want it: what happened, and what to do now. */
function uploadErrorBox(answer, { retry, refresh, renew }) {
  // Sending a file again is safe: connectFi keeps the last one (and a used link answers UPLOAD_TOKEN_INVALID).
  const again = h('button', { type: 'button', onclick: retry }, 'Send again');
  const check = refresh ? h('button', { type: 'button', onclick: refresh }, 'Refresh status') : null;
  if (answer.status === 0) {
    return answerBox('warning', 'No answer', [
      h('p', { class: 'advice' }, 'The upload got no answer: the network failed, the gateway is down, or it does not allow this page\u2019s origin. '
        + 'connectFi may or may not have the file: check, or send it again (a repeat replaces it).'),
      check, again,
    ]);
  }
  const error = answer.body?.error;
  if (!error) return answerBox('error', 'Unexpected answer', [h('p', {}, `The gateway answered HTTP ${answer.status} without an error this page can read.`)]);
  const said = [h('p', { class: 'muted' }, 'The gateway said: ', error.message, ' ', code(error.code), ` (HTTP ${answer.status})`), requestIdLine(error.requestId)];
  const box = (tone, title, advice, ...actions) => answerBox(tone, title, [h('p', { class: 'advice' }, advice), actions, said]);
  switch (error.code) {
    case 'UPLOAD_TOKEN_INVALID':
      return box('error', 'Upload link no longer valid', 'The link expired or was already used. Get a new one, then send the file again.',
        renew ? h('button', { type: 'button', onclick: renew }, 'Get a new upload link') : null);
    case 'UPLOAD_TOO_LARGE':
      return box('error', 'File too large', 'Nothing was stored. Choose a smaller file (a lower resolution scan or photo).');
    case 'UPLOAD_TYPE_NOT_ACCEPTED':
      return box('error', 'File type not accepted', 'Nothing was stored. The gateway looked at the file\u2019s content, not its name, and it is not a type '
        + 'accepted here. Choose a scan or a photo in an accepted format.');
    case 'UPLOAD_INVALID':
      return box('error', 'Upload not understood', 'Nothing was stored: the gateway expects exactly one non-empty file. Choose the file again and send it.');
    case 'UPLOAD_IN_PROGRESS':
      return box('warning', 'Already uploading', 'Another upload to this link is running (another tab?). Wait for it to end, then check.', check);
    case 'UPLOAD_INCOMPLETE':
      return box('error', 'Upload cut off', 'The file did not arrive whole, so nothing was stored. Send it again.', again);
    default:
      break;
  }
  const wait = error.retryAfterSeconds ? ` in ${error.retryAfterSeconds} s` : '';
  if (error.outcome === 'UNKNOWN') {
    return box('warning', 'Outcome unknown', 'The upload broke off at connectFi: it may or may not have the file. Check, or send it again (a repeat replaces it).', check, again);
  }
  if (error.retryable) return box('error', 'Not stored', `Nothing was stored; send the file again${wait}.`, again);
  if (error.code.startsWith('UPSTREAM_') || error.code.startsWith('UPLOAD_')) {
    return box('error', 'Not stored', 'Nothing was stored, and sending it again will not help: quote the request ID to PayGears support.');
  }
  // connectFi's own refusal (documentNotFound, statusNotWAITING_DATA, ...): final for this file.
  return box('error', 'connectFi refused the file', 'Nothing was stored, and sending it again will not help: refresh the status, or quote the request ID to PayGears support.', check);
}

// ---------------------------------------------------------------------------------------------------------------
// Document uploads panel (deprecated flow): one entry per document of the customer's kycDocumentList. "Upload"
// prepares a one-time URL (prepareKycDocumentUpload), then the upload form takes the file. Entries are kept per
// document while the customer stays the same, so a refresh never interrupts an upload in progress.

const documentEntries = { customerId: undefined, byId: new Map() };

function renderDocumentUploads(customer) {
  if (documentEntries.customerId !== customer.customerId) {
    documentEntries.customerId = customer.customerId;
    documentEntries.byId = new Map();
  }
  const documents = customer.kycDocumentList ?? [];
  if (documents.length === 0) {
    return ui.documentUploads.replaceChildren(h('p', { class: 'muted' }, 'connectFi expects no documents from this customer (Start KYC if it was never started).'));
  }
  const approved = (customer.kyc?.status ?? customer.kycStatus) === 'APPROVED';
  ui.documentUploads.replaceChildren(h('ul', { class: 'uploads' }, documents.map((d) => documentEntry(customer.customerId, d, approved))));
}

function documentEntry(customerId, document, approved) {
  let entry = documentEntries.byId.get(document.id);
  if (!entry) {
    entry = newDocumentEntry(customerId, document);
    documentEntries.byId.set(document.id, entry);
  }
  entry.update(document, approved);
  return entry.element;
}

function newDocumentEntry(customerId, document) {
  const label = document.label;
  const uploaded = h('span', { class: 'badge' });
  const prepare = h('button', { type: 'button' }, `Upload ${label}`);
  const slot = h('div', { class: 'upload-slot' });
  const element = h('li', { 'data-document-id': document.id, 'aria-label': label },
    h('div', { class: 'row' }, h('strong', {}, label), uploaded), prepare, slot);
  const prepareTarget = async (where) => {
    where.replaceChildren(h('p', { class: 'muted' }, 'Getting an upload link\u2026'));
    const result = await callGateway('PrepareKycDocumentUpload', { input: { customerId, documentId: document.id } });
    const member = result.kind === 'data' ? result.data.prepareKycDocumentUpload : undefined;
    if (member?.__typename === 'KycDocumentUploadTarget') return member;
    where.replaceChildren(prepareFailureBox(result, member, () => void loadCustomer()));
    return undefined;
  };
  prepare.addEventListener('click', async () => {
    prepare.disabled = true;
    const target = await prepareTarget(slot);
    prepare.disabled = false;
    if (!target) return;
    prepare.hidden = true;
    const refresh = () => void loadCustomer();
    slot.replaceChildren(uploadForm(target, { label, onUploaded: refresh, refresh, renew: prepareTarget }));
  });
  return {
    element,
    update(current, approved) {
      uploaded.className = `badge ${current.uploadStatus ? 'badge-approved' : 'badge-waiting_data'}`;
      uploaded.textContent = current.uploadStatus ? 'uploaded' : 'not uploaded';
      // Until approval a file can be replaced; an entry with an upload form open keeps it.
      if (slot.querySelector('form')) prepare.hidden = true;
      else {
        prepare.hidden = approved;
        prepare.textContent = current.uploadStatus ? `Replace ${label}` : `Upload ${label}`;
      }
    },
  };
}

/** Why no upload target came (both flows' prepare mutations share PrepareKycDocumentUploadResult). */
function prepareFailureBox(result, member, refresh) {
  if (!member) return answerBox('error', failureTitle(result), failureDetails(result));
  switch (member.__typename) {
    case 'KycDocumentNotFoundError':
      return answerBox('error', 'Document not found', [
        h('p', {}, `connectFi does not list document ${member.documentId} for this customer (any more). Refresh the status.`),
        h('button', { type: 'button', onclick: refresh }, 'Refresh status'),
        h('p', { class: 'muted' }, member.message, ' ', code(member.code)), requestIdLine(member.requestId),
      ]);
    case 'InvalidInputError':
      return answerBox('error', 'Not accepted', [
        h('p', {}, 'Nothing was prepared. ', member.message, ' ', code(member.code)),
        h('ul', {}, (member.fields ?? []).map((f) => h('li', {}, code(f.path.join('.')), ': ', f.message))),
        requestIdLine(member.requestId),
      ]);
    case 'CustomerNotFoundError':
      return unknownCustomerBox(member);
    case 'UpstreamError':
      // Preparing changes nothing a person cares about: whatever its outcome, asking again is safe.
      return upstreamBox(member, 'NOT_APPLIED', { what: 'preparing the upload' });
    default:
      return unexpectedBox(member);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Verification panel (akepa, connectFi's recommended flow): start an application with a reference, prepare and
// upload document images, submit them, follow the status (Refresh, or the live panel's KycApplicationUpdate events).

const APPLICATION_STATUS_TEXT = {
  PENDING_STEP_UP: 'documents expected',
  PENDING_DOCUMENTS: 'documents expected',
  WAITING_REVIEW: 'in review at PayGears',
  PENDING_JOURNEY_APPLICATION_REVIEW: 'in review at PayGears',
  RUNNING: 'being checked',
  DATA_REQUEST: 'customer data missing',
  COMPLETED: 'decided',
  UNKNOWN: 'not known to this gateway version',
};
const EXPECTS_DOCUMENTS = new Set(['PENDING_STEP_UP', 'PENDING_DOCUMENTS']);

const verification = {
  /** The application started (or last read) on this page for the picked customer. */
  application: undefined,
  /** Documents prepared for it: { documentId, name, type, extension, uploaded, submitted }. */
  documents: [],
};

function applicationBadge(status) {
  return h('span', { class: 'kyc-status' },
    h('span', { class: `badge badge-${String(status).toLowerCase()}` }, APPLICATION_STATUS_TEXT[status] ?? String(status)), ' ', code(status));
}

function outcomeBadge(outcome) {
  return h('span', { class: `badge badge-outcome-${String(outcome).toLowerCase()}` }, String(outcome));
}

/** letters and digits (connectFi's common-reference), new for each application. */
function newReference() {
  return `demo${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

function resetVerification() {
  verification.application = undefined;
  verification.documents = [];
  pendingKeys.delete('verification');
  pendingKeys.delete('submitDocuments');
  clearFieldErrors(ui.verificationForm);
  clearFieldErrors(ui.akepaDocumentForm);
  ui.reference.value = newReference();
  ui.application.replaceChildren(h('p', { class: 'muted' }, 'No verification started on this page for this customer.'));
  ui.akepaDocuments.hidden = true;
  ui.akepaDocumentList.replaceChildren();
  ui.verificationAnswer.replaceChildren();
}

function showVerificationAnswer(box) {
  ui.verificationAnswer.replaceChildren(box ?? '');
}

async function startVerification(event) {
  event.preventDefault();
  const customerId = ui.customer.value;
  clearFieldErrors(ui.verificationForm);
  ui.startVerification.disabled = true;
  showVerificationAnswer(h('p', { class: 'muted' }, `Starting a verification for ${customerId}\u2026`));
  const input = { customerId, reference: ui.reference.value, idempotencyKey: keyFor('verification') };
  const result = await callGateway('StartKycVerification', { input });
  ui.startVerification.disabled = false;
  const member = result.kind === 'data' ? result.data.startKycVerification : undefined;
  settleKey('verification', result, member, member?.mutationOutcome);
  if (!member) return showVerificationAnswer(answerBox('error', failureTitle(result), failureDetails(result, { applied: 'Starting the verification' })));
  switch (member.__typename) {
    case 'KycApplication':
      verification.application = member;
      verification.documents = [];
      ui.akepaDocumentList.replaceChildren();
      ui.reference.value = newReference(); // a reference names one application
      showVerificationAnswer(undefined);
      return renderApplication();
    case 'InvalidInputError':
      return showVerificationAnswer(invalidInputBox(member, ui.verificationForm));
    case 'CustomerNotFoundError':
      return showVerificationAnswer(unknownCustomerBox(member));
    case 'IdempotencyKeyReuseError':
      return showVerificationAnswer(keyReuseBox(member));
    case 'UpstreamError':
      return showVerificationAnswer(upstreamBox(member, member.mutationOutcome, {
        what: 'starting the verification', retry: () => ui.verificationForm.requestSubmit(),
      }));
    default:
      return showVerificationAnswer(unexpectedBox(member));
  }
}

function renderApplication() {
  const app = verification.application;
  const entities = app.entities ?? [];
  show(ui.application,
    h('h3', {}, 'Application ', code(app.applicationId)),
    h('dl', { class: 'facts' },
      app.reference ? [h('dt', {}, 'Reference'), h('dd', {}, app.reference)] : null,
      h('dt', {}, 'Status'), h('dd', {}, applicationBadge(app.status)),
      app.outcome ? [h('dt', {}, 'Outcome'), h('dd', {}, outcomeBadge(app.outcome))] : null,
      entities.length > 0 ? [h('dt', {}, 'Checked'), h('dd', {}, entities.map((e) => h('div', {},
        code(e.entityId), e.isCustomer ? ' (the customer): ' : ': ', code(e.status), e.outcome ? [' ', outcomeBadge(e.outcome)] : null)))] : null,
    ),
    h('p', { class: 'next-step' }, nextStep(app)),
    app.status === 'WAITING_REVIEW' || app.status === 'PENDING_JOURNEY_APPLICATION_REVIEW' ? staffApprovalHint(app) : null,
    h('button', { type: 'button', onclick: () => void refreshApplication() }, 'Refresh application'),
  );
  const expects = EXPECTS_DOCUMENTS.has(app.status);
  ui.akepaDocuments.hidden = !expects && verification.documents.length === 0;
  ui.akepaDocumentForm.hidden = !expects;
  renderSubmitButton();
}

function nextStep(app) {
  switch (app.status) {
    case 'PENDING_STEP_UP':
    case 'PENDING_DOCUMENTS':
      return 'connectFi needs document images (e.g. both sides of a driving licence): prepare each one below, upload its image, then submit them.';
    case 'WAITING_REVIEW':
    case 'PENDING_JOURNEY_APPLICATION_REVIEW':
      return 'PayGears staff review the documents by hand: nothing to do now. The decision shows up in the live panel.';
    case 'RUNNING':
      return 'connectFi is checking: nothing to do now.';
    case 'DATA_REQUEST':
      return 'Customer data the KYC procedure needs is missing: ask PayGears which.';
    case 'COMPLETED':
      return app.outcome === 'APPROVED' ? 'Approved: the verification is done.' : app.outcome === 'DENIED' ? 'Denied: the verification is done.' : 'Decided.';
    default:
      return 'A status this page does not know: refresh later.';
  }
}

/**
 * Demo only: PayGears staff decide in their back office. The embedded simulator stands in for them through its
 * control API, which is not the gateway's and answers no CORS preflight, so the page cannot call it: it shows the
 * command instead.
 */
function staffApprovalHint(app) {
  if (!state.simulator) return null;
  const body = JSON.stringify({ customerId: app.customerId, applicationId: app.applicationId, outcome: 'Approved' });
  return h('details', { class: 'demo-only' },
    h('summary', {}, 'Demo only: simulate PayGears staff approval'),
    h('p', {}, 'The embedded connectFi simulator stands in for PayGears staff through its control API (not the gateway, and not callable from this page). From a terminal:'),
    h('pre', {}, h('code', {}, `curl -X POST ${state.simulator}/__sim/akepa/review \\\n  -H 'content-type: application/json' \\\n  -d '${body}'`)));
}

async function refreshApplication() {
  const app = verification.application;
  if (!app) return;
  showVerificationAnswer(h('p', { class: 'muted' }, 'Reading the application\u2026'));
  const result = await callGateway('KycApplicationStatus', { customerId: app.customerId, applicationId: app.applicationId });
  if (verification.application?.applicationId !== app.applicationId) return; // another one by now
  const member = result.kind === 'data' ? result.data.kycApplication : undefined;
  if (!member) return showVerificationAnswer(answerBox('error', failureTitle(result), failureDetails(result)));
  switch (member.__typename) {
    case 'KycApplication':
      verification.application = member;
      showVerificationAnswer(undefined);
      return renderApplication();
    case 'KycApplicationNotFoundError':
      return showVerificationAnswer(answerBox('error', 'Application not found', [
        h('p', {}, `connectFi has no application ${member.applicationId} for this customer.`),
        h('p', { class: 'muted' }, member.message, ' ', code(member.code)), requestIdLine(member.requestId),
      ]));
    case 'CustomerNotFoundError':
      return showVerificationAnswer(unknownCustomerBox(member));
    case 'UpstreamError':
      return showVerificationAnswer(upstreamBox(member, member.readOutcome, { what: 'reading', retry: () => void refreshApplication() }));
    default:
      return showVerificationAnswer(unexpectedBox(member));
  }
}

/** A live KycApplicationUpdate: the panel follows its application. */
function applicationUpdated(application) {
  if (verification.application?.applicationId !== application.applicationId) return;
  verification.application = application;
  renderApplication();
}

function readAkepaDocumentForm() {
  const data = new FormData(ui.akepaDocumentForm);
  return { type: String(data.get('type')), name: String(data.get('name')), extension: String(data.get('extension')) };
}

async function prepareAkepaDocument(event) {
  event.preventDefault();
  const app = verification.application;
  if (!app) return;
  clearFieldErrors(ui.akepaDocumentForm);
  const fields = readAkepaDocumentForm();
  const button = ui.akepaDocumentForm.querySelector('button[type="submit"]');
  button.disabled = true;
  const prepared = await prepareAkepaTarget(app.customerId, fields, ui.verificationAnswer);
  button.disabled = false;
  if (!prepared) return;
  showVerificationAnswer(undefined);
  const doc = { documentId: prepared.documentId, ...fields, uploaded: false, submitted: false };
  verification.documents.push(doc);
  ui.akepaDocumentList.append(akepaDocumentEntry(app.customerId, doc, prepared));
  renderSubmitButton();
}

/** prepareKycApplicationDocumentUpload: a new connectFi document and its upload target, or undefined (shown in `where`). */
async function prepareAkepaTarget(customerId, { type, name, extension }, where) {
  where.replaceChildren(h('p', { class: 'muted' }, `Preparing ${name}\u2026`));
  const input = { customerId, workflow: 'PERSONAL', type, name, extension };
  const result = await callGateway('PrepareKycApplicationDocumentUpload', { input });
  const member = result.kind === 'data' ? result.data.prepareKycApplicationDocumentUpload : undefined;
  if (member?.__typename === 'KycDocumentUploadTarget') return member;
  if (member?.__typename === 'InvalidInputError') where.replaceChildren(invalidInputBox(member, ui.akepaDocumentForm));
  else where.replaceChildren(prepareFailureBox(result, member, () => void refreshApplication()));
  return undefined;
}

function akepaDocumentEntry(customerId, doc, target) {
  const label = `${doc.name} (${doc.type}, ${doc.extension})`;
  const badge = h('span', { class: 'badge badge-waiting_data' }, 'not uploaded');
  const element = h('li', { 'aria-label': doc.name }, h('div', { class: 'row' }, h('strong', {}, doc.name), ' ', code(doc.type), badge));
  element.append(uploadForm(target, {
    label,
    onUploaded: () => {
      doc.uploaded = true;
      badge.className = 'badge badge-approved';
      badge.textContent = 'uploaded, not yet submitted';
      renderSubmitButton();
    },
    // A used or expired link: a new connectFi document takes this one's place.
    renew: async (where) => {
      const next = await prepareAkepaTarget(customerId, doc, where);
      if (next) doc.documentId = next.documentId;
      return next;
    },
  }));
  doc.markSubmitted = () => {
    badge.textContent = 'submitted';
  };
  return element;
}

function renderSubmitButton() {
  const ready = verification.documents.filter((d) => d.uploaded && !d.submitted).length;
  const expects = EXPECTS_DOCUMENTS.has(verification.application?.status);
  ui.submitAkepaDocuments.hidden = !expects;
  ui.submitAkepaDocuments.disabled = ready === 0;
  ui.submitAkepaDocuments.textContent = ready === 1 ? 'Submit 1 uploaded document for review' : `Submit ${ready} uploaded documents for review`;
}

async function submitAkepaDocuments() {
  const app = verification.application;
  const ready = verification.documents.filter((d) => d.uploaded && !d.submitted);
  if (!app || ready.length === 0) return;
  ui.submitAkepaDocuments.disabled = true;
  showVerificationAnswer(h('p', { class: 'muted' }, `Submitting ${ready.length} document(s)\u2026`));
  const input = {
    customerId: app.customerId,
    applicationId: app.applicationId,
    // An individual: the customer is the application's only entity.
    documents: ready.map((d) => ({ entityId: app.customerId, documentId: d.documentId })),
    idempotencyKey: keyFor('submitDocuments'),
  };
  const result = await callGateway('SubmitKycApplicationDocuments', { input });
  const member = result.kind === 'data' ? result.data.submitKycApplicationDocuments : undefined;
  settleKey('submitDocuments', result, member, member?.mutationOutcome);
  renderSubmitButton();
  if (!member) return showVerificationAnswer(answerBox('error', failureTitle(result), failureDetails(result, { applied: 'The documents' })));
  const said = [h('p', { class: 'muted' }, member.message, ' ', code(member.code)), requestIdLine(member.requestId)];
  switch (member.__typename) {
    case 'KycApplication':
      for (const d of ready) {
        d.submitted = true;
        d.markSubmitted?.();
      }
      verification.application = member;
      renderApplication();
      return showVerificationAnswer(EXPECTS_DOCUMENTS.has(member.status)
        ? answerBox('warning', 'Documents attached: more needed', [h('p', {}, 'connectFi took the documents but still expects more (a driving licence needs both sides): prepare, upload and submit the rest.')])
        : answerBox('success', 'Documents submitted', [h('p', {}, 'connectFi has the documents. Status: ', applicationBadge(member.status), '.')]));
    case 'InvalidInputError':
      return showVerificationAnswer(answerBox('error', 'Documents not accepted', [
        h('p', {}, 'Nothing was changed.', member.code === 'fileNotFound' ? ' A document has no uploaded image yet.' : ''),
        h('ul', {}, (member.fields ?? []).map((f) => h('li', {}, code(f.path.join('.')), ': ', f.message))), said,
      ]));
    case 'KycDocumentNotFoundError':
      return showVerificationAnswer(answerBox('error', 'Document not found', [h('p', {}, `connectFi does not know document ${member.documentId}. Nothing was changed.`), said]));
    case 'KycApplicationCompletedError':
      void refreshApplication();
      return showVerificationAnswer(answerBox('warning', 'Application already decided', [h('p', {}, 'The application is completed and takes no more documents.'), said]));
    case 'KycApplicationNotFoundError':
      return showVerificationAnswer(answerBox('error', 'Application not found', [h('p', {}, `connectFi has no application ${member.applicationId} for this customer.`), said]));
    case 'CustomerNotFoundError':
      return showVerificationAnswer(unknownCustomerBox(member));
    case 'IdempotencyKeyReuseError':
      return showVerificationAnswer(keyReuseBox(member));
    case 'UpstreamError':
      return showVerificationAnswer(upstreamBox(member, member.mutationOutcome, {
        what: 'submitting the documents', retry: () => void submitAkepaDocuments(), refresh: () => void refreshApplication(),
      }));
    default:
      return showVerificationAnswer(unexpectedBox(member));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Live status panel: Subscription.kycUpdates over WebSocket. The graphql-transport-ws protocol is small enough to
// write out (connection_init → connection_ack, subscribe → next… → complete, ping → pong): still no library.
// Like every other call it names its trusted document by documentId (graphql-ws wants a query string: "").
// Each event is logged, and the customer and verification panels follow it.

const live = { socket: undefined, reconnect: undefined };

function liveEndpoint() {
  const url = new URL(state.endpoint);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

function setLiveState(text) {
  ui.liveState.textContent = text;
}

function stopWatching() {
  clearTimeout(live.reconnect);
  const socket = live.socket;
  live.socket = undefined;
  socket?.close(1000, 'customer changed');
}

function watchCustomer(customerId) {
  stopWatching();
  ui.liveEvents.replaceChildren();
  const documentId = state.documentIds.get('KycUpdates');
  if (!state.endpoint || !documentId) return setLiveState('Live status unavailable: no gateway or no KycUpdates trusted document.');
  const socket = new WebSocket(liveEndpoint(), 'graphql-transport-ws');
  live.socket = socket;
  setLiveState(`Connecting for ${customerId}\u2026`);
  const send = (message) => socket.send(JSON.stringify(message));
  socket.addEventListener('open', () => send({ type: 'connection_init', payload: {} }));
  socket.addEventListener('message', (event) => {
    if (live.socket !== socket) return;
    const message = JSON.parse(event.data);
    switch (message.type) {
      case 'connection_ack':
        setLiveState(`Watching ${customerId}: the current state, then each change.`);
        return send({ id: 'kyc', type: 'subscribe', payload: { query: '', documentId, operationName: 'KycUpdates', variables: { customerId } } });
      case 'ping':
        return send({ type: 'pong' });
      case 'next':
        return liveEvent(customerId, message.payload);
      case 'error':
        return setLiveState(`The gateway refused the subscription: ${message.payload.map((e) => e.message).join(' ')}`);
      case 'complete':
        return setLiveState('The subscription ended.');
    }
  });
  socket.addEventListener('close', (event) => {
    if (live.socket !== socket) return; // replaced by a newer customer's
    live.socket = undefined;
    // 1001: the gateway is shutting down (another instance takes over); 1006: the connection broke. Both: reconnect,
    // and the current state comes first again. Anything else (4403, a refused origin) would fail the same way again.
    const again = event.code === 1001 || event.code === 1006;
    setLiveState(`Disconnected (code ${event.code})${again ? ': reconnecting\u2026' : '.'}`);
    if (again) live.reconnect = setTimeout(() => watchCustomer(customerId), 2_000);
  });
}

function liveEvent(customerId, payload) {
  renderLiveEvent(payload);
  const update = payload.data?.kycUpdates;
  if (update?.__typename === 'KycProcessUpdate') updateCustomer(customerId, update);
  if (update?.__typename === 'KycApplicationUpdate') applicationUpdated(update.application);
}

function renderLiveEvent(payload) {
  const update = payload.data?.kycUpdates;
  const at = h('time', {}, new Date().toLocaleTimeString());
  if (!update) {
    const why = (payload.errors ?? []).map((e) => [e.message, ' ', code(e.extensions?.code ?? 'error')]);
    return appendLiveEvent(h('li', {}, at, 'Not available: ', why));
  }
  if (update.__typename === 'KycProcessUpdate') {
    const requested = update.kyc.attributeCodes ?? [];
    const documents = update.kycDocumentList ?? [];
    return appendLiveEvent(h('li', { 'data-kind': 'kyc' }, at, 'KYC ', statusBadge(update.kyc.status),
      requested.length > 0 ? ['; still requested: ', requested.map((c) => code(c))] : '; nothing requested',
      documents.length > 0 ? `; documents uploaded: ${documents.filter((d) => d.uploadStatus).length} of ${documents.length}` : ''));
  }
  if (update.__typename === 'KycApplicationUpdate') {
    const { applicationId, status, outcome } = update.application;
    return appendLiveEvent(h('li', { 'data-kind': 'application' }, at, 'Application ', code(applicationId), ': ', code(status),
      APPLICATION_STATUS_TEXT[status] ? ` (${APPLICATION_STATUS_TEXT[status]})` : '', outcome ? ['; outcome ', code(outcome)] : ''));
  }
  return appendLiveEvent(h('li', {}, at, `An update this page does not know: ${update.__typename}`));
}

/** The newest event stays in view. */
function appendLiveEvent(item) {
  ui.liveEvents.append(item);
  ui.liveEvents.scrollTop = ui.liveEvents.scrollHeight;
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const config = await readConfig();
  state.endpoint = config.endpoint;
  state.simulator = config.simulator;
  ui.gatewayUrl.textContent = config.endpoint ?? 'not configured (add ?gateway=http://127.0.0.1:4000)';
  renderCustomerPicker(config.customers);
  resetVerification();
  ui.customer.addEventListener('change', () => {
    clearFieldErrors(ui.form);
    pendingKeys.clear();
    ui.answer.replaceChildren(h('p', { class: 'muted' }, 'Nothing submitted yet.'));
    ui.documentUploads.replaceChildren(h('p', { class: 'muted' }, 'Loading\u2026'));
    resetVerification();
    void loadCustomer();
    watchCustomer(ui.customer.value);
  });
  ui.refresh.addEventListener('click', () => void loadCustomer());
  ui.startKyc.addEventListener('click', () => void startKyc());
  ui.form.addEventListener('submit', (event) => void submitAttributes(event));
  ui.verificationForm.addEventListener('submit', (event) => void startVerification(event));
  ui.akepaDocumentForm.addEventListener('submit', (event) => void prepareAkepaDocument(event));
  ui.submitAkepaDocuments.addEventListener('click', () => void submitAkepaDocuments());
  // Edited: no longer marked.
  for (const form of [ui.form, ui.verificationForm, ui.akepaDocumentForm]) {
    form.addEventListener('input', (event) => { if (event.target.dataset.path) clearFieldError(event.target); });
  }
  try {
    state.documentIds = await loadDocumentIds();
  } catch (error) {
    ui.status.replaceChildren(h('h3', {}, 'Page not ready'), h('p', {}, `Could not load the trusted documents: ${error.message}`));
    return;
  }
  watchCustomer(ui.customer.value);
  await loadCustomer();
}

void main();
