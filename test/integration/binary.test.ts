import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from './eventually.js';
import { hasTmux, TmuxTerminal } from './terminal.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');
const describeTty = hasTmux() || process.env['CI'] ? describe : describe.skip;

describeTty('the built binary in a real terminal', () => {
  let term: TmuxTerminal | undefined;
  afterEach(() => term?.close());

  it('prints its version and exits 0', async () => {
    term = TmuxTerminal.start([process.execPath, cli, '--version']);
    expect(await term.waitForExit()).toBe(0);
    expect(term.output()).toMatch(/^\d+\.\d+\.\d+/m);
  });

  it('rejects an unknown subcommand with exit 2 and one clear line, no stack trace', async () => {
    term = TmuxTerminal.start([process.execPath, cli, 'frobnicate']);
    expect(await term.waitForExit()).toBe(2);
    const out = term.output();
    expect(out).toContain('unknown command "frobnicate"');
    expect(out).not.toMatch(/\n\s+at /);
  });

  it('writes its compile cache once the first frame is drawn, not only at exit (which a killed or closed terminal never reaches)', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'pbs-compile-cache-'));
    try {
      // No cluster needed: the first frame ("Checking the cluster…") comes before any connection.
      term = TmuxTerminal.start([process.execPath, cli], {
        env: { NODE_COMPILE_CACHE: cacheDir, KUBECONFIG: join(cacheDir, 'no-kubeconfig') },
      });
      await term.waitFor(/Step 1 · Cluster/);
      const cachedFiles = async () => (await readdir(cacheDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
      // The wizard now waits for a key: the files can only come from the write after the first frame.
      await eventually(async () => expect(await cachedFiles()).toBeGreaterThan(10), { timeoutMs: 30_000 });
      process.kill(term.programPid(), 'SIGKILL');
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
