// Trusted documents (safelisted operations): a manifest { "<sha256 hex of the text>": "<document text>" }, the
// format graphql-codegen's client preset writes. A request names one by `documentId` ("<hex>" or "sha256:<hex>"),
// or by Apollo's `extensions.persistedQuery.sha256Hash` without a query. With a manifest, end users (JWT and
// anonymous callers) may run nothing else; services (API keys) may send any operation.
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Caller } from '../auth.js';
import { isJsonObject, parseJsonOrUndefined } from '../json.js';

export type Manifest = ReadonlyMap<string, string>;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Reads and checks a manifest; throws an Error whose message says what is wrong (never the file's contents). */
export function loadManifest(path: string): Manifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${path} as JSON (${(error as NodeJS.ErrnoException).code ?? 'invalid JSON'})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path} must hold a JSON object`);
  const manifest = new Map<string, string>();
  for (const [key, text] of Object.entries(parsed)) {
    if (!SHA256_HEX.test(key) || typeof text !== 'string') throw new Error(`${path}: every entry must be "<sha256 hex>": "<document>"`);
    if (hash('sha256', text, 'hex') !== key) throw new Error(`${path}: entry ${key.slice(0, 12)}… is not the sha256 of its document`);
    manifest.set(key, text);
  }
  return manifest;
}

export type Resolution =
  | { ok: true; body: unknown; search: string }
  | { ok: false; code: 'TRUSTED_DOCUMENT_REQUIRED' | 'PERSISTED_QUERY_NOT_FOUND'; message: string };

const REQUIRED: Resolution = {
  ok: false, code: 'TRUSTED_DOCUMENT_REQUIRED', message: 'Only trusted documents may be run: send a documentId instead of a query.',
};
const NOT_FOUND: Resolution = { ok: false, code: 'PERSISTED_QUERY_NOT_FOUND', message: 'No trusted document has this documentId.' };

/** Replaces a named document by its text, or refuses the request before anything runs. */
export function resolveTrustedDocument(manifest: Manifest | undefined, caller: Caller, body: unknown, search: string): Resolution {
  const endUser = manifest !== undefined && caller.kind !== 'apiKey';
  if (body !== undefined) {
    if (!isJsonObject(body)) return endUser ? REQUIRED : { ok: true, body, search };
    const id = documentIdOf(body.documentId, body.query, body.extensions);
    if (id === undefined) return endUser && body.query !== undefined ? REQUIRED : { ok: true, body, search };
    const text = manifest?.get(id);
    if (text === undefined) return NOT_FOUND;
    const { documentId: _documentId, extensions: _extensions, ...rest } = body;
    const extensions = withoutPersistedQuery(body.extensions);
    return { ok: true, body: extensions === undefined ? { ...rest, query: text } : { ...rest, query: text, extensions }, search };
  }
  const params = new URLSearchParams(search);
  const id = documentIdOf(params.get('documentId') ?? undefined, params.get('query') ?? undefined, parseJsonOrUndefined(params.get('extensions')));
  if (id === undefined) return endUser && params.has('query') ? REQUIRED : { ok: true, body, search };
  const text = manifest?.get(id);
  if (text === undefined) return NOT_FOUND;
  params.delete('documentId');
  params.set('query', text);
  const extensions = withoutPersistedQuery(parseJsonOrUndefined(params.get('extensions')));
  if (extensions === undefined) params.delete('extensions');
  else params.set('extensions', JSON.stringify(extensions));
  return { ok: true, body, search: params.toString() };
}

/** The manifest key a request names, if it names one. */
function documentIdOf(documentId: unknown, query: unknown, extensions: unknown): string | undefined {
  if (typeof documentId === 'string') return documentId.startsWith('sha256:') ? documentId.slice(7) : documentId;
  if (query !== undefined || !isJsonObject(extensions) || !isJsonObject(extensions.persistedQuery)) return undefined;
  const sha = extensions.persistedQuery.sha256Hash;
  return typeof sha === 'string' ? sha : undefined;
}

function withoutPersistedQuery(extensions: unknown): unknown {
  if (!isJsonObject(extensions) || !('persistedQuery' in extensions)) return extensions;
  const { persistedQuery: _persistedQuery, ...rest } = extensions;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
