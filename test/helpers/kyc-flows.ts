// KYC journeys to the point where connectFi's staff (the simulator's /__sim review calls) decide, driven through the
// gateway's GraphQL where it has the operation, and straight to the simulator for the file uploads (the gateway's
// upload route is not what these tests are about).
import { postGraphQL } from './stack.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
let counter = 0;

export const START_KYC = `mutation($id: ID!, $key: String) { startKyc(input: { customerId: $id, idempotencyKey: $key }) {
  __typename ... on StartKycSuccess { requestId kyc { status } kycDocumentList { id } } } }`;
export const START_VERIFICATION = `mutation($id: ID!, $ref: String!, $key: String) {
  startKycVerification(input: { customerId: $id, reference: $ref, idempotencyKey: $key }) {
  __typename ... on KycApplication { applicationId status } ... on ErrorResult { code } } }`;
const PREPARE = `mutation($id: ID!) { prepareKycApplicationDocumentUpload(input: { customerId: $id, workflow: PERSONAL, type: LICENSE, name: "licence", extension: PNG }) {
  __typename ... on KycDocumentUploadTarget { documentId } } }`;
const SUBMIT = `mutation($id: ID!, $app: ID!, $docs: [KycApplicationDocumentInput!]!) {
  submitKycApplicationDocuments(input: { customerId: $id, applicationId: $app, documents: $docs }) { __typename ... on KycApplication { status } } }`;
const ADD = `mutation($id: ID!) { addKycAttributes(input: { customerId: $id, additionalAttributes: { cardAttributes: {
  productId: "Virtual_Debit_Card", nameOnCard: "ADA TESTER", designId: "1", addressType: PRIMARY, issueType: NEW } } }) { __typename } }`;

export const reference = () => `live${process.pid}x${Date.now()}x${++counter}`;

/** The simulator as a test drives it: its control API and direct uploads. */
export class SimulatorDriver {
  private token?: string;

  constructor(readonly url: string, private readonly login: string, private readonly password: string) {}

  /** A new customer (KYC started, WAITING_DATA; last name WaitReview: akepa waits for staff review). */
  async customer(lastName = 'WaitReview'): Promise<string> {
    const res = await this.control('customers', { count: 1, lastName, prefix: `lv${++counter}x${process.pid}x` });
    return ((await res.json()) as { customerIds: string[] }).customerIds[0];
  }

  control(name: string, body: unknown): Promise<Response> {
    return fetch(`${this.url}/__sim/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  async stats(): Promise<any> {
    return (await fetch(`${this.url}/__sim/stats`)).json();
  }

  /** Bodies connectFi received on a route, e.g. 'POST /akepa/identification'. */
  async requests(route: string): Promise<any[]> {
    return ((await (await fetch(`${this.url}/__sim/requests?route=${encodeURIComponent(route)}`)).json()) as { bodies: any[] }).bodies;
  }

  /** The webhookURL the gateway gave connectFi for this customer on `route`. */
  async webhookUrl(route: 'POST /akepa/identification' | 'POST /customer/kyc/init', customerId: string): Promise<string> {
    const body = (await this.requests(route)).reverse().find((b) => b.customerId === customerId);
    if (typeof body?.webhookURL !== 'string') throw new Error(`no webhookURL sent for ${customerId} on ${route}`);
    return body.webhookURL;
  }

  async upload(path: string): Promise<void> {
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'licence.png');
    const res = await fetch(this.url + path, { method: 'POST', headers: { 'x-connectfi-token': await this.getToken() }, body: form });
    if (res.status !== 200) throw new Error(`upload ${path} answered ${res.status}: ${await res.text()}`);
  }

  private async getToken(): Promise<string> {
    if (this.token) return this.token;
    const res = await fetch(`${this.url}/auth/get-token`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: { login: this.login, password: this.password } }),
    });
    this.token = ((await res.json()) as { data: { token: string } }).data.token;
    return this.token;
  }
}

/** startKycVerification, two licence sides prepared, uploaded and submitted: the application waits for review. */
export async function applicationInReview(gateway: string, sim: SimulatorDriver, customerId: string, headers: Record<string, string> = {}): Promise<string> {
  const started = (await postGraphQL(gateway, START_VERIFICATION, { id: customerId, ref: reference() }, headers)).body.data.startKycVerification;
  if (started.__typename !== 'KycApplication') throw new Error(`startKycVerification: ${JSON.stringify(started)}`);
  const documents = [];
  for (let i = 0; i < 2; i++) {
    const { documentId } = (await postGraphQL(gateway, PREPARE, { id: customerId }, headers)).body.data.prepareKycApplicationDocumentUpload;
    await sim.upload(`/akepa/document/upload/${documentId}`);
    documents.push({ entityId: customerId, documentId });
  }
  const submitted = (await postGraphQL(gateway, SUBMIT, { id: customerId, app: started.applicationId, docs: documents }, headers)).body.data;
  if (submitted.submitKycApplicationDocuments.status !== 'WAITING_REVIEW') throw new Error(`submit: ${JSON.stringify(submitted)}`);
  return started.applicationId;
}

/** Deprecated flow: startKyc (registers the webhook URL), card attributes, both documents uploaded: ready for review. */
export async function kycReadyForReview(gateway: string, sim: SimulatorDriver, customerId: string, headers: Record<string, string> = {}): Promise<void> {
  const started = (await postGraphQL(gateway, START_KYC, { id: customerId }, headers)).body.data.startKyc;
  if (started.__typename !== 'StartKycSuccess') throw new Error(`startKyc: ${JSON.stringify(started)}`);
  const added = (await postGraphQL(gateway, ADD, { id: customerId }, headers)).body.data.addKycAttributes;
  if (added.__typename !== 'AddKycAttributesSuccess') throw new Error(`addKycAttributes: ${JSON.stringify(added)}`);
  for (const { id } of started.kycDocumentList) await sim.upload(`/customer/kyc/upload/${customerId}/${id}`);
}

export const reviewApplication = (sim: SimulatorDriver, customerId: string, applicationId: string, outcome = 'Approved') =>
  sim.control('akepa/review', { customerId, applicationId, outcome });
export const reviewKyc = (sim: SimulatorDriver, customerId: string) => sim.control('kyc/review', { customerId });
