// Fails when src/generated/ is not what `npm run codegen` makes from schema/ (run by `npm test`, so by CI).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const GENERATED = 'src/generated/graphql.ts';
const before = readFileSync(GENERATED, 'utf8');
execFileSync('npx', ['graphql-codegen', '--config', 'codegen.yml', '--silent'], { stdio: 'inherit' });
if (readFileSync(GENERATED, 'utf8') !== before) {
  console.error(`${GENERATED} was stale and has been regenerated: commit it.`);
  process.exit(1);
}
console.log(`${GENERATED} is up to date.`);
