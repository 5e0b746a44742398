import { cardAddressType, cardIssueType, documentSide, kycStatus } from '../graphql/mapping.js';
import type {
  AddKycAttributesSuccessResolvers, CardAttributesResolvers, CardIssueTypeResolvers, KycDocumentResolvers,
  KycProcessResolvers,
} from '../generated/graphql.js';
import { WireCardIssueType } from '../connectfi/wire.js';

export const AddKycAttributesSuccess: AddKycAttributesSuccessResolvers = {
  requestId: ({ requestId }) => requestId ?? null,
  customer: ({ bundle }) => ({ customerId: bundle.customer.customerId, bundle }),
  kyc: ({ bundle }) => bundle.kyc,
  kycDocumentList: ({ bundle }) => bundle.kycDocumentList ?? [],
};

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
