import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import type { Resolvers } from '../generated/graphql.js';
import { Customer } from './customer.js';
import { AddKycAttributesSuccess, CardAttributes, CardIssueType, KycDocument, KycProcess } from './kyc.js';
import { Mutation } from './mutation.js';
import { Query } from './query.js';
import { resultResolvers } from './results.js';

export const resolvers: Resolvers = {
  ...resultResolvers,
  JSONObject: JSONObjectResolver,
  DateTime: DateTimeResolver,
  Query,
  Mutation,
  Customer,
  AddKycAttributesSuccess,
  KycProcess,
  KycDocument,
  CardAttributes,
  CardIssueType,
};
