// Customers and their deprecated-flow KYC state, and the "KYC bundle" built from them (docs/connectfi-api.md 5.2).
import { createHash } from 'node:crypto';
import { randomAlnum } from './ids.js';
import type { FileInfo } from './uploads.js';

export interface DemoCustomer {
  customerId: string;
  kycStatus: string;
  description: string;
}

export interface KycDocument {
  id: string;
  label: string;
  type: string;
  documentSide: string;
  uploadStatus: boolean;
  extension?: string;
}

/** The person as /customer/init received it (documented fields only); the sandbox triggers read lastName (docs/connectfi-api.md 6). */
export interface Person {
  firstName: string;
  lastName: string;
  gender?: string;
  [field: string]: unknown;
}

export interface Customer {
  reference: string;
  customerId: string;
  customerType: string;
  person: Person;
  /** Both data.customer.kycStatus and data.kyc.status: they are equal in every documented example. */
  status: string;
  /** false until /customer/kyc/init: nothing is requested yet (docs/simulator-assumptions.md). */
  kycStarted: boolean;
  attributeCodes: string[];
  documents: KycDocument[];
  /** Size and detected type of each uploaded document, by document ID; never the bytes. */
  files: Map<string, FileInfo>;
  dtsCreatedAt: string;
  /** What add-attributes stored; the status endpoint reports it. */
  kycAttributes?: Record<string, unknown>;
  /** From /customer/kyc/init; the deprecated-flow webhook goes there. */
  webhookURL?: string;
}

export const WAITING_DATA = 'WAITING_DATA';
export const APPROVED = 'APPROVED';

/** Two LICENSE sides, as in the add-attributes example; uploaded ones carry an extension like the upload example. */
export function licenseDocuments(frontId: string, backId: string, uploaded: boolean): KycDocument[] {
  return ['FRONT', 'BACK'].map((side, i) => ({
    id: i === 0 ? frontId : backId,
    label: `LICENSE ${side}`,
    type: 'LICENSE',
    documentSide: side,
    uploadStatus: uploaded,
    ...(uploaded ? { extension: 'png' } : {}),
  }));
}

export function newDocumentId(): string {
  return `doc_${randomAlnum(22)}`;
}

/** A customer whose KYC was started (by kyc/init, or seeded as if it had been). */
function newCustomer(
  customerId: string,
  reference: string,
  status: string,
  person: Person,
  docIds: [string, string],
  dtsCreatedAt: string,
): Customer {
  const waiting = status === WAITING_DATA;
  return {
    reference,
    customerId,
    customerType: 'individual',
    person,
    status,
    kycStarted: true,
    attributeCodes: waiting ? ['cardAttributes'] : [],
    documents: licenseDocuments(docIds[0], docIds[1], !waiting),
    files: new Map(),
    dtsCreatedAt,
  };
}

/** A customer as /customer/init leaves it: no KYC process yet. */
function freshCustomer(customerId: string, reference: string, person: Person, dtsCreatedAt: string): Customer {
  return {
    reference, customerId, customerType: 'individual', person, status: WAITING_DATA, kycStarted: false,
    attributeCodes: [], documents: [], files: new Map(), dtsCreatedAt,
  };
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    customerId: 'cstap_demoWaitingData1',
    kycStatus: WAITING_DATA,
    description: 'KYC waits for cardAttributes and two LICENSE documents (FRONT, BACK) not yet uploaded',
  },
  { customerId: 'cstap_demoWaitingData2', kycStatus: WAITING_DATA, description: 'a second WAITING_DATA customer' },
  { customerId: 'cstap_demoApproved1', kycStatus: APPROVED, description: 'KYC already APPROVED: add-attributes is refused' },
  {
    customerId: 'cstap_demoNoKyc1',
    kycStatus: WAITING_DATA,
    description: 'deprecated flow from the start: KYC not started, /customer/kyc/init requests cardAttributes and two LICENSE documents',
  },
  {
    customerId: 'cstap_demoWaitReview1',
    kycStatus: WAITING_DATA,
    description: 'akepa sandbox trigger (last name WaitReview): identification answers pending_step_up',
  },
];

/** Fresh objects on every call, so a reset really undoes whatever the flows changed. Fixed IDs keep runs comparable. */
function seededCustomers(): Customer[] {
  const created = '2024-01-15T10:00:00.000Z';
  return [
    newCustomer('cstap_demoWaitingData1', 'demoRef1', WAITING_DATA, { firstName: 'Jessie', lastName: 'Testman', gender: 'F' },
      ['doc_LagW5C3whVeDp3fIVq041M', 'doc_2IUU0SQZqS4lefDu2axmVC'], created),
    newCustomer('cstap_demoWaitingData2', 'demoRef2', WAITING_DATA, { firstName: 'John', lastName: 'Testman', gender: 'M' },
      ['doc_oYBn91k7TjbzsyyN7KZFTT', 'doc_5ISh3wWDFrDJl6xuCvTfZF'], created),
    newCustomer('cstap_demoApproved1', 'demoRef3', APPROVED, { firstName: 'Janice', lastName: 'Sample', gender: 'F' },
      ['doc_sYGNuywMvTsC6kBU3bbDT0', 'doc_kx9auvGpXb149VW8R2wuiy'], created),
    freshCustomer('cstap_demoNoKyc1', 'demoRef4', { firstName: 'Robin', lastName: 'Freshman', gender: 'F' }, created),
    freshCustomer('cstap_demoWaitReview1', 'demoRef5', { firstName: 'Alex', lastName: 'WaitReview', gender: 'M' }, created),
  ];
}

/** SSNs are only compared, so only a digest is kept. */
const ssnDigest = (ssn: string) => createHash('sha256').update(ssn).digest('base64url');

export class CustomerStore {
  private customers = new Map<string, Customer>();
  private byReference = new Map<string, string>();
  private bySsn = new Map<string, string>();

  constructor(private readonly seed: boolean) {
    this.reset();
  }

  /** Back to the seeded state; customers made through /__sim/customers or /customer/init are forgotten. */
  reset(): void {
    this.customers = new Map();
    this.byReference = new Map();
    this.bySsn = new Map();
    if (this.seed) for (const c of seededCustomers()) this.put(c);
  }

  get(customerId: string): Customer | undefined {
    return this.customers.get(customerId);
  }

  /** The customer already holding this reference or SSN (/customer/init refuses both, docs/connectfi-api.md 4). */
  withReference(reference: string): string | undefined {
    return this.byReference.get(reference);
  }

  withSsn(ssn: string): string | undefined {
    return this.bySsn.get(ssnDigest(ssn));
  }

  /** POST /customer/init: a new customer, KYC not started. */
  init(reference: string, person: Person, ssn: string | undefined): Customer {
    const customer = freshCustomer(`cstap_${randomAlnum(22)}`, reference, person, new Date().toISOString());
    this.put(customer);
    if (ssn !== undefined) this.bySsn.set(ssnDigest(ssn), customer.customerId);
    return customer;
  }

  /** Test and benchmark customers; an existing ID is replaced, so re-running a setup starts clean. */
  create(ids: string[], status: string, lastName = 'Testman'): void {
    const now = new Date().toISOString();
    for (const id of ids) {
      this.put(newCustomer(id, `ref${id.slice(6).replace(/[^0-9A-Za-z]/g, '')}`, status,
        { firstName: 'John', lastName, gender: 'M' }, [newDocumentId(), newDocumentId()], now));
    }
  }

  private put(customer: Customer): void {
    this.customers.set(customer.customerId, customer);
    this.byReference.set(customer.reference, customer.customerId);
  }
}

/** Merge newly accepted attributes; a delivered group is no longer requested, but KYC stays WAITING_DATA (as in the docs' example). */
export function storeAttributes(customer: Customer, attributes: Record<string, unknown>): void {
  customer.kycAttributes = { ...customer.kycAttributes, ...attributes };
  if (attributes.cardAttributes !== undefined) {
    customer.attributeCodes = customer.attributeCodes.filter((code) => code !== 'cardAttributes');
  }
}

/** The customer record: data.customer in the KYC bundle, data of /customer/init. */
export function customerRecord(c: Customer): Record<string, unknown> {
  return {
    reference: c.reference,
    customerId: c.customerId,
    customerType: c.customerType,
    customer: c.person,
    kycStatus: c.status,
    boises: [],
    dtsCreatedAt: c.dtsCreatedAt,
  };
}

/** The `data` of init, status, upload and add-attributes answers. Shares the stored arrays: it is serialised at once, never kept. */
export function kycBundle(c: Customer, withAttributes: boolean): Record<string, unknown> {
  const bundle: Record<string, unknown> = {
    customer: customerRecord(c),
    kyc: { attributeCodes: c.attributeCodes, system: 'condor', mode: 'licenseUSACondor', status: c.status },
    kycDocumentList: c.documents,
  };
  if (withAttributes && c.kycAttributes !== undefined) bundle.kycAttributes = c.kycAttributes;
  return bundle;
}
