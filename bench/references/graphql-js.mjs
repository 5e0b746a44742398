// Reference: graphql-js without Apollo Server. node:http, parsed and validated documents cached by query text,
// graphql-js `execute`, JSON.stringify. What the GraphQL layer costs at its leanest in Node, same schema.
import { buildSchema, execute, parse, validate } from 'graphql';
import { addKycAttributes, JSONObject, resolveType, serve, TYPE_DEFS } from './common.mjs';

const schema = buildSchema(TYPE_DEFS);
schema.getType('AddKycAttributesResult').resolveType = resolveType;
schema.getType('ErrorResult').resolveType = resolveType;
Object.assign(schema.getType('JSONObject'), { serialize: JSONObject.serialize, parseValue: JSONObject.parseValue, parseLiteral: JSONObject.parseLiteral });
const rootValue = { addKycAttributes: ({ input }) => addKycAttributes(input) };
const documents = new Map();

serve(async (_req, text) => {
  const { query, variables, operationName } = JSON.parse(text);
  let document = documents.get(query);
  if (document === undefined) {
    document = parse(query);
    const errors = validate(schema, document);
    if (errors.length > 0) return { status: 400, body: JSON.stringify({ errors }) };
    documents.set(query, document);
  }
  const result = await execute({ schema, document, rootValue, variableValues: variables, operationName });
  return { status: 200, body: JSON.stringify(result) };
});
