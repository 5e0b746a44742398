// Object-level authorization in one place: every field that takes a customerId (as an argument, or anywhere inside
// an input argument) and every entity whose representation carries one is wrapped here when the schema is built,
// so an operation added later cannot forget it. An end user may act only for the customers its JWT names; any
// other answers the field's CustomerNotFoundError (revealing nothing about whether the customer exists) before
// anything reaches connectFi.
import {
  GraphQLError, getNamedType, isInputObjectType, isObjectType, isUnionType, type GraphQLArgument, type GraphQLField,
  type GraphQLInputType, type GraphQLResolveInfo, type GraphQLSchema,
} from 'graphql';
import type { Caller } from '../auth.js';
import type { GatewayContext } from './context.js';
import { customerNotFound } from './results.js';

const CUSTOMER_ID = 'customerId';
const NOT_FOUND = 'No connectFi customer has this customerId.';

/** Where customer IDs sit in a field's arguments, e.g. [["customerId"], ["input", "customerId"]]. */
export function customerIdPaths(args: readonly GraphQLArgument[]): string[][] {
  return args.flatMap((arg) => pathsIn(arg.name, arg.type, new Set()));
}

function pathsIn(name: string, type: GraphQLInputType, seen: Set<string>): string[][] {
  if (name === CUSTOMER_ID) return [[name]];
  const named = getNamedType(type);
  if (!isInputObjectType(named) || seen.has(named.name)) return [];
  const inner = new Set(seen).add(named.name);
  return Object.values(named.getFields()).flatMap((field) => pathsIn(field.name, field.type, inner).map((path) => [name, ...path]));
}

/** Every value at `path` in `value`, through lists. */
function valuesAt(value: unknown, path: string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (path.length === 0) return [value];
  if (typeof value !== 'object' || value === null) return [];
  return valuesAt((value as Record<string, unknown>)[path[0]], path.slice(1));
}

/** The first customer ID the caller may not act for, if any. */
function deniedCustomer(caller: Caller, ids: unknown[]): string | undefined {
  const allowed = caller.customerIds;
  if (allowed === undefined) return undefined;
  return ids.find((id): id is string => typeof id === 'string' && !allowed.has(id));
}

/** Wraps every customer-scoped field and entity of `schema` in place; returns the wrapped fields' coordinates. */
export function scopeToCallersCustomers(schema: GraphQLSchema): string[] {
  const scoped: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const paths = customerIdPaths(field.args);
      if (paths.length === 0) continue;
      scopeField(field, paths);
      scoped.push(`${type.name}.${field.name}`);
    }
    // @apollo/subgraph keeps __resolveReference in the type's extensions.
    const subgraph = (type.extensions as { apollo?: { subgraph?: { resolveReference?: ResolveReference } } }).apollo?.subgraph;
    if (subgraph?.resolveReference) {
      subgraph.resolveReference = scopeEntity(subgraph.resolveReference);
      scoped.push(`${type.name}.__resolveReference`);
    }
  }
  return scoped;
}

function scopeField(field: GraphQLField<unknown, GatewayContext>, paths: string[][]): void {
  const result = getNamedType(field.type);
  const answersNotFound = isUnionType(result) && result.getTypes().some((member) => member.name === 'CustomerNotFoundError');
  const guard = (args: Record<string, unknown>, context: GatewayContext) =>
    deniedCustomer(context.caller, paths.flatMap((path) => valuesAt(args, path)));
  const refuse = (customerId: string) => {
    if (answersNotFound) return customerNotFound(customerId);
    throw new GraphQLError(NOT_FOUND, { extensions: { code: 'customerNotFound' } });
  };
  const { resolve, subscribe } = field;
  if (resolve) {
    field.resolve = (parent, args, context, info) => {
      const denied = guard(args, context);
      return denied === undefined ? resolve(parent, args, context, info) : refuse(denied);
    };
  }
  if (subscribe) {
    field.subscribe = (parent, args, context, info) => {
      const denied = guard(args, context);
      if (denied !== undefined) throw new GraphQLError(NOT_FOUND, { extensions: { code: 'customerNotFound' } });
      return subscribe(parent, args, context, info);
    };
  }
}

type ResolveReference = (representation: unknown, context: GatewayContext, info: GraphQLResolveInfo) => unknown;

// Async, so a refusal rejects this entity alone: a synchronous throw would fail every entity of the _entities call.
function scopeEntity(resolveReference: ResolveReference): ResolveReference {
  return async (representation, context, info) => {
    const { customerId } = (representation ?? {}) as { customerId?: unknown };
    if (deniedCustomer(context.caller, [customerId]) !== undefined) throw new GraphQLError(NOT_FOUND, { extensions: { code: 'customerNotFound' } });
    return resolveReference(representation, context, info);
  };
}
