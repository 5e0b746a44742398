// A small second subgraph for composition tests: accounts, each owned by a connectFi Customer it only references.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

const TYPE_DEFS = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Account @key(fields: "id") {
    id: ID!
    owner: Customer
  }
  type Customer @key(fields: "customerId", resolvable: false) {
    customerId: ID!
  }
  type Query {
    "withOrphan adds an account whose owner connectFi does not know."
    accounts(withOrphan: Boolean = false): [Account!]!
  }
`);

export async function startAccountsSubgraph(ownerIds: string[], orphanOwnerId: string): Promise<{ url: string; stop(): Promise<void> }> {
  const accounts = ownerIds.map((customerId, i) => ({ id: `acca_${i}`, customerId }));
  const orphan = { id: 'acca_orphan', customerId: orphanOwnerId };
  const server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: TYPE_DEFS,
      resolvers: {
        Query: { accounts: (_: unknown, { withOrphan }: { withOrphan: boolean }) => (withOrphan ? [...accounts, orphan] : accounts) },
        Account: { owner: (account: { customerId: string }) => ({ __typename: 'Customer', customerId: account.customerId }) },
      },
    }),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}
