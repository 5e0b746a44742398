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

export interface WireStartKycRequest {
  customerId: string;
  /** Called by connectFi on every asynchronous KYC status change. */
  webhookURL?: string;
}

/** An akepa application, as /akepa/identification, /akepa/status, /akepa/update and the webhook carry it (7.1, 7.4). */
export interface WireApplication {
  applicationId: string;
  aggregatorId?: string;
  customerId: string;
  reference?: string;
  /** e.g. pending_step_up, waiting_review, completed. */
  status: string;
  /** Approved | Denied once completed. */
  outcome?: string | null;
  entityApplications?: WireEntityApplication[];
}

export interface WireEntityApplication {
  entityId: string;
  isCustomer: boolean;
  status: string;
  /** approved | denied once completed. */
  outcome?: string | null;
}

export interface WireIdentificationRequest {
  reference: string;
  customerId: string;
  webhookURL?: string;
}

/** The GraphQL enums' internal values (codegen enumValues): connectFi's strings. */
export enum WireWorkflow {
  BUSINESS = 'BUSINESS',
  PERSONAL = 'PERSONAL',
}

export enum WireDocumentExtension {
  JPG = 'jpg',
  PNG = 'png',
}

export enum WireApplicationDocumentType {
  CONTRACT = 'contract',
  LICENSE = 'license',
  PASSPORT = 'passport',
  UTILITY = 'utility',
  OTHER = 'other',
  INTERNAL = 'internal',
  IDENTIFICATION_CARD = 'identification_card',
  RESIDENCE_PERMIT = 'residence_permit',
  CANADA_PROVINCIAL_ID = 'canada_provincial_id',
  INDIGENOUS_CARD = 'indigenous_card',
  PAYSTUB = 'paystub',
  BANK_STATEMENT = 'bank_statement',
  W2 = 'w2',
  FORM_1099 = '1099',
  FORM_1120 = '1120',
  FORM_1065 = '1065',
  T1 = 't1',
  T4 = 't4',
}

export interface WireGenerateDocumentRequest {
  workflow: string;
  name: string;
  extension: string;
  type: string;
  note?: string | null;
}

export interface WireGeneratedDocument {
  id: string;
  uploadStatus: boolean;
  extension?: string;
}

export interface WireUpdateApplicationRequest {
  customerId: string;
  applicationId: string;
  documents: Array<{ entityId: string; documentId: string }>;
}
