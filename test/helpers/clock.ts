// An injectable clock for code that reads Date.now() (the simulator's token expiry, the gateway's circuit
// breaker): Jest's fake timers with only Date faked. setTimeout, setImmediate, nextTick and performance stay
// real, so HTTP, sockets and waitUntil keep working; time as Date sees it moves only when the test moves it.
// Code that captured Date.now at construction (e.g. `now = Date.now`) must be built after fakeDate().
import { jest } from '@jest/globals';

export interface FakeDate {
  /** Moves Date forward by `ms`. */
  advance(ms: number): void;
  /** Back to the real Date. */
  restore(): void;
}

export function fakeDate(): FakeDate {
  jest.useFakeTimers({
    now: Date.now(),
    doNotFake: [
      'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame',
      'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval',
      'setTimeout', 'clearTimeout',
    ],
  });
  return {
    advance: (ms) => jest.setSystemTime(Date.now() + ms),
    restore: () => jest.useRealTimers(),
  };
}
