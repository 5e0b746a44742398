// The KYC journey through GraphQL, against the simulator over HTTP: starting KYC, upload targets, the akepa
// verification, and each error member from a real simulator answer.
import { ADD_KYC_ATTRIBUTES, cardInput } from './helpers/operations.js';
import { ROUTES, startStack, type Stack } from './helpers/stack.js';
import { JPG, PDF, PNG, upload } from './helpers/uploads.js';

const NO_KYC = 'cstap_demoNoKyc1';
const WAITING = 'cstap_demoWaitingData1';
const WAIT_REVIEW = 'cstap_demoWaitReview1';
const MISSING = 'cstap_missing';

const START_KYC = `mutation($id: ID!, $key: String) { startKyc(input: { customerId: $id, idempotencyKey: $key }) {
  __typename ... on ErrorResult { code message }
  ... on StartKycSuccess { requestId customer { customerId kycStatus } kyc { status attributeCodes } kycDocumentList { id label uploadStatus } }
  ... on UpstreamError { outcome retryable } ... on InvalidInputError { fields { path } } } }`;
const PREPARE = `mutation($id: ID!, $doc: ID!) { prepareKycDocumentUpload(input: { customerId: $id, documentId: $doc }) {
  __typename ... on ErrorResult { code } ... on KycDocumentNotFoundError { documentId }
  ... on KycDocumentUploadTarget { documentId url method fileField maxBytes acceptedContentTypes expiresAt } } }`;
const APPLICATION_FIELDS = 'applicationId customerId reference status outcome entities { entityId isCustomer status outcome }';
const VERIFY = `mutation($id: ID!, $ref: String!) { startKycVerification(input: { customerId: $id, reference: $ref }) {
  __typename ... on ErrorResult { code } ... on KycApplication { ${APPLICATION_FIELDS} } ... on UpstreamError { mutationOutcome: outcome retryable } } }`;
const READ_APPLICATION = `query($id: ID!, $app: ID!) { a: kycApplication(customerId: $id, applicationId: $app) {
  __typename ... on ErrorResult { code } ... on KycApplication { status } ... on UpstreamError { readOutcome: outcome } }
  b: kycApplication(customerId: $id, applicationId: $app) { __typename } }`;
const PREPARE_AKEPA = `mutation($id: ID!, $ext: KycDocumentExtension!, $type: KycApplicationDocumentType!) {
  prepareKycApplicationDocumentUpload(input: { customerId: $id, workflow: PERSONAL, type: $type, name: "licence", extension: $ext }) {
  __typename ... on ErrorResult { code } ... on KycDocumentUploadTarget { documentId url acceptedContentTypes } } }`;
const SUBMIT = `mutation($id: ID!, $app: ID!, $docs: [KycApplicationDocumentInput!]!) {
  submitKycApplicationDocuments(input: { customerId: $id, applicationId: $app, documents: $docs }) {
  __typename ... on ErrorResult { code } ... on KycDocumentNotFoundError { documentId } ... on KycApplicationNotFoundError { applicationId }
  ... on KycApplicationCompletedError { completedId: applicationId } ... on KycApplication { status } } }`;

describe('the KYC journey through GraphQL', () => {
  let stack: Stack;
  const calls = async (route: string) => (await stack.sim.stats()).requests[route] ?? 0;
  let reference = 0;
  const ref = () => `journey${process.pid}x${++reference}`; // connectFi common-reference: letters and digits

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sim.reset());

  describe('startKyc', () => {
    it('starts KYC on a fresh customer: what connectFi still needs, in one call', async () => {
      const r = await stack.gql(START_KYC, { id: NO_KYC });
      expect(r.body.data.startKyc).toMatchObject({
        __typename: 'StartKycSuccess',
        requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
        customer: { customerId: NO_KYC, kycStatus: 'WAITING_DATA' },
        kyc: { status: 'WAITING_DATA', attributeCodes: ['cardAttributes'] },
      });
      expect(r.body.data.startKyc.kycDocumentList.map((d: any) => d.label)).toEqual(['LICENSE FRONT', 'LICENSE BACK']);
      expect(await calls(ROUTES.kycInit)).toBe(1);
    });

    it('answers CustomerNotFoundError for an unknown customer, and InvalidInputError for a blank one without calling connectFi', async () => {
      expect((await stack.gql(START_KYC, { id: MISSING })).body.data.startKyc).toMatchObject({ __typename: 'CustomerNotFoundError', code: 'customerNotFound' });
      const blank = (await stack.gql(START_KYC, { id: ' ' })).body.data.startKyc;
      expect(blank).toMatchObject({ __typename: 'InvalidInputError', code: 'GATEWAY_VALIDATION', fields: [{ path: ['customerId'] }] });
      expect(await calls(ROUTES.kycInit)).toBe(1);
    });

    it.each([
      ['a 500', { kind: 'status', status: 500 }, 'UPSTREAM_SERVER_ERROR'],
      ['a reset', { kind: 'reset' }, 'UPSTREAM_CONNECTION_LOST'],
    ] as const)('reports %s as UpstreamError with outcome UNKNOWN, after exactly one call', async (_, fault, code) => {
      await stack.sim.faults([{ ...fault, route: ROUTES.kycInit, times: 1 }]);
      const r = await stack.gql(START_KYC, { id: NO_KYC });
      expect(r.body.data.startKyc).toMatchObject({ __typename: 'UpstreamError', code, outcome: 'UNKNOWN', retryable: true });
      expect(await calls(ROUTES.kycInit)).toBe(1);
    });

    it('answers a repeat with the same idempotencyKey from the store, without a second call', async () => {
      const first = await stack.gql(START_KYC, { id: NO_KYC, key: 'start-once' });
      const again = await stack.gql(START_KYC, { id: NO_KYC, key: 'start-once' });
      expect(again.body.data.startKyc.requestId).toBe(first.body.data.startKyc.requestId);
      expect(await calls(ROUTES.kycInit)).toBe(1);
    });
  });

  describe('prepareKycDocumentUpload', () => {
    it('answers a one-time upload target for a document in the customer\'s list', async () => {
      const documentId = (await stack.gql(START_KYC, { id: NO_KYC })).body.data.startKyc.kycDocumentList[0].id;
      const target = (await stack.gql(PREPARE, { id: NO_KYC, doc: documentId })).body.data.prepareKycDocumentUpload;
      expect(target).toMatchObject({
        __typename: 'KycDocumentUploadTarget', documentId, method: 'POST', fileField: 'file', maxBytes: 10 * 1024 * 1024,
        acceptedContentTypes: ['image/png', 'image/jpeg', 'application/pdf'],
      });
      expect(target.url.startsWith(`${stack.gateway.url}/uploads/`)).toBe(true);
      expect(Date.parse(target.expiresAt) - Date.now()).toBeGreaterThan(500_000);
    });

    it('answers KycDocumentNotFoundError for a document not in the list, CustomerNotFoundError for an unknown customer', async () => {
      expect((await stack.gql(PREPARE, { id: WAITING, doc: 'doc_notInTheList' })).body.data.prepareKycDocumentUpload)
        .toMatchObject({ __typename: 'KycDocumentNotFoundError', code: 'documentNotFound', documentId: 'doc_notInTheList' });
      expect((await stack.gql(PREPARE, { id: MISSING, doc: 'doc_x' })).body.data.prepareKycDocumentUpload)
        .toMatchObject({ __typename: 'CustomerNotFoundError' });
    });
  });

  describe('akepa', () => {
    it('starts a verification: completed and approved at once for an ordinary customer', async () => {
      const r0 = await stack.gql(VERIFY, { id: WAITING, ref: ref() });
      expect(r0.body.errors).toBeUndefined();
      const application = r0.body.data.startKycVerification;
      expect(application).toMatchObject({
        __typename: 'KycApplication', customerId: WAITING, status: 'COMPLETED', outcome: 'APPROVED',
        entities: [{ entityId: WAITING, isCustomer: true, status: 'COMPLETED', outcome: 'APPROVED' }],
      });
    });

    it('reads an application once per request however often it is asked, and answers KycApplicationNotFoundError for an unknown one', async () => {
      const { applicationId } = (await stack.gql(VERIFY, { id: WAIT_REVIEW, ref: ref() })).body.data.startKycVerification;
      const read = (await stack.gql(READ_APPLICATION, { id: WAIT_REVIEW, app: applicationId })).body.data;
      expect(read.a).toMatchObject({ __typename: 'KycApplication', status: 'PENDING_STEP_UP' });
      expect(await calls(ROUTES.applicationStatus)).toBe(1);
      const unknown = (await stack.gql(READ_APPLICATION, { id: WAIT_REVIEW, app: 'iapp_unknown' })).body.data;
      expect(unknown.a).toMatchObject({ __typename: 'KycApplicationNotFoundError', code: 'applicationNotFound' });
    });

    it('retries a read once after a 503, and reports a second failure as UpstreamError NOT_APPLIED', async () => {
      const { applicationId } = (await stack.gql(VERIFY, { id: WAIT_REVIEW, ref: ref() })).body.data.startKycVerification;
      await stack.sim.faults([{ kind: 'status', status: 503, route: ROUTES.applicationStatus, times: 2 }]);
      const read = (await stack.gql(READ_APPLICATION, { id: WAIT_REVIEW, app: applicationId })).body.data;
      expect(read.a).toMatchObject({ __typename: 'UpstreamError', readOutcome: 'NOT_APPLIED' });
      expect(await calls(ROUTES.applicationStatus)).toBe(2);
    });

    it('maps connectFi\'s codes: referenceExists, customerNotFound, extAkepa', async () => {
      const reused = ref();
      await stack.gql(VERIFY, { id: WAITING, ref: reused });
      expect((await stack.gql(VERIFY, { id: WAITING, ref: reused })).body.data.startKycVerification)
        .toMatchObject({ __typename: 'InvalidInputError', code: 'referenceExists' });
      expect((await stack.gql(VERIFY, { id: MISSING, ref: ref() })).body.data.startKycVerification)
        .toMatchObject({ __typename: 'CustomerNotFoundError' });
      await stack.sim.faults([{ kind: 'extAkepa', route: ROUTES.identification, times: 1 }]);
      expect((await stack.gql(VERIFY, { id: WAITING, ref: ref() })).body.data.startKycVerification)
        .toMatchObject({ __typename: 'UpstreamError', code: 'extAkepa', mutationOutcome: 'NOT_APPLIED', retryable: true });
    });

    it('prepares a document upload bound to the declared extension', async () => {
      const target = (await stack.gql(PREPARE_AKEPA, { id: WAIT_REVIEW, ext: 'PNG', type: 'FORM_1099' })).body.data.prepareKycApplicationDocumentUpload;
      expect(target).toMatchObject({ __typename: 'KycDocumentUploadTarget', documentId: expect.stringMatching(/^adoc_/), acceptedContentTypes: ['image/png'] });
      const [generated] = await stack.sim.requests(ROUTES.generateDocument);
      expect(generated).toMatchObject({ workflow: 'PERSONAL', type: '1099', extension: 'png', name: 'licence' });
    });

    it('refuses documents: unknown, never uploaded, unknown application, completed application', async () => {
      const { applicationId } = (await stack.gql(VERIFY, { id: WAIT_REVIEW, ref: ref() })).body.data.startKycVerification;
      const submit = async (app: string, documentId: string) =>
        (await stack.gql(SUBMIT, { id: WAIT_REVIEW, app, docs: [{ entityId: WAIT_REVIEW, documentId }] })).body.data.submitKycApplicationDocuments;
      expect(await submit(applicationId, 'adoc_unknown')).toMatchObject({ __typename: 'KycDocumentNotFoundError', code: 'documentNotFound', documentId: 'adoc_unknown' });
      const notUploaded = (await stack.gql(PREPARE_AKEPA, { id: WAIT_REVIEW, ext: 'PNG', type: 'LICENSE' })).body.data.prepareKycApplicationDocumentUpload.documentId;
      expect(await submit(applicationId, notUploaded)).toMatchObject({ __typename: 'InvalidInputError', code: 'fileNotFound' });
      expect(await submit('iapp_unknown', notUploaded)).toMatchObject({ __typename: 'KycApplicationNotFoundError', applicationId: 'iapp_unknown' });
      const completed = (await stack.gql(VERIFY, { id: WAITING, ref: ref() })).body.data.startKycVerification.applicationId;
      const r = await stack.gql(SUBMIT, { id: WAITING, app: completed, docs: [{ entityId: WAITING, documentId: notUploaded }] });
      expect(r.body.data.submitKycApplicationDocuments).toMatchObject({ __typename: 'KycApplicationCompletedError', code: 'statusApplicationEntity', completedId: completed });
    });
  });
});

describe('both journeys end to end, from a fresh customer, with real uploads', () => {
  let stack: Stack;
  const simulate = (path: string, body: unknown) =>
    fetch(`${stack.simulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    // The deprecated review happens when the test says (as PayGears' back office would, later).
    stack = await startStack({ simulator: { kycReviewDelayMs: null } });
  });
  afterAll(() => stack.close());

  it('deprecated flow: startKyc, card attributes, both documents uploaded, review: APPROVED', async () => {
    const started = (await stack.gql(START_KYC, { id: NO_KYC })).body.data.startKyc;
    expect(started.kyc.attributeCodes).toEqual(['cardAttributes']);
    const added = await stack.gql(ADD_KYC_ATTRIBUTES, cardInput(NO_KYC));
    expect(added.body.data.addKycAttributes.__typename).toBe('AddKycAttributesSuccess');
    for (const [document, file] of started.kycDocumentList.map((d: any, i: number) => [d, i === 0 ? PNG : PDF] as const)) {
      const target = (await stack.gql(PREPARE, { id: NO_KYC, doc: document.id })).body.data.prepareKycDocumentUpload;
      expect((await upload(target.url, file, 'scan')).json).toEqual({ documentId: document.id, uploadStatus: true });
    }
    expect((await simulate('/__sim/kyc/review', { customerId: NO_KYC })).status).toBe(200);
    const customer = (await stack.gql('query($id: ID!) { customer(customerId: $id) { ... on Customer { kycStatus kycDocumentList { uploadStatus } } } }', { id: NO_KYC })).body.data.customer;
    expect(customer).toEqual({ kycStatus: 'APPROVED', kycDocumentList: [{ uploadStatus: true }, { uploadStatus: true }] });
  });

  it('akepa: verification, two licence images uploaded and submitted, staff approval: COMPLETED and APPROVED', async () => {
    const application = (await stack.gql(VERIFY, { id: WAIT_REVIEW, ref: `endtoend${process.pid}` })).body.data.startKycVerification;
    expect(application.status).toBe('PENDING_STEP_UP');
    const documents = [];
    for (const [extension, file] of [['PNG', PNG], ['JPG', JPG]] as const) {
      const target = (await stack.gql(PREPARE_AKEPA, { id: WAIT_REVIEW, ext: extension, type: 'LICENSE' })).body.data.prepareKycApplicationDocumentUpload;
      expect((await upload(target.url, file, 'licence')).status).toBe(200);
      documents.push({ entityId: WAIT_REVIEW, documentId: target.documentId });
    }
    const submitted = (await stack.gql(SUBMIT, { id: WAIT_REVIEW, app: application.applicationId, docs: documents })).body.data.submitKycApplicationDocuments;
    expect(submitted).toEqual({ __typename: 'KycApplication', status: 'WAITING_REVIEW' });
    const review = { customerId: WAIT_REVIEW, applicationId: application.applicationId, outcome: 'Approved' };
    expect((await simulate('/__sim/akepa/review', review)).status).toBe(200);
    const read = await stack.gql(`query($id: ID!, $app: ID!) { kycApplication(customerId: $id, applicationId: $app) { ... on KycApplication { ${APPLICATION_FIELDS} } } }`,
      { id: WAIT_REVIEW, app: application.applicationId });
    expect(read.body.data.kycApplication).toMatchObject({
      status: 'COMPLETED', outcome: 'APPROVED', entities: [{ entityId: WAIT_REVIEW, isCustomer: true, status: 'COMPLETED', outcome: 'APPROVED' }],
    });
  });
});
