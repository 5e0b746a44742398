// codegen hook (afterOneFileWrite, see codegen.yml): the client preset writes sha256 hashes as "sha256:<hex>" (the
// GraphQL-over-HTTP documentId form); the trusted-documents manifest and the hashes embedded in the typed documents
// are the bare hex instead, as Apollo's persisted-query protocol sends it (extensions.persistedQuery.sha256Hash).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const PREFIX = 'sha256:';
for (const file of process.argv.slice(2)) {
  if (file.endsWith('persisted-documents.json')) {
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    const hex = Object.fromEntries(Object.entries(manifest).map(([key, document]) => {
      const id = key.startsWith(PREFIX) ? key.slice(PREFIX.length) : key;
      if (id !== createHash('sha256').update(document).digest('hex')) throw new Error(`${file}: ${key} is not the sha256 of its document`);
      return [id, document];
    }));
    writeFileSync(file, JSON.stringify(hex, null, 2));
  } else if (file.endsWith('.ts')) {
    const source = readFileSync(file, 'utf8');
    const hex = source.replaceAll(/("__meta__":\{"hash":")sha256:(?=[0-9a-f]{64}")/g, '$1');
    if (hex !== source) writeFileSync(file, hex);
  }
}
