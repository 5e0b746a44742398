// Customers and their deprecated-flow KYC state, and the "KYC bundle" built from them (API.md 5.2).
import { randomAlnum } from './ids.js';

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

export interface Customer {
  reference: string;
  customerId: string;
  customerType: string;
  person: { firstName: string; lastName: string; gender: string };
  /** Both data.customer.kycStatus and data.kyc.status: they are equal in every documented example. */
  status: string;
  attributeCodes: string[];
  documents: KycDocument[];
  dtsCreatedAt: string;
  /** What add-attributes stored; the status endpoint reports it. */
  kycAttributes?: Record<string, unknown>;
}

export const WAITING_DATA = 'WAITING_DATA';

/** Two LICENSE sides, as in the add-attributes example; uploaded ones carry an extension like the upload example. */
function licenseDocuments(frontId: string, backId: string, uploaded: boolean): KycDocument[] {
  return ['FRONT', 'BACK'].map((side, i) => ({
    id: i === 0 ? frontId : backId,
    label: `LICENSE ${side}`,
    type: 'LICENSE',
    documentSide: side,
    uploadStatus: uploaded,
    ...(uploaded ? { extension: 'png' } : {}),
  }));
}

function newCustomer(
  customerId: string,
  reference: string,
  status: string,
  person: Customer['person'],
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
    attributeCodes: waiting ? ['cardAttributes'] : [],
    documents: licenseDocuments(docIds[0], docIds[1], !waiting),
    dtsCreatedAt,
  };
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    customerId: 'cstap_demoWaitingData1',
    kycStatus: WAITING_DATA,
    description: 'KYC waits for cardAttributes and two LICENSE documents (FRONT, BACK) not yet uploaded',
  },
  { customerId: 'cstap_demoWaitingData2', kycStatus: WAITING_DATA, description: 'a second WAITING_DATA customer' },
  { customerId: 'cstap_demoApproved1', kycStatus: 'APPROVED', description: 'KYC already APPROVED: add-attributes is refused' },
];

/** Fresh objects on every call, so a reset really undoes whatever add-attributes changed. Fixed IDs keep runs comparable. */
function seededCustomers(): Customer[] {
  const created = '2024-01-15T10:00:00.000Z';
  return [
    newCustomer('cstap_demoWaitingData1', 'demoRef1', WAITING_DATA, { firstName: 'Jessie', lastName: 'Testman', gender: 'F' },
      ['doc_LagW5C3whVeDp3fIVq041M', 'doc_2IUU0SQZqS4lefDu2axmVC'], created),
    newCustomer('cstap_demoWaitingData2', 'demoRef2', WAITING_DATA, { firstName: 'John', lastName: 'Testman', gender: 'M' },
      ['doc_oYBn91k7TjbzsyyN7KZFTT', 'doc_5ISh3wWDFrDJl6xuCvTfZF'], created),
    newCustomer('cstap_demoApproved1', 'demoRef3', 'APPROVED', { firstName: 'Janice', lastName: 'Sample', gender: 'F' },
      ['doc_sYGNuywMvTsC6kBU3bbDT0', 'doc_kx9auvGpXb149VW8R2wuiy'], created),
  ];
}

export class CustomerStore {
  private customers = new Map<string, Customer>();

  constructor(private readonly seed: boolean) {
    this.reset();
  }

  /** Back to the seeded state; customers made through /__sim/customers are forgotten. */
  reset(): void {
    this.customers = new Map(this.seed ? seededCustomers().map((c) => [c.customerId, c]) : []);
  }

  get(customerId: string): Customer | undefined {
    return this.customers.get(customerId);
  }

  /** Test and benchmark customers; an existing ID is replaced, so re-running a setup starts clean. */
  create(ids: string[], status: string): void {
    const now = new Date().toISOString();
    for (const id of ids) {
      this.customers.set(id, newCustomer(id, `ref${id.slice(6).replace(/[^0-9A-Za-z]/g, '')}`, status,
        { firstName: 'John', lastName: 'Testman', gender: 'M' },
        [`doc_${randomAlnum(22)}`, `doc_${randomAlnum(22)}`], now));
    }
  }
}

/** Merge newly accepted attributes; a delivered group is no longer requested, but KYC stays WAITING_DATA (as in the docs' example). */
export function storeAttributes(customer: Customer, attributes: Record<string, unknown>): void {
  customer.kycAttributes = { ...customer.kycAttributes, ...attributes };
  if (attributes.cardAttributes !== undefined) {
    customer.attributeCodes = customer.attributeCodes.filter((code) => code !== 'cardAttributes');
  }
}

/** The `data` of init, status and add-attributes answers. Shares the stored arrays: it is serialised at once, never kept. */
export function kycBundle(c: Customer, withAttributes: boolean): Record<string, unknown> {
  const bundle: Record<string, unknown> = {
    customer: {
      reference: c.reference,
      customerId: c.customerId,
      customerType: c.customerType,
      customer: c.person,
      kycStatus: c.status,
      boises: [],
      dtsCreatedAt: c.dtsCreatedAt,
    },
    kyc: { attributeCodes: c.attributeCodes, system: 'condor', mode: 'licenseUSACondor', status: c.status },
    kycDocumentList: c.documents,
  };
  if (withAttributes && c.kycAttributes !== undefined) bundle.kycAttributes = c.kycAttributes;
  return bundle;
}
