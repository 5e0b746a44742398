// Log lines are written once per event-loop turn, in order, and none is lost when the process exits in the turn
// that logged it.
import { fileURLToPath } from 'node:url';
import { TurnBatchedDestination } from '../src/log-destination.js';
import { runNodeToExit } from './helpers/process.js';

it('writes the lines of one turn in one write, in order, at the end of the turn', async () => {
  const writes: string[] = [];
  const destination = new TurnBatchedDestination({ write: (text: string) => writes.push(text) });
  destination.write('a\n');
  destination.write('b\n');
  destination.write('c\n');
  expect(writes).toEqual([]);
  await new Promise((resolve) => setImmediate(resolve));
  expect(writes).toEqual(['a\nb\nc\n']);
  destination.write('d\n');
  destination.flushSync();
  expect(writes).toEqual(['a\nb\nc\n', 'd\n']);
});

it('writes what is pending when the process exits in the same turn', async () => {
  const logger = fileURLToPath(new URL('../dist/logger.js', import.meta.url));
  const script = `import { createLogger } from ${JSON.stringify(logger)};
    const log = createLogger('info');
    log.info({ event: 'one' }, 'first');
    log.warn({ event: 'two' }, 'second');
    process.exit(3);`;
  const run = await runNodeToExit(['--input-type=module', '-e', script], { PATH: process.env.PATH });
  expect(run.code).toBe(3);
  expect(run.stdout.trim().split('\n').map((line) => JSON.parse(line).event)).toEqual(['one', 'two']);
});
