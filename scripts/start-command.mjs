// What `npm start` runs, read from package.json: the benchmark and the tests start the gateway exactly as
// production does, with the same Node flags (the heap ceiling changes how memory behaves under load).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('..', import.meta.url);

/** The start script's Node flags and the absolute path of its entry point. */
export function startCommand() {
  const start = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')).scripts?.start ?? '';
  const match = /^node((?:\s+--[\w-]+(?:=\S+)?)*)\s+(\S+\.js)$/.exec(start.trim());
  if (!match) throw new Error(`package.json's start script is not "node [--flags] <entry>.js": ${start}`);
  return { flags: match[1].trim().split(/\s+/).filter(Boolean), entry: fileURLToPath(new URL(match[2], ROOT)) };
}
