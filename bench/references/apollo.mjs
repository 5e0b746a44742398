// Reference: Apollo Server 5 tuned as a production deployment runs it, with nothing else. The same lean node:http
// integration as the gateway; no cache-control plugin (it hooks every field, and the schema has no @cacheControl),
// no landing page, no introspection, CSRF prevention on, no automatic persisted queries (as the gateway). The
// ceiling of any gateway built on Apollo Server's request pipeline, answering the same selection.
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { RESOLVERS, serveApollo, TYPE_DEFS } from './common.mjs';

const apollo = new ApolloServer({
  typeDefs: TYPE_DEFS,
  resolvers: RESOLVERS,
  introspection: false,
  csrfPrevention: true,
  persistedQueries: false,
  plugins: [ApolloServerPluginCacheControlDisabled(), ApolloServerPluginLandingPageDisabled()],
});
await apollo.start();
serveApollo(apollo, HeaderMap);
