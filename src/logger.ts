// JSON logs (pino). Secrets and personal data are redacted by path wherever they might appear.
import { pino, type DestinationStream, type Logger } from 'pino';

const REDACT_PATHS = [
  'password', '*.password', 'token', '*.token',
  'authorization', '*.authorization', '*.headers.authorization', '*.headers["x-connectfi-token"]',
  'nameOnCard', '*.nameOnCard', '*.*.nameOnCard', 'additionalData', '*.additionalData', '*.*.additionalData',
  'variables', '*.variables',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  }, destination);
}
