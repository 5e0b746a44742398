// connectFi's JSON on the wire (docs/connectfi-api.md). Field names are connectFi's, never renamed here.

export interface WireSuccess<T> {
  code: '0';
  data: T;
  requestId?: string;
}

export interface WireError {
  code: string;
  message?: string;
  subCode?: string;
  requestId?: string;
  /** An object for business errors, an array of AJV items for requestValidateError. */
  context?: Record<string, unknown> | WireValidationItem[];
}

export interface WireValidationItem {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  params?: Record<string, unknown>;
  message?: string;
}

export interface WireToken {
  token: string;
  dtsExpireAt: string;
}

export interface WireCustomerRecord {
  reference?: string;
  customerId: string;
  customerType?: string;
  customer?: Record<string, unknown>;
  kycStatus?: string;
  boises?: unknown[];
  dtsCreatedAt?: string;
}

export interface WireKyc {
  attributeCodes?: string[];
  system?: string;
  mode?: string;
  status: string;
}

export interface WireKycDocument {
  id: string;
  label: string;
  type: string;
  documentSide?: string;
  uploadStatus: boolean;
  extension?: string;
}

/** The GraphQL enum CardIssueType's internal values (codegen enumValues): connectFi's strings. */
export enum WireCardIssueType {
  NEW = 'NEW',
  REGISTRATION = 'REGISTRATION',
  RE_ISSUE = 'RE-ISSUE',
  EXPIRED = 'EXPIRED',
  DAMAGED = 'DAMAGED',
}

export interface WireCardAttributes {
  productID: string;
  nameOnCard: string;
  designId: string;
  addressType: string;
  issueType: string;
  additionalData?: Record<string, unknown>;
}

export interface WireAdditionalAttributes {
  cardAttributes?: WireCardAttributes;
}

/** The "KYC bundle" that init, status, upload and add-attributes answer with (docs/connectfi-api.md 5.2). */
export interface WireKycBundle {
  customer: WireCustomerRecord;
  kyc: WireKyc;
  kycDocumentList?: WireKycDocument[];
  kycAttributes?: WireAdditionalAttributes;
}

export interface WireAddAttributesRequest {
  customerId: string;
  additionalAttributes: WireAdditionalAttributes;
}

/** add-attributes puts kycAttributes beside data in the docs' example; we accept it in either place. */
export interface WireAddAttributesResponse extends WireSuccess<WireKycBundle> {
  kycAttributes?: WireAdditionalAttributes;
}
