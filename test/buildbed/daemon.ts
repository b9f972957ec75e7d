import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch folder (0700) under the run's TMPDIR; removed by the caller's stop(). */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

/** A port on 127.0.0.1 that was free a moment ago (for daemons that must be told their port). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/** A child process whose output goes to a log file, stopped with SIGTERM (then SIGKILL). */
export interface Daemon {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Set once the process has exited. */
  exitCode(): number | null | undefined;
  /** Everything the process wrote to stdout/stderr so far. */
  log(): string;
  stop(): Promise<void>;
}

export function startDaemon(
  name: string,
  command: string,
  args: string[],
  /** processGroup: the daemon gets a process group of its own, and stop() signals the whole group (for wrappers such as runuser/rootlesskit). */
  opts: { env?: NodeJS.ProcessEnv; logFile: string; cwd?: string; processGroup?: boolean },
): Daemon {
  const fd = openSync(opts.logFile, 'a', 0o600);
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: ['ignore', fd, fd],
      detached: opts.processGroup ?? false,
    });
  } finally {
    closeSync(fd);
  }
  let exited: number | null | undefined;
  const exitedPromise = new Promise<void>((r) => {
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? -1 : null);
      r();
    });
    child.once('error', () => {
      exited = -1;
      r();
    });
  });
  return {
    name,
    pid: child.pid ?? -1,
    logFile: opts.logFile,
    exitCode: () => exited,
    log: () => {
      try {
        return readFileSync(opts.logFile, 'utf8');
      } catch {
        return '';
      }
    },
    async stop() {
      if (exited !== undefined) return;
      const signal = (sig: NodeJS.Signals) => {
        try {
          if (opts.processGroup && child.pid) process.kill(-child.pid, sig);
          else child.kill(sig);
        } catch {
          // already gone
        }
      };
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 10_000);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}

/**
 * Polls `probe` until it returns true; fails at the deadline, or at once when the daemon it waits for
 * has exited, with the last lines of its log so the failure says why.
 */
export async function waitForDaemon(daemon: Daemon, what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (daemon.exitCode() !== undefined) {
      throw new Error(`${daemon.name} exited (${daemon.exitCode()}) before ${what}:\n${tail(daemon.log())}`);
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`${daemon.name}: timed out after ${timeoutMs} ms waiting for ${what}:\n${tail(daemon.log())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
