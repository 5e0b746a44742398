// Trusted documents (safelisted operations): a manifest { "<sha256 hex of the text>": "<document text>" }, the
// format graphql-codegen's client preset writes. A request names one by `documentId` ("<hex>" or "sha256:<hex>"),
// or by Apollo's `extensions.persistedQuery.sha256Hash` without a query. With a manifest, end users (JWT and
// anonymous callers) may run nothing else; services (API keys) may send any operation.
//
// For Apollo (`asPersistedQuery`), a POST naming a document becomes a persisted query (its hash, no text) that Apollo
// reads from the manifest (manifestCache): the hash is the document's ID, so Apollo need not hash the text again on
// every request. Otherwise (WebSocket subscriptions) the document's text replaces the ID.
import { hash } from 'node:crypto';
import type { ApolloServerOptions, BaseContext } from '@apollo/server';
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

/**
 * Replaces a named document by its text (or, with `asPersistedQuery`, by Apollo's persisted-query extension), or
 * refuses the request before anything runs.
 */
export function resolveTrustedDocument(
  manifest: Manifest | undefined, caller: Caller, body: unknown, search: string, { asPersistedQuery = false } = {},
): Resolution {
  const endUser = manifest !== undefined && caller.kind !== 'apiKey';
  if (body !== undefined) {
    if (!isJsonObject(body)) return endUser ? REQUIRED : { ok: true, body, search };
    const id = documentIdOf(body.documentId, body.query, body.extensions);
    if (id === undefined) return endUser && body.query !== undefined ? REQUIRED : { ok: true, body, search };
    const text = manifest?.get(id);
    if (text === undefined) return NOT_FOUND;
    return { ok: true, body: named(body, asPersistedQuery ? { extensions: { persistedQuery: { version: 1, sha256Hash: id } } } : { query: text }), search };
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

/**
 * The body with the named document: `document` is its text ({ query }) or Apollo's persisted query by hash
 * ({ extensions: { persistedQuery } }), with operationName, variables and the request's other extensions. Built
 * field by field (a rest-and-spread copy cost a few µs here and made Apollo's own checks of the body slower).
 */
function named(body: Record<string, unknown>, document: { query: string } | { extensions: Record<string, unknown> }): Record<string, unknown> {
  const result: Record<string, unknown> = 'query' in document ? { query: document.query } : {};
  if (body.operationName !== undefined) result.operationName = body.operationName;
  if (body.variables !== undefined) result.variables = body.variables;
  const extensions = withoutPersistedQuery(body.extensions);
  if ('extensions' in document) result.extensions = isJsonObject(extensions) ? { ...extensions, ...document.extensions } : document.extensions;
  else if (extensions !== undefined) result.extensions = extensions;
  return result;
}

type PersistedQueryCache = NonNullable<Exclude<ApolloServerOptions<BaseContext>['persistedQueries'], false | undefined>['cache']>;

/**
 * The manifest as Apollo's persisted-query cache, read-only: Apollo reads a document's text by its hash; nothing
 * can be registered (set is a no-op), so automatic persisted queries stay off.
 */
export function manifestCache(manifest: Manifest): PersistedQueryCache {
  return {
    // Apollo prefixes its keys ("apq:<hash>").
    get: async (key: string) => manifest.get(key.slice(key.lastIndexOf(':') + 1)),
    set: async () => {},
    delete: async () => false,
  };
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
