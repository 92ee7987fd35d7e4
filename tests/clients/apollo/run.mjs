// Apollo Client against a live tokenatlas: a named query's document, and a
// connection paged with its cursors. Prints one JSON object for the test.
//   node run.mjs BASE_URL QUERY_FILE
import { readFileSync } from "node:fs";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";

const [base, queryFile] = process.argv.slice(2);
const client = new ApolloClient({
  link: new HttpLink({ uri: `${base}/graphql` }),
  cache: new InMemoryCache(),
});

const named = await client.query({ query: gql(readFileSync(queryFile, "utf8")) });

const PAGE = gql`
  query Page($after: String) {
    models(first: 25, country: "CN", after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { slug vendor { name } } }
    }
  }
`;
const slugs = [];
let after = null;
let total = null;
for (let i = 0; i < 4; i++) {
  const { data } = await client.query({ query: PAGE, variables: { after }, fetchPolicy: "network-only" });
  total = data.models.totalCount;
  slugs.push(...data.models.edges.map((e) => e.node.slug));
  if (!data.models.pageInfo.hasNextPage) break;
  after = data.models.pageInfo.endCursor;
}
console.log(JSON.stringify({ named: named.data, slugs, total }));
