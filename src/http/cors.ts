// CORS for the routes browsers call (the `cors` package: the Fetch spec's headers, not hand-written). An origin not
// in CORS_ORIGINS gets no Access-Control-Allow-* header at all, so its browser blocks the call; no credentials mode,
// since bearer tokens travel in a header.
import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';

export type CorsOrigins = readonly string[] | '*';

export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name'];

/** True (or a promise of it) when it answered the request itself: a preflight. An actual request gets false at once. */
export type CorsStep = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export function corsStep(origins: CorsOrigins): CorsStep {
  const allowed = new Set(origins === '*' ? [] : origins);
  const middleware = cors({
    origin: origins === '*' ? '*' : (origin, done) => done(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: ['GET', 'POST'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    maxAge: 7200,
    credentials: false,
    optionsSuccessStatus: 204,
  });
  return (req, res) => {
    if (req.method !== 'OPTIONS') {
      // An actual request: the headers the cors package would set (it copies its options and runs two callbacks for
      // them on every request). An origin not allowed gets none, not even Vary.
      const origin = req.headers.origin;
      if (origins === '*') res.setHeader('Access-Control-Allow-Origin', '*');
      else if (origin !== undefined && allowed.has(origin)) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Vary', 'Origin');
      }
      return false;
    }
    return new Promise((resolve, reject) => {
      middleware(req, res, (error?: unknown) => (error ? reject(error) : resolve(false)));
      // A preflight it answered never calls next: the response is finished by then.
      if (res.writableEnded) resolve(true);
    });
  };
}
