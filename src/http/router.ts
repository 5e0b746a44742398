// The HTTP router: exact paths to handlers (one map lookup), then the few prefix routes (/uploads/<token>). Adding a
// route is a handler file and one entry in the table that src/gateway.ts passes here. Anything a handler throws is
// logged and answered 500 without detail.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { INTERNAL_ERROR } from '../graphql/security.js';
import { ClientAbortedError } from './body.js';
import type { CorsStep } from './cors.js';
import { sendJson } from './respond.js';

/** `search` is the query string without its `?`. */
export type Handler = (req: IncomingMessage, res: ServerResponse, search: string) => void | Promise<void>;

export interface Route {
  path: string;
  /** Also answers every path that starts with `path` (e.g. "/uploads/"), when no exact path matches. */
  prefix?: boolean;
  /** Methods the route answers; others get 405 with Allow. Omitted: the handler checks the method itself. */
  methods?: readonly string[];
  handle: Handler;
  /** Called by browsers: CORS applies (preflights answered, headers added for allowed origins). */
  browser?: boolean;
}

export function createRouter(routes: Route[], logger: Logger, cors?: CorsStep): RequestListener {
  const table = new Map(routes.filter((route) => !route.prefix).map((route) => [route.path, route]));
  const prefixed = routes.filter((route) => route.prefix);
  return (req, res) => {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const route = table.get(path) ?? prefixed.find((candidate) => path.startsWith(candidate.path));
    if (route === undefined) return sendJson(res, 404, { error: 'Not found' });
    const search = queryStart === -1 ? '' : url.slice(queryStart + 1);
    const failed = (error: unknown) => {
      if (error instanceof ClientAbortedError) return void res.destroy(); // nobody left to answer
      logger.error({ event: 'http.unhandled', err: error instanceof Error ? error.message : String(error) }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [INTERNAL_ERROR] });
      else res.destroy();
    };
    try {
      const answer = cors && route.browser && req.headers.origin !== undefined ? corsThenHandle(cors, route, req, res, search) : handle(route, req, res, search);
      answer?.catch(failed);
    } catch (error) {
      failed(error); // a handler that threw before its first await
    }
  };
}

function handle(route: Route, req: IncomingMessage, res: ServerResponse, search: string): void | Promise<void> {
  if (route.methods !== undefined && !route.methods.includes(req.method ?? '')) {
    return sendJson(res, 405, { error: 'Method not allowed' }, { allow: route.methods.join(', ') });
  }
  return route.handle(req, res, search);
}

function corsThenHandle(cors: CorsStep, route: Route, req: IncomingMessage, res: ServerResponse, search: string): void | Promise<void> {
  const answered = cors(req, res);
  if (answered === false) return handle(route, req, res, search); // an actual request: no extra turn
  if (answered === true) return;
  return answered.then((preflight) => (preflight ? undefined : handle(route, req, res, search)));
}
