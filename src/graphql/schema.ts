// The executable schema: the SDL in schema/*.graphql (the single source of truth) + resolvers, as a federation subgraph.
import { readdirSync, readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse, type GraphQLSchema } from 'graphql';
import { resolvers } from '../resolvers/index.js';
import { scopeToCallersCustomers } from './customer-scope.js';
import { recordRootResults } from './telemetry.js';

const SCHEMA_DIR = new URL('../../schema/', import.meta.url);

export function loadTypeDefs(): string {
  return readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(new URL(name, SCHEMA_DIR), 'utf8'))
    .join('\n');
}

/** The subgraph schema, with customer scoping (customer-scope.ts) inside and root-result telemetry around it. */
export function buildSchema(): GraphQLSchema {
  const schema = buildSubgraphSchema({ typeDefs: parse(loadTypeDefs()), resolvers: resolvers as GraphQLResolverMap<unknown> });
  scopeToCallersCustomers(schema);
  recordRootResults(schema);
  return schema;
}
