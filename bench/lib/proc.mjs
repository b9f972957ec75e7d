import { spawn, spawnSync } from 'node:child_process';
import { msSince } from './stats.mjs';

/**
 * Runs a command to completion and times it from spawn to exit. Output is captured (the pipes are
 * drained as it arrives, so a chatty command is not slowed by a full pipe). Never uses a shell.
 */
export function timed(cmd, args, { env, cwd, input, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: env ?? process.env, cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        ms: msSince(start),
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

/** Like timed, but a non-zero exit is an error that quotes the end of stderr. */
export async function run(cmd, args, opts = {}) {
  const r = await timed(cmd, args, opts);
  if (r.code !== 0) {
    const tail = (r.stderr || r.stdout).trim().split('\n').slice(-8).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.code ?? r.signal}:\n${tail}`);
  }
  return r;
}

/**
 * Times a short command synchronously (no event loop in the way, for millisecond start-up
 * figures). Output is discarded.
 */
export function timedSync(cmd, args, { env } = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: env ?? process.env, stdio: 'ignore' });
  const ms = msSince(start);
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}`);
  return ms;
}

/**
 * The environment a person's shell would give the CLI: no compile cache or preloads this machine
 * happens to have, and no CI variables (Ink draws no frames when it thinks it runs in CI).
 */
export function userEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const key of Object.keys(env)) {
    if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key.startsWith('CI_') || key === 'NODE_COMPILE_CACHE' || key === 'NODE_OPTIONS')
      delete env[key];
  }
  return env;
}
