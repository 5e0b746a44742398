// OpenTelemetry traces, off unless the standard variables configure an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER, OTEL_EXPORTER_OTLP_PROTOCOL... as the
// SDK reads them). The SDK's instrumentations make the spans: http for the incoming request (continuing a W3C
// traceparent) and node-fetch's calls, undici for connectFi calls (which also send traceparent). URLs are rewritten
// to route templates first: paths carry customer IDs and upload or webhook tokens.
import { createRequire } from 'node:module';
import { ClientRequest } from 'node:http';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { routeTemplate } from './connectfi/routes.js';

export interface Tracing {
  shutdown(): Promise<void>;
}

/** Routes of this gateway whose last segment is a secret. */
const INCOMING_TEMPLATES: Array<[string, string]> = [['/uploads/', '/uploads/:token'], ['/webhooks/connectfi/', '/webhooks/connectfi/:token']];
/** Probes would be most of the spans and tell nothing. */
const UNTRACED = new Set(['/health', '/ready', '/metrics']);

export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export function incomingTemplate(url: string | undefined): string {
  const path = (url ?? '/').split('?', 1)[0];
  for (const [prefix, template] of INCOMING_TEMPLATES) if (path.startsWith(prefix)) return template;
  return path;
}

/** Attributes that replace the URL ones an instrumentation would record. */
function urlAttributes(template: string): Record<string, string> {
  return { 'url.path': template, 'url.template': template, 'http.route': template, 'http.target': template, 'url.query': '' };
}

export async function startTracing(): Promise<Tracing | undefined> {
  if (!tracingConfigured()) return undefined;
  // Only traces: metrics are Prometheus (/metrics), logs are pino.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const [{ NodeSDK }, { HttpInstrumentation }, { UndiciInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'), import('@opentelemetry/instrumentation-http'), import('@opentelemetry/instrumentation-undici'),
  ]);
  const sdk = new NodeSDK({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED.has(incomingTemplate(req.url)),
        startIncomingSpanHook: (req) => urlAttributes(incomingTemplate(req.url)),
        requestHook: (span, req) => {
          const template = req instanceof ClientRequest ? routeTemplate(req.path) : incomingTemplate(req.url);
          span.setAttributes({ ...urlAttributes(template), 'url.full': template });
          span.updateName(`${req.method ?? 'HTTP'} ${template}`);
        },
      }),
      new UndiciInstrumentation({
        startSpanHook: (request) => ({ ...urlAttributes(routeTemplate(request.path)), 'url.full': `${request.origin}${routeTemplate(request.path)}` }),
        requestHook: (span, request) => span.updateName(`${request.method} ${routeTemplate(request.path)}`),
      }),
    ],
  });
  sdk.start();
  // This package is ESM: the http instrumentation patches node:http when it is required, so require it once now.
  createRequire(import.meta.url)('node:http');
  return { shutdown: () => sdk.shutdown() };
}

/** Runs `work` inside a span for one GraphQL operation; telemetryPlugin names it once the operation is known. */
export function inOperationSpan<T>(work: () => Promise<T>): Promise<T> {
  return trace.getTracer('connectfi-gateway').startActiveSpan('graphql', async (span) => {
    try {
      return await work();
    } finally {
      span.end();
    }
  });
}

/** The trace ID of the active span, for log lines. */
export function activeTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? context.traceId : undefined;
}
