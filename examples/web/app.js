// KYC console: a static page over the connectFi GraphQL gateway. No build step, no library: fetch and the DOM.
//
// It sends trusted documents only: each operation goes as { documentId, operationName, variables }, the documentId
// being the operation's key in persisted-documents.json (the gateway's GATEWAY_TRUSTED_DOCUMENTS manifest, generated
// by `npm run codegen` from examples/operations/ and served beside this page). The page never sends document text.
//
// Layout: configuration and the gateway call first, then one small group of functions per panel (customer, card
// attributes form, live status, answer). A new panel (document upload) is another group plus a line in main().

const $ = (id) => document.getElementById(id);

const ui = {
  gatewayUrl: $('gateway-url'),
  customer: $('customer-id'),
  refresh: $('refresh-status'),
  status: $('customer-status'),
  form: $('attributes-form'),
  submit: $('submit-attributes'),
  answer: $('answer'),
  liveState: $('live-state'),
  liveEvents: $('live-events'),
};

// What the demo customers are when neither config.js nor the gateway says otherwise (the embedded simulator's).
const DEFAULT_CUSTOMERS = [
  { customerId: 'cstap_demoWaitingData1', kycStatus: 'WAITING_DATA' },
  { customerId: 'cstap_demoWaitingData2', kycStatus: 'WAITING_DATA' },
  { customerId: 'cstap_demoApproved1', kycStatus: 'APPROVED' },
];

const state = {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  endpoint: undefined,
  /** Operation name → sha256 hex of its trusted document. */
  documentIds: new Map(),
  /** The customer last shown in the customer panel (undefined while loading or on error). */
  customer: undefined,
  /** Counts customer loads, so an answer for an earlier pick never overwrites a later one. */
  customerLoads: 0,
  /** idempotencyKey of the submission in progress; kept for a retry only when retrying with it is safe. */
  idempotencyKey: undefined,
};

// ---------------------------------------------------------------------------------------------------------------
// Configuration and the gateway call

/**
 * The gateway's base URL: ?gateway=<url> wins, else config.js (written by `npm run demo`), else none.
 * config.js also lists the demo customers the gateway's embedded simulator logged.
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

/** What to show when the gateway did not run the operation (network, CORS, refusal, page problem). */
function failureDetails(result, { mutation }) {
  return failureParagraphs(result, mutation).filter(Boolean);
}

function failureParagraphs(result, mutation) {
  if (result.kind === 'network') {
    return [
      h('p', {}, 'Could not reach the gateway at ', code(state.endpoint), '. The network failed, the gateway is down, or it does not allow requests from this page\u2019s origin (',
        code(location.origin), ').'),
      mutation ? h('p', {}, 'The attributes may or may not have been applied: refresh the status before retrying.') : null,
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

// ---------------------------------------------------------------------------------------------------------------
// Customer panel: the picker, the KYC status and the document list

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
    return ui.status.replaceChildren(h('h3', {}, 'Status unavailable'), ...failureDetails(result, { mutation: false }));
  }
  const customer = result.data.customer;
  switch (customer.__typename) {
    case 'Customer':
      state.customer = customer;
      return renderCustomer(customer);
    case 'CustomerNotFoundError':
      return ui.status.replaceChildren(h('h3', {}, 'Unknown customer'), h('p', {}, `No customer ${customer.customerId} at connectFi.`), code(customer.code));
    case 'UpstreamError':
      return ui.status.replaceChildren(h('h3', {}, 'Status unavailable'),
        h('p', {}, `connectFi could not answer (${customer.code}). `, customer.retryable ? 'Refresh to try again.' : 'Trying again will not help.'));
    default:
      return ui.status.replaceChildren(h('h3', {}, 'Status unavailable'), h('p', {}, `Unexpected answer ${customer.__typename}.`));
  }
}

/** Also used with the customer inside a successful addKycAttributes answer. */
function renderCustomer(customer) {
  const kyc = customer.kyc ?? { status: customer.kycStatus, attributeCodes: [] };
  const requested = kyc.attributeCodes ?? [];
  ui.status.replaceChildren(
    h('h3', {}, customer.customerId),
    h('dl', { class: 'facts' },
      h('dt', {}, 'KYC status'), h('dd', {}, statusBadge(kyc.status ?? customer.kycStatus)),
      h('dt', {}, 'Still requested'), h('dd', {}, requested.length > 0 ? requested.map((c) => code(c)) : 'nothing'),
      customer.reference ? [h('dt', {}, 'Reference'), h('dd', {}, customer.reference)] : null,
      customer.createdAt ? [h('dt', {}, 'Created'), h('dd', {}, new Date(customer.createdAt).toLocaleString())] : null,
    ),
    renderDocuments(customer.kycDocumentList ?? []),
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

/** Inputs (the customer picker included) that carry a field path, by that path joined with dots. */
function fieldsByPath() {
  return new Map([...document.querySelectorAll('[data-path]')].map((input) => [input.dataset.path, input]));
}

function clearFieldError(input) {
  input.removeAttribute('aria-invalid');
  const error = $(`${input.id}-error`);
  error.textContent = '';
  error.hidden = true;
}

function clearFieldErrors() {
  for (const input of fieldsByPath().values()) clearFieldError(input);
}

/** Puts each message next to its input; answers the ones no input on the page matches. */
function showFieldErrors(fields) {
  const inputs = fieldsByPath();
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

function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function submitAttributes(event) {
  event.preventDefault();
  const customerId = ui.customer.value;
  state.idempotencyKey ??= newIdempotencyKey();
  const idempotencyKey = state.idempotencyKey;
  clearFieldErrors();
  ui.submit.disabled = true;
  ui.form.setAttribute('aria-busy', 'true');
  ui.answer.replaceChildren(h('p', { class: 'muted' }, `Sending to ${customerId}\u2026`));
  const input = { customerId, idempotencyKey, additionalAttributes: { cardAttributes: readAttributesForm() } };
  const result = await callGateway('AddKycAttributes', { input });
  ui.submit.disabled = false;
  ui.form.removeAttribute('aria-busy');
  // The same key is safe to send again only when nothing happened (NOT_APPLIED) or when we do not know whether the
  // request arrived (network): the gateway then either runs it or replays its first answer. Otherwise use a new one.
  const outcome = result.kind === 'data' ? result.data.addKycAttributes : undefined;
  const keepKey = result.kind === 'network' || (outcome?.__typename === 'UpstreamError' && outcome.outcome === 'NOT_APPLIED');
  if (!keepKey) state.idempotencyKey = undefined;
  renderAnswer(customerId, result);
}

// ---------------------------------------------------------------------------------------------------------------
// Answer panel: one rendering per member of AddKycAttributesResult

function renderAnswer(customerId, result) {
  if (result.kind !== 'data') {
    return showAnswer('error', result.kind === 'network' ? 'Gateway unreachable' : 'Not sent', failureDetails(result, { mutation: true }));
  }
  const answer = result.data.addKycAttributes;
  switch (answer.__typename) {
    case 'AddKycAttributesSuccess':
      return renderSuccess(answer);
    case 'KycStatusConflictError':
      return renderConflict(customerId, answer);
    case 'InvalidInputError':
      return renderInvalidInput(answer);
    case 'UpstreamError':
      return renderUpstreamError(answer);
    case 'CustomerNotFoundError':
      return showAnswer('error', 'Unknown customer', [
        h('p', {}, `connectFi has no customer ${answer.customerId}. Nothing was changed.`),
        h('p', {}, answer.message, ' ', code(answer.code)), requestIdLine(answer.requestId),
      ]);
    case 'IdempotencyKeyReuseError':
      return showAnswer('error', 'Submission key already used', [
        h('p', {}, 'This submission\u2019s key was already used with different values, so nothing was sent. Submit again: the page uses a new key.'),
        h('p', { class: 'muted' }, 'Key: ', code(answer.idempotencyKey)),
      ]);
    default:
      return showAnswer('error', 'Unexpected answer', [h('p', {}, `The gateway answered ${answer.__typename}, which this page does not know.`)]);
  }
}

function showAnswer(tone, title, body) {
  ui.answer.replaceChildren(h('div', { class: `answer answer-${tone}` }, h('h3', {}, title), body));
}

function renderSuccess(answer) {
  const card = answer.kycAttributes?.cardAttributes;
  if (answer.customer) {
    const known = state.customer?.customerId === answer.customer.customerId ? state.customer : {};
    state.customer = { ...known, ...answer.customer, kyc: answer.kyc, kycDocumentList: answer.kycDocumentList };
    renderCustomer(state.customer);
  }
  const requested = answer.kyc?.attributeCodes ?? [];
  showAnswer('success', 'Card attributes added', [
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
  ]);
}

function renderConflict(customerId, answer) {
  const known = state.customer?.customerId === customerId ? state.customer.kycStatus : undefined;
  showAnswer('warning', known === 'APPROVED' ? 'Customer already approved' : 'KYC is not waiting for data', [
    h('p', {}, known === 'APPROVED'
      ? `${customerId}\u2019s KYC is already APPROVED, so there is nothing left to add: `
      : `${customerId}\u2019s KYC is no longer waiting for data: `,
    `card attributes are accepted only while the status is ${answer.requiredStatus}. Nothing was changed.`),
    h('p', { class: 'muted' }, answer.message, ' ', code(answer.code)),
    requestIdLine(answer.requestId),
  ]);
  void loadCustomer(); // the status may have moved on since it was shown
}

function renderInvalidInput(answer) {
  const unmatched = showFieldErrors(answer.fields ?? []);
  showAnswer('error', 'Please correct the marked fields', [
    h('p', {}, 'Nothing was changed. ', answer.message, ' ', code(answer.code)),
    unmatched.length > 0 ? h('ul', {}, unmatched.map((f) => h('li', {}, code(f.path.join('.')), ': ', f.message))) : null,
    requestIdLine(answer.requestId),
  ]);
}

function renderUpstreamError(answer) {
  let title;
  let advice;
  let action = null;
  if (answer.outcome === 'UNKNOWN') {
    title = 'Outcome unknown';
    advice = 'The attributes may or may not have been applied: refresh the status before retrying.';
    action = h('button', { type: 'button', onclick: () => void loadCustomer() }, 'Refresh status');
  } else if (answer.retryable) {
    title = 'Not applied';
    advice = 'Nothing was changed; try again.';
    action = h('button', { type: 'button', onclick: () => ui.form.requestSubmit() }, 'Try again');
  } else {
    title = 'Not applied';
    advice = 'Nothing was changed, and trying again will not help: quote the request ID to PayGears support.';
  }
  showAnswer(answer.outcome === 'UNKNOWN' ? 'warning' : 'error', title, [
    h('p', { class: 'advice' }, advice),
    action,
    h('p', { class: 'muted' }, 'The gateway said: ', answer.message, ' ', code(answer.code)),
    requestIdLine(answer.requestId),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// Live status panel: Subscription.kycUpdates over WebSocket. The graphql-transport-ws protocol is small enough to
// write out (connection_init → connection_ack, subscribe → next… → complete, ping → pong): still no library.
// Like every other call it names its trusted document by documentId (graphql-ws wants a query string: "").

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
        return renderLiveEvent(message.payload);
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

const APPLICATION_STATUS_TEXT = { PENDING_STEP_UP: 'documents expected', WAITING_REVIEW: 'in review', COMPLETED: 'decided' };

function renderLiveEvent(payload) {
  const update = payload.data?.kycUpdates;
  const at = h('time', {}, new Date().toLocaleTimeString());
  if (!update) {
    const why = (payload.errors ?? []).map((e) => [e.message, ' ', code(e.extensions?.code ?? 'error')]);
    return ui.liveEvents.append(h('li', {}, at, 'Not available: ', why));
  }
  if (update.__typename === 'KycProcessUpdate') {
    const requested = update.kyc.attributeCodes ?? [];
    const documents = update.kycDocumentList ?? [];
    return ui.liveEvents.append(h('li', { 'data-kind': 'kyc' }, at, 'KYC ', statusBadge(update.kyc.status),
      requested.length > 0 ? ['; still requested: ', requested.map((c) => code(c))] : '; nothing requested',
      documents.length > 0 ? `; documents uploaded: ${documents.filter((d) => d.uploadStatus).length} of ${documents.length}` : ''));
  }
  if (update.__typename === 'KycApplicationUpdate') {
    const { applicationId, status, outcome } = update.application;
    return ui.liveEvents.append(h('li', { 'data-kind': 'application' }, at, 'Application ', code(applicationId), ': ', code(status),
      APPLICATION_STATUS_TEXT[status] ? ` (${APPLICATION_STATUS_TEXT[status]})` : '', outcome ? ['; outcome ', code(outcome)] : ''));
  }
  return ui.liveEvents.append(h('li', {}, at, `An update this page does not know: ${update.__typename}`));
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const config = await readConfig();
  state.endpoint = config.endpoint;
  ui.gatewayUrl.textContent = config.endpoint ?? 'not configured (add ?gateway=http://127.0.0.1:4000)';
  renderCustomerPicker(config.customers);
  ui.customer.addEventListener('change', () => {
    clearFieldErrors();
    state.idempotencyKey = undefined;
    ui.answer.replaceChildren(h('p', { class: 'muted' }, 'Nothing submitted yet.'));
    void loadCustomer();
    watchCustomer(ui.customer.value);
  });
  ui.refresh.addEventListener('click', () => void loadCustomer());
  ui.form.addEventListener('submit', (event) => void submitAttributes(event));
  ui.form.addEventListener('input', (event) => { if (event.target.dataset.path) clearFieldError(event.target); }); // edited: no longer marked
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
