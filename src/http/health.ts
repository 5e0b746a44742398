// GET /health: liveness. The process is up and serving HTTP; nothing else is checked.
import type { Route } from './router.js';
import { sendJson } from './respond.js';

export const healthRoute: Route = {
  path: '/health',
  methods: ['GET', 'HEAD'],
  handle: (_req, res) => sendJson(res, 200, { status: 'ok' }),
};
