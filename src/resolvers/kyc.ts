import { cardAddressType, cardIssueType, documentSide, kycStatus } from '../graphql/mapping.js';
import type {
  AddKycAttributesSuccessResolvers, CardAttributesResolvers, CardIssueTypeResolvers, KycDocumentResolvers,
  KycProcessResolvers, KycProcessUpdateResolvers, StartKycSuccessResolvers,
} from '../generated/graphql.js';
import { WireCardIssueType, type WireKycBundle } from '../connectfi/wire.js';

/** Successes that carry connectFi's KYC bundle: the same fields read the same way. */
const fromBundle = {
  requestId: ({ requestId }: { requestId?: string }) => requestId ?? null,
  customer: ({ bundle }: { bundle: WireKycBundle }) => ({ customerId: bundle.customer.customerId, bundle }),
  kyc: ({ bundle }: { bundle: WireKycBundle }) => bundle.kyc,
  kycDocumentList: ({ bundle }: { bundle: WireKycBundle }) => bundle.kycDocumentList ?? [],
};

export const AddKycAttributesSuccess: AddKycAttributesSuccessResolvers = fromBundle;
export const StartKycSuccess: StartKycSuccessResolvers = fromBundle;
export const KycProcessUpdate: KycProcessUpdateResolvers = fromBundle;

export const KycProcess: KycProcessResolvers = {
  status: (kyc) => kycStatus(kyc.status),
  attributeCodes: (kyc) => kyc.attributeCodes ?? [],
};

export const KycDocument: KycDocumentResolvers = {
  documentSide: (document) => documentSide(document.documentSide),
};

export const CardAttributes: CardAttributesResolvers = {
  productId: (card) => card.productID,
  addressType: (card) => cardAddressType(card.addressType),
  issueType: (card) => cardIssueType(card.issueType),
};

// Internal values of CardIssueType are connectFi's strings, so inputs arrive already in wire form (RE-ISSUE).
export const CardIssueType: CardIssueTypeResolvers = WireCardIssueType;
