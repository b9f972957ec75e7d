import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { msSince } from './stats.mjs';

const shQuote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/**
 * Ends the measured program at once: SIGKILL to script's own child (the program, which replaced
 * the shell via exec), after which script exits by itself. Sending script SIGTERM instead makes it
 * wait for a program that ignores SIGTERM, for seconds.
 */
function stop(child) {
  try {
    const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const pid of kids) process.kill(Number(pid), 'SIGKILL');
    if (kids.length === 0) child.kill('SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

/**
 * Runs argv in a real pseudo-terminal (util-linux `script`, so the program sees a TTY on stdin
 * and stdout, raw mode and all) and returns the milliseconds from spawn until `isDone(output so
 * far)` holds; then the program is stopped. The same harness times the bare-Node baseline, so the
 * cost of `script` itself is on both sides.
 */
export function timeInPty(argv, { env, isDone, timeoutMs = 20_000 }) {
  return new Promise((resolve, reject) => {
    const command = `exec ${argv.map(shQuote).join(' ')}`;
    const start = process.hrtime.bigint();
    // stdin stays an open pipe: on EOF some `script` versions end the session early.
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...(env ?? process.env), SHELL: '/bin/sh' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let text = '';
    let doneMs;
    const timer = setTimeout(() => {
      stop(child);
      reject(new Error(`no complete frame within ${timeoutMs} ms from ${argv.join(' ')}; output so far:\n${text.slice(-1500)}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      text += chunk.toString('utf8');
      if (doneMs === undefined && isDone(text)) {
        doneMs = msSince(start);
        stop(child);
      }
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', () => {
      clearTimeout(timer);
      if (doneMs !== undefined) resolve(doneMs);
      else reject(new Error(`${argv.join(' ')} ended before a complete frame; output:\n${text.slice(-1500)}`));
    });
  });
}

/** Ink's first frame is one synchronized update: it is complete at the first end-of-update mark after the step header. */
export function firstWizardFrameDone(text) {
  // "Step 1 · Cluster" (the step count is shown once the registry choice fixes it; it was "Step 1 of N").
  const header = text.search(/Step 1 (?:of|·)/);
  return header >= 0 && text.indexOf('\u001b[?2026l', header) > header;
}
