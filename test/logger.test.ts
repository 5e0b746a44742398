// The redaction safety net: secret-bearing keys never reach the log, whatever a log call passes.
import { createLogger } from '../src/logger.js';

it('redacts passwords, tokens, credentials, card names and additionalData', () => {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  logger.info({
    password: 'pw-1', token: 'tok-2', authorization: 'Bearer key-3', nameOnCard: 'JANE SECRET', additionalData: { a: 'data-4' },
    variables: { input: 'var-5' }, user: { login: 'me', password: 'pw-6' }, headers: { authorization: 'Bearer key-7', 'x-connectfi-token': 'tok-8' },
  }, 'all secrets');
  const [line] = lines;
  for (const secret of ['pw-1', 'tok-2', 'key-3', 'JANE SECRET', 'data-4', 'var-5', 'pw-6', 'key-7', 'tok-8']) expect(line).not.toContain(secret);
  expect(JSON.parse(line)).toMatchObject({ level: 'info', user: { login: 'me', password: '[redacted]' }, msg: 'all secrets' });
});
