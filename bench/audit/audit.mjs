// The graphql-http audit (https://github.com/graphql/graphql-http) of a live
// server: node audit.mjs http://127.0.0.1:8000/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2];
const results = await auditServer({ url });
let ok = 0;
for (const result of results) {
  if (result.status === 'ok') ok++;
  else console.log(`${result.status} ${result.id} ${result.name}: ${result.reason}`);
}
console.log(`graphql-http audit: ${ok}/${results.length} ok`);
process.exit(ok === results.length ? 0 : 1);
