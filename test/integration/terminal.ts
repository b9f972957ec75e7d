import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let sessions = 0;

export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface TerminalOptions {
  cols?: number;
  rows?: number;
  env?: Record<string, string>;
  cwd?: string;
}

/**
 * A real terminal for end-to-end tests: the program runs in a tmux pane (a real pty, raw mode and
 * all), keys go in with send-keys and the screen comes back with capture-pane. Every byte the
 * program writes is also piped to a file, for assertions on the whole output (e.g. no secret leaks).
 */
export class TmuxTerminal {
  private constructor(
    private readonly socket: string,
    private readonly target: string,
    readonly logFile: string,
    private readonly statusFile: string,
  ) {}

  static start(command: string[], opts: TerminalOptions = {}): TmuxTerminal {
    sessions += 1;
    const socket = `pbs-e2e-${process.pid}-${sessions}`;
    const target = 'main';
    const dir = mkdtempSync(join(tmpdir(), 'pbs-tty-'));
    const logFile = join(dir, 'output.log');
    const statusFile = join(dir, 'exit-status');
    const t = new TmuxTerminal(socket, target, logFile, statusFile);
    // The environment goes to env(1), not to tmux's -e: tmux 3.3 replaces PATH in a spawned pane
    // with its client's, so a PATH given with -e never reached the program (a bin folder the test
    // put first was not searched). CI is dropped (below), also when the caller's env carries it.
    const envArgs = Object.entries(opts.env ?? {})
      .filter(([k]) => k !== 'CI' && k !== 'CONTINUOUS_INTEGRATION')
      .map(([k, v]) => `${k}=${v}`);
    // Start a placeholder, turn on remain-on-exit and the output log, then swap in the program, so
    // neither its first bytes nor its exit status can be lost to a race.
    t.tmux([
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      target,
      '-x',
      String(opts.cols ?? 120),
      '-y',
      String(opts.rows ?? 40),
      ...(opts.cwd ? ['-c', opts.cwd] : []),
      '--',
      'sleep',
      '3600',
    ]);
    t.tmux(['set-option', '-t', target, 'remain-on-exit', 'on']);
    t.tmux(['pipe-pane', '-o', '-t', target, `cat >> '${logFile}'`]);
    // tmux 3.3's #{pane_dead_status} is blank for some exits, so a shell records the status ($0 is the file).
    // A terminal is a person's, not CI's: with CI set (as the test run has), Ink draws no live frames.
    t.tmux([
      'respawn-pane',
      '-k',
      '-t',
      target,
      '--',
      'env',
      '-u',
      'CI',
      '-u',
      'CONTINUOUS_INTEGRATION',
      ...envArgs,
      '/bin/sh',
      '-c',
      '"$@"; echo "$?" > "$0"',
      statusFile,
      ...command,
    ]);
    return t;
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** The visible screen, trailing blank lines removed. */
  screen(): string {
    return this.tmux(['capture-pane', '-p', '-t', this.target]).replace(/\s+$/, '');
  }

  /** Everything the program wrote so far, escape sequences included. */
  output(): string {
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  /** Types literal text (no key names interpreted). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', this.target, '-l', text]);
  }

  /** Presses named keys: Enter, Escape, Down, Up, Space, C-c, BSpace … */
  press(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.target, ...keys]);
  }

  exitStatus(): number | undefined {
    try {
      const text = readFileSync(this.statusFile, 'utf8').trim();
      return text === '' ? undefined : Number(text);
    } catch {
      return undefined;
    }
  }

  /** Polls the screen until it matches; the error shows the last screen so a failure explains itself. */
  async waitFor(match: RegExp | ((screen: string) => boolean), timeoutMs = 20_000): Promise<string> {
    const ok = typeof match === 'function' ? match : (s: string) => match.test(s);
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = this.screen();
      if (ok(last)) return last;
      if (this.exitStatus() !== undefined) {
        last = this.screen();
        if (ok(last)) return last;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `terminal never showed ${String(match)} (exit status ${this.exitStatus() ?? 'running'}). Last screen:\n${last}\n--- output ---\n${this.output().slice(-3000)}`,
    );
  }

  async waitForExit(timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.exitStatus();
      if (s !== undefined) return s;
      if (Date.now() > deadline) throw new Error(`program still running after ${timeoutMs} ms. Screen:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The program's pid: the pane runs a shell that runs the program as its only child. */
  programPid(): number {
    const shell = this.tmux(['display-message', '-p', '-t', this.target, '#{pane_pid}']).trim();
    const children = readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    if (children.length !== 1) throw new Error(`expected one program under the pane's shell ${shell}, found [${children.join(', ')}]`);
    return Number(children[0]);
  }

  close(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      /* already gone */
    }
  }
}
