// Result unions and the ErrorResult interface: every member object carries its __typename (codegen's
// resolversNonOptionalTypename), so one resolveType serves all, and records root results for the log line.
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';

function resolveTypeAndRecord<T extends string>(value: { __typename: T }, context: GatewayContext, info: GraphQLResolveInfo): T {
  if (info.path.prev === undefined) context.results[String(info.path.key)] = value.__typename;
  return value.__typename;
}

export const resultResolvers = {
  AddKycAttributesResult: { __resolveType: resolveTypeAndRecord },
  CustomerResult: { __resolveType: resolveTypeAndRecord },
  ErrorResult: { __resolveType: resolveTypeAndRecord },
};
