// Fails when generated code is not what `npm run codegen` makes from schema/ (run by `npm test`, so by CI).
// Every file in the generated directories counts, as codegen.yml's hooks leave it: the TypeScript and
// examples/generated/possible-types.json and persisted-documents.json (the trusted-documents manifest).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const GENERATED_DIRS = ['src/generated', 'examples/generated'];
const snapshot = () => Object.fromEntries(GENERATED_DIRS.flatMap((dir) =>
  readdirSync(dir).map((name) => [`${dir}/${name}`, readFileSync(`${dir}/${name}`, 'utf8')])));

const before = snapshot();
execFileSync('npx', ['graphql-codegen', '--config', 'codegen.yml', '--silent'], { stdio: 'inherit' });
const after = snapshot();
const stale = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => before[f] !== after[f]);
if (stale.length > 0) {
  console.error(`Stale generated code, now regenerated (commit it): ${stale.join(', ')}`);
  process.exit(1);
}
console.log(`Generated code is up to date: ${GENERATED_DIRS.join(', ')}.`);
