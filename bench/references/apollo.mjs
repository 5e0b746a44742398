// Reference: Apollo Server 5 with nothing added. The same lean node:http integration as the gateway
// (executeHTTPGraphQLRequest on a parsed body), Apollo's defaults otherwise, no plugins of ours. The floor of any
// gateway built on Apollo Server's request pipeline, same schema shape.
import { ApolloServer, HeaderMap } from '@apollo/server';
import { addKycAttributes, resolveType, serve, TYPE_DEFS } from './common.mjs';

const apollo = new ApolloServer({
  typeDefs: TYPE_DEFS,
  resolvers: { AddKycAttributesResult: { __resolveType: resolveType }, Mutation: { addKycAttributes: (_, { input }) => addKycAttributes(input) } },
});
await apollo.start();

serve(async (req, text) => {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method, headers, search: '', body: JSON.parse(text) },
    context: async () => ({}),
  });
  if (response.body.kind !== 'complete') throw new Error('unexpected incremental response');
  return { status: response.status ?? 200, body: response.body.string };
});
