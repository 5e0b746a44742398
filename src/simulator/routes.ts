// The route table: which connectFi endpoint a method and path reach, with its path parameters.
import { akepaStatus, generateDocument, identification, update, uploadDocument } from './akepa.js';
import { customerInit } from './customer-init.js';
import type { Route } from './handlers.js';
import { getToken } from './handlers.js';
import { addAttributes, kycInit, kycStatus, kycUpload } from './kyc.js';
import type { FileInfo, Upload } from './uploads.js';
import { isObject } from './validate.js';

const ROUTES: Route[] = [
  getToken, customerInit, kycInit, addAttributes, kycStatus, kycUpload,
  identification, akepaStatus, generateDocument, uploadDocument, update,
];

/** Keys of the routes that take a file; stats count the bytes they receive. */
export const UPLOAD_ROUTE_KEYS = ROUTES.filter((r) => r.body === 'multipart').map((r) => r.key);

export interface RouteMatch {
  route: Route;
  params: string[];
}

interface Pattern {
  route: Route;
  method: string;
  segments: string[];
}

// Routes without parameters are one map lookup (the benchmark's hot path); the rest are few, so a scan is fine.
const EXACT = new Map(ROUTES.filter((r) => !r.key.includes(':')).map((r) => [r.key, r]));
const PATTERNS: Pattern[] = ROUTES.filter((r) => r.key.includes(':')).map((route) => {
  const [method, path] = route.key.split(' ');
  return { route, method, segments: path.split('/') };
});

export function matchRoute(method: string | undefined, path: string): RouteMatch | undefined {
  const exact = EXACT.get(`${method} ${path}`);
  if (exact) return { route: exact, params: [] };
  const parts = path.split('/');
  for (const { route, method: m, segments } of PATTERNS) {
    if (m !== method || segments.length !== parts.length) continue;
    const params: string[] = [];
    const matches = segments.every((segment, i) => {
      if (!segment.startsWith(':')) return segment === parts[i];
      if (parts[i] === '') return false;
      params.push(decodeSegment(parts[i]));
      return true;
    });
    if (matches) return { route, params };
  }
  return undefined;
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // malformed escape: look it up as sent, which ends in a not-found answer
  }
}

function paramNames(route: Route): string[] {
  return route.key.split('/').filter((s) => s.startsWith(':')).map((s) => s.slice(1));
}

/**
 * What GET /__sim/requests shows: the login password is never kept, and an upload is its path parameters and
 * its files' name, size and types, never their content.
 */
export function recordable(route: Route, body: unknown, params: string[]): unknown {
  if (route.body === 'multipart') {
    const names = paramNames(route);
    const files = (body as Upload).files.map(({ filename, mimeType, size, type }: FileInfo) => ({ filename, mimeType, size, type }));
    return { ...Object.fromEntries(names.map((name, i) => [name, params[i]])), files };
  }
  if (route !== getToken || !isObject(body) || !isObject(body.user) || body.user.password === undefined) return body;
  return { ...body, user: { ...body.user, password: '[redacted]' } };
}
