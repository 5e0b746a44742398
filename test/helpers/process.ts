// Runs the built gateway as a child process, exactly as `npm start` does (dist/main.js with the start script's
// Node flags).
import { spawn, type ChildProcess } from 'node:child_process';
import { startCommand } from '../../scripts/start-command.mjs';

const { flags, entry } = startCommand();
const MAIN_ARGS = [...flags, entry];

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function baseEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { PATH, HOME } = process.env;
  return { PATH, HOME, PORT: '0', HOST: '127.0.0.1', ...env };
}

export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs main.js to its exit (for start-up failures): one that starts serving instead is killed after 15 s. */
export function runToExit(env: Record<string, string>): Promise<Exit> {
  return runNodeToExit(MAIN_ARGS, baseEnv(env), 15_000);
}

/** Runs `node <args>` to its exit, collecting what it prints; killed (code null) if it outlives `limitMs`. */
export function runNodeToExit(args: string[], env: NodeJS.ProcessEnv, limitMs = 600_000): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env });
    const limit = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('exit', () => clearTimeout(limit));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts main.js and resolves once it logs where it listens. */
export function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, MAIN_ARGS, { env: baseEnv(env) });
    let out = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stderr.on('data', (d) => (out += d));
    child.stdout.on('data', (d) => {
      out += d;
      const match = /"event":"gateway.listening","url":"(http:[^"]+)\/graphql"/.exec(out);
      if (match) resolve({
        child,
        url: match[1],
        output: () => out,
        stop: (signal = 'SIGTERM') => (child.kill(signal), exited),
      });
    });
    child.on('exit', (code) => reject(new Error(`gateway exited with ${code} before listening:\n${out}`)));
  });
}
