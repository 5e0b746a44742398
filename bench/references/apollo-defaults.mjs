// Reference: Apollo Server 5 with its defaults (cache-control plugin, landing page, introspection, automatic
// persisted queries on), otherwise as bench/references/apollo.mjs. Not run unless BENCH_TARGETS names it: it shows
// what the defaults cost against the tuned reference.
import { ApolloServer, HeaderMap } from '@apollo/server';
import { RESOLVERS, serveApollo, TYPE_DEFS } from './common.mjs';

const apollo = new ApolloServer({ typeDefs: TYPE_DEFS, resolvers: RESOLVERS, introspection: true });
await apollo.start();
serveApollo(apollo, HeaderMap);
