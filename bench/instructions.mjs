// Instructions per request, counted by valgrind (callgrind): the same on a busy machine as on a quiet one, so a
// change of a few percent shows where timing runs (±10% on a shared VM) cannot see it. Counts user-space
// instructions only (the kernel's share, system calls, is alike in both: two socket writes and reads per request)
// and weighs them all alike (not cache misses): a check on a change, not a figure to quote as time.
//   node bench/instructions.mjs [gateway|apollo|<checkout dir> ...]     (default: gateway apollo)
// Each target runs under valgrind against a normal simulator: INSTR_WARMUP requests at INSTR_CONNECTIONS (JIT and
// caches warm), then collection on for exactly INSTR_REQUESTS requests. A checkout directory means the gateway
// built there (as bench/ab.mjs). Env: INSTR_WARMUP (3000) INSTR_REQUESTS (2000) INSTR_CONNECTIONS (8).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { badAnswers, drive, envInt, log, RESULTS_DIR, ROOT, STAMP, stopProcess } from './lib/harness.mjs';
import { mutationLoad, startGateway, startReference, startSimulator } from './lib/stack.mjs';

const warmup = envInt('INSTR_WARMUP', 3000, 0, 1e6);
const requests = envInt('INSTR_REQUESTS', 2000, 1, 1e6);
const connections = envInt('INSTR_CONNECTIONS', 8, 1, 1024);
const targets = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['gateway', 'apollo'];

const sim = await startSimulator('simulator-instr');
const results = [];
for (const target of targets) {
  const out = path.join(RESULTS_DIR, `callgrind-${target.replace(/\W+/g, '_')}-${STAMP}.out`);
  const wrapper = ['valgrind', '--tool=callgrind', '--instr-atstart=no', '--separate-threads=yes', `--callgrind-out-file=${out}`];
  const started = await start(target, wrapper);
  // /usr/bin/valgrind may be a wrapper script: the process to talk to is the one writing `out`.
  const pid = execFileSync('pgrep', ['-f', `callgrind-out-file=${out}`], { encoding: 'utf8' }).trim().split('\n').pop();
  if (warmup > 0) check(target, await drive({ ...started.load, amount: warmup, durationS: 600 }));
  control(pid, '--instr=on');
  check(target, await drive({ ...started.load, amount: requests, durationS: 600 }));
  control(pid, '--instr=off');
  control(pid, '--dump'); // written to <out>.1-<thread>, the main thread's is <out>.1-01
  await stopProcess(started.proc, 120_000);
  const instructions = totalInstructions(`${out}.1-01`);
  results.push({ target, instructionsPerRequest: instructions / requests });
  log(`${target}: ${Math.round(instructions / requests).toLocaleString('en-US')} instructions per request (${out})`);
}
await stopProcess(sim.proc);
if (results.length > 1) for (const r of results.slice(1)) log(`${r.target} ÷ ${results[0].target}: ${(r.instructionsPerRequest / results[0].instructionsPerRequest).toFixed(3)}×`);

async function start(target, wrapper) {
  const readyMs = 180_000;
  if (target === 'apollo' || target === 'graphql-js' || target === 'apollo-defaults') {
    const ref = await startReference(target, sim.url, { wrapper, readyMs });
    return { proc: ref.proc, load: { ...mutationLoad(target, ref.url), connections } };
  }
  const root = target === 'gateway' ? undefined : path.resolve(target);
  const gateway = await startGateway(sim.url, { name: `gateway-${path.basename(root ?? ROOT)}`, root, wrapper, readyMs });
  return { proc: gateway.proc, load: { ...mutationLoad('gateway', gateway.url), connections } };
}

/** valgrind names its command pipes after $HOST, which the targets have set (127.0.0.1, where they listen). */
function control(pid, command) {
  execFileSync('callgrind_control', [command, pid], { stdio: 'ignore', env: { ...process.env, HOST: '127.0.0.1' } });
}

function check(target, result) {
  if (badAnswers(result) > 0) throw new Error(`${target}: ${badAnswers(result)} bad answers`);
}

/** Callgrind's "totals:" line: instructions executed while collection was on. */
function totalInstructions(file) {
  const text = fs.readFileSync(file, 'utf8');
  const match = /^totals:\s+(\d+)/m.exec(text);
  if (!match) throw new Error(`no totals in ${file}`);
  return Number(match[1]);
}
