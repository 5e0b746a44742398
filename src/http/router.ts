// The HTTP router: exact paths to handlers. Adding a route is a handler file and one entry in the table that
// src/gateway.ts passes here. Anything a handler throws is logged and answered 500 without detail.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { INTERNAL_ERROR } from '../graphql/security.js';
import { ClientAbortedError } from './body.js';
import { sendJson } from './respond.js';

/** `search` is the query string without its `?`. */
export type Handler = (req: IncomingMessage, res: ServerResponse, search: string) => void | Promise<void>;

export interface Route {
  path: string;
  /** Methods the route answers; others get 405 with Allow. Omitted: the handler checks the method itself. */
  methods?: readonly string[];
  handle: Handler;
}

export function createRouter(routes: Route[], logger: Logger): RequestListener {
  const table = new Map(routes.map((route) => [route.path, route]));
  return (req, res) => {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const route = table.get(queryStart === -1 ? url : url.slice(0, queryStart));
    if (route === undefined) return sendJson(res, 404, { error: 'Not found' });
    if (route.methods !== undefined && !route.methods.includes(req.method ?? '')) {
      return sendJson(res, 405, { error: 'Method not allowed' }, { allow: route.methods.join(', ') });
    }
    Promise.resolve(route.handle(req, res, queryStart === -1 ? '' : url.slice(queryStart + 1))).catch((error: unknown) => {
      if (error instanceof ClientAbortedError) return void res.destroy(); // nobody left to answer
      logger.error({ event: 'http.unhandled', err: error instanceof Error ? error.message : String(error) }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [INTERNAL_ERROR] });
      else res.destroy();
    });
  };
}
