/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation AddKycAttributesOutcome($input: AddKycAttributesInput!) {\n  addKycAttributes(input: $input) {\n    __typename\n    ... on AddKycAttributesSuccess {\n      requestId\n      kyc {\n        status\n        attributeCodes\n      }\n    }\n    ... on ErrorResult {\n      code\n      message\n    }\n  }\n}": typeof types.AddKycAttributesOutcomeDocument,
    "mutation AddKycAttributes($input: AddKycAttributesInput!) {\n  addKycAttributes(input: $input) {\n    __typename\n    ... on AddKycAttributesSuccess {\n      requestId\n      customer {\n        customerId\n        kycStatus\n      }\n      kyc {\n        status\n        attributeCodes\n      }\n      kycDocumentList {\n        id\n        label\n        documentSide\n        uploadStatus\n      }\n      kycAttributes {\n        cardAttributes {\n          productId\n          nameOnCard\n          designId\n          addressType\n          issueType\n          additionalData\n        }\n      }\n    }\n    ... on InvalidInputError {\n      code\n      message\n      fields {\n        path\n        message\n      }\n    }\n    ... on KycStatusConflictError {\n      code\n      message\n      requestId\n      requiredStatus\n    }\n    ... on CustomerNotFoundError {\n      code\n      message\n      requestId\n      customerId\n    }\n    ... on IdempotencyKeyReuseError {\n      code\n      message\n      idempotencyKey\n    }\n    ... on UpstreamError {\n      code\n      message\n      requestId\n      retryable\n      outcome\n    }\n  }\n}": typeof types.AddKycAttributesDocument,
    "query CustomerStatus($customerId: ID!) {\n  customer(customerId: $customerId) {\n    __typename\n    ... on Customer {\n      customerId\n      kycStatus\n    }\n    ... on ErrorResult {\n      code\n      message\n    }\n  }\n}": typeof types.CustomerStatusDocument,
    "query Customer($customerId: ID!) {\n  customer(customerId: $customerId) {\n    __typename\n    ... on Customer {\n      customerId\n      reference\n      customerType\n      kycStatus\n      createdAt\n      kyc {\n        status\n        attributeCodes\n      }\n      kycDocumentList {\n        id\n        label\n        type\n        documentSide\n        uploadStatus\n      }\n    }\n    ... on CustomerNotFoundError {\n      code\n      message\n      customerId\n    }\n    ... on UpstreamError {\n      code\n      message\n      retryable\n    }\n  }\n}": typeof types.CustomerDocument,
    "subscription KycUpdates($customerId: ID!) {\n  kycUpdates(customerId: $customerId) {\n    __typename\n    ... on KycProcessUpdate {\n      customer {\n        customerId\n        kycStatus\n      }\n      kyc {\n        status\n        attributeCodes\n      }\n      kycDocumentList {\n        id\n        label\n        uploadStatus\n      }\n    }\n    ... on KycApplicationUpdate {\n      application {\n        applicationId\n        status\n        outcome\n      }\n    }\n  }\n}": typeof types.KycUpdatesDocument,
};
const documents: Documents = {
    "mutation AddKycAttributesOutcome($input: AddKycAttributesInput!) {\n  addKycAttributes(input: $input) {\n    __typename\n    ... on AddKycAttributesSuccess {\n      requestId\n      kyc {\n        status\n        attributeCodes\n      }\n    }\n    ... on ErrorResult {\n      code\n      message\n    }\n  }\n}": types.AddKycAttributesOutcomeDocument,
    "mutation AddKycAttributes($input: AddKycAttributesInput!) {\n  addKycAttributes(input: $input) {\n    __typename\n    ... on AddKycAttributesSuccess {\n      requestId\n      customer {\n        customerId\n        kycStatus\n      }\n      kyc {\n        status\n        attributeCodes\n      }\n      kycDocumentList {\n        id\n        label\n        documentSide\n        uploadStatus\n      }\n      kycAttributes {\n        cardAttributes {\n          productId\n          nameOnCard\n          designId\n          addressType\n          issueType\n          additionalData\n        }\n      }\n    }\n    ... on InvalidInputError {\n      code\n      message\n      fields {\n        path\n        message\n      }\n    }\n    ... on KycStatusConflictError {\n      code\n      message\n      requestId\n      requiredStatus\n    }\n    ... on CustomerNotFoundError {\n      code\n      message\n      requestId\n      customerId\n    }\n    ... on IdempotencyKeyReuseError {\n      code\n      message\n      idempotencyKey\n    }\n    ... on UpstreamError {\n      code\n      message\n      requestId\n      retryable\n      outcome\n    }\n  }\n}": types.AddKycAttributesDocument,
    "query CustomerStatus($customerId: ID!) {\n  customer(customerId: $customerId) {\n    __typename\n    ... on Customer {\n      customerId\n      kycStatus\n    }\n    ... on ErrorResult {\n      code\n      message\n    }\n  }\n}": types.CustomerStatusDocument,
    "query Customer($customerId: ID!) {\n  customer(customerId: $customerId) {\n    __typename\n    ... on Customer {\n      customerId\n      reference\n      customerType\n      kycStatus\n      createdAt\n      kyc {\n        status\n        attributeCodes\n      }\n      kycDocumentList {\n        id\n        label\n        type\n        documentSide\n        uploadStatus\n      }\n    }\n    ... on CustomerNotFoundError {\n      code\n      message\n      customerId\n    }\n    ... on UpstreamError {\n      code\n      message\n      retryable\n    }\n  }\n}": types.CustomerDocument,
    "subscription KycUpdates($customerId: ID!) {\n  kycUpdates(customerId: $customerId) {\n    __typename\n    ... on KycProcessUpdate {\n      customer {\n        customerId\n        kycStatus\n      }\n      kyc {\n        status\n        attributeCodes\n      }\n      kycDocumentList {\n        id\n        label\n        uploadStatus\n      }\n    }\n    ... on KycApplicationUpdate {\n      application {\n        applicationId\n        status\n        outcome\n      }\n    }\n  }\n}": types.KycUpdatesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AddKycAttributesOutcome($input: AddKycAttributesInput!) {\n  addKycAttributes(input: $input) {\n    __typename\n    ... on AddKycAttributesSuccess {\n      requestId\n      kyc {\n        status\n        attributeCodes\n      }\n    }\n    ... on ErrorResult {\n      code\n      message\n    }\n  }\n}"): (typeof documents)["mutation AddKycAttributesOutcome($input: AddKycAttributesInput!) {\n  addKycAttributes(input: $input) {\n    __typename\n    ... on AddKycAttributesSuccess {\n      requestId\n      kyc {\n        status\n        attributeCodes\n      }\n    }\n    ... on ErrorResult {\n      code\n      message\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AddKycAttributes($input: AddKycAttributesInput!) {\n  addKycAttributes(input: $input) {\n    __typename\n    ... on AddKycAttributesSuccess {\n      requestId\n      customer {\n        customerId\n        kycStatus\n      }\n      kyc {\n        status\n        attributeCodes\n      }\n      kycDocumentList {\n        id\n        label\n        documentSide\n        uploadStatus\n      }\n      kycAttributes {\n        cardAttributes {\n          productId\n          nameOnCard\n          designId\n          addressType\n          issueType\n          additionalData\n        }\n      }\n    }\n    ... on InvalidInputError {\n      code\n      message\n      fields {\n        path\n        message\n      }\n    }\n    ... on KycStatusConflictError {\n      code\n      message\n      requestId\n      requiredStatus\n    }\n    ... on CustomerNotFoundError {\n      code\n      message\n      requestId\n      customerId\n    }\n    ... on IdempotencyKeyReuseError {\n      code\n      message\n      idempotencyKey\n    }\n    ... on UpstreamError {\n      code\n      message\n      requestId\n      retryable\n      outcome\n    }\n  }\n}"): (typeof documents)["mutation AddKycAttributes($input: AddKycAttributesInput!) {\n  addKycAttributes(input: $input) {\n    __typename\n    ... on AddKycAttributesSuccess {\n      requestId\n      customer {\n        customerId\n        kycStatus\n      }\n      kyc {\n        status\n        attributeCodes\n      }\n      kycDocumentList {\n        id\n        label\n        documentSide\n        uploadStatus\n      }\n      kycAttributes {\n        cardAttributes {\n          productId\n          nameOnCard\n          designId\n          addressType\n          issueType\n          additionalData\n        }\n      }\n    }\n    ... on InvalidInputError {\n      code\n      message\n      fields {\n        path\n        message\n      }\n    }\n    ... on KycStatusConflictError {\n      code\n      message\n      requestId\n      requiredStatus\n    }\n    ... on CustomerNotFoundError {\n      code\n      message\n      requestId\n      customerId\n    }\n    ... on IdempotencyKeyReuseError {\n      code\n      message\n      idempotencyKey\n    }\n    ... on UpstreamError {\n      code\n      message\n      requestId\n      retryable\n      outcome\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CustomerStatus($customerId: ID!) {\n  customer(customerId: $customerId) {\n    __typename\n    ... on Customer {\n      customerId\n      kycStatus\n    }\n    ... on ErrorResult {\n      code\n      message\n    }\n  }\n}"): (typeof documents)["query CustomerStatus($customerId: ID!) {\n  customer(customerId: $customerId) {\n    __typename\n    ... on Customer {\n      customerId\n      kycStatus\n    }\n    ... on ErrorResult {\n      code\n      message\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Customer($customerId: ID!) {\n  customer(customerId: $customerId) {\n    __typename\n    ... on Customer {\n      customerId\n      reference\n      customerType\n      kycStatus\n      createdAt\n      kyc {\n        status\n        attributeCodes\n      }\n      kycDocumentList {\n        id\n        label\n        type\n        documentSide\n        uploadStatus\n      }\n    }\n    ... on CustomerNotFoundError {\n      code\n      message\n      customerId\n    }\n    ... on UpstreamError {\n      code\n      message\n      retryable\n    }\n  }\n}"): (typeof documents)["query Customer($customerId: ID!) {\n  customer(customerId: $customerId) {\n    __typename\n    ... on Customer {\n      customerId\n      reference\n      customerType\n      kycStatus\n      createdAt\n      kyc {\n        status\n        attributeCodes\n      }\n      kycDocumentList {\n        id\n        label\n        type\n        documentSide\n        uploadStatus\n      }\n    }\n    ... on CustomerNotFoundError {\n      code\n      message\n      customerId\n    }\n    ... on UpstreamError {\n      code\n      message\n      retryable\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription KycUpdates($customerId: ID!) {\n  kycUpdates(customerId: $customerId) {\n    __typename\n    ... on KycProcessUpdate {\n      customer {\n        customerId\n        kycStatus\n      }\n      kyc {\n        status\n        attributeCodes\n      }\n      kycDocumentList {\n        id\n        label\n        uploadStatus\n      }\n    }\n    ... on KycApplicationUpdate {\n      application {\n        applicationId\n        status\n        outcome\n      }\n    }\n  }\n}"): (typeof documents)["subscription KycUpdates($customerId: ID!) {\n  kycUpdates(customerId: $customerId) {\n    __typename\n    ... on KycProcessUpdate {\n      customer {\n        customerId\n        kycStatus\n      }\n      kyc {\n        status\n        attributeCodes\n      }\n      kycDocumentList {\n        id\n        label\n        uploadStatus\n      }\n    }\n    ... on KycApplicationUpdate {\n      application {\n        applicationId\n        status\n        outcome\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;