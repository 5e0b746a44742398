// GET /metrics: Prometheus text format, from this instance's registry.
import type { Registry } from 'prom-client';
import type { Route } from './router.js';

export function metricsRoute(registry: Registry): Route {
  return {
    path: '/metrics',
    methods: ['GET'],
    async handle(_req, res) {
      const text = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    },
  };
}
