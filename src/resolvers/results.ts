// Result unions and the ErrorResult interface: every member object carries its __typename (codegen's
// resolversNonOptionalTypename), so one resolveType serves all.
import type { Resolvers } from '../generated/graphql.js';

const byTypename = <T extends string>(value: { __typename: T }): T => value.__typename;

export const resultResolvers = {
  AddKycAttributesResult: { __resolveType: byTypename },
  CustomerResult: { __resolveType: byTypename },
  ErrorResult: { __resolveType: byTypename },
  StartKycResult: { __resolveType: byTypename },
  PrepareKycDocumentUploadResult: { __resolveType: byTypename },
  StartKycVerificationResult: { __resolveType: byTypename },
  KycApplicationResult: { __resolveType: byTypename },
  SubmitKycApplicationDocumentsResult: { __resolveType: byTypename },
  KycUpdate: { __resolveType: byTypename },
} satisfies Resolvers;
