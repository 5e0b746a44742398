// Where log lines go: standard output, in one write(2) per event-loop turn for all the lines of that turn. Every
// GraphQL operation writes a line; a system call for each was the largest single cost of the info log level. Lines
// keep their order (every pino line comes through here), wait at most until the end of the turn, and are written
// synchronously when the process exits.
import { destination as fileDestination, type DestinationStream } from 'pino';

export class TurnBatchedDestination implements DestinationStream {
  private pending = '';
  private scheduled = false;
  private readonly flushNow = () => this.flushSync();

  /** `sink`: written synchronously (pino's sonic-boom, which also retries a full non-blocking pipe). */
  constructor(private readonly sink: { write(text: string): unknown } = fileDestination({ dest: 1, sync: true })) {
    process.on('exit', this.flushNow);
  }

  write(line: string): void {
    this.pending += line;
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flushNow);
  }

  /** Writes what is pending now (the end of the turn, pino's flushSync, the exit handler). */
  flushSync(): void {
    this.scheduled = false;
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.sink.write(text);
  }
}
