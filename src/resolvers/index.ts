import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import type { Resolvers } from '../generated/graphql.js';
import { AkepaMutation, AkepaQuery, KycApplication, KycApplicationDocumentType, KycDocumentExtension, KycEntityApplication, KycWorkflow } from './akepa.js';
import { Customer } from './customer.js';
import { AddKycAttributesSuccess, CardAttributes, CardIssueType, KycDocument, KycProcess, KycProcessUpdate, StartKycSuccess } from './kyc.js';
import { Mutation } from './mutation.js';
import { Query } from './query.js';
import { resultResolvers } from './results.js';
import { Subscription } from './subscription.js';

export const resolvers: Resolvers = {
  ...resultResolvers,
  JSONObject: JSONObjectResolver,
  DateTime: DateTimeResolver,
  Query: { ...Query, ...AkepaQuery },
  Mutation: { ...Mutation, ...AkepaMutation },
  Customer,
  AddKycAttributesSuccess,
  KycProcess,
  KycDocument,
  CardAttributes,
  CardIssueType,
  StartKycSuccess,
  KycApplication,
  KycEntityApplication,
  KycWorkflow,
  KycDocumentExtension,
  KycApplicationDocumentType,
  Subscription,
  KycProcessUpdate,
};
