import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HelmCli } from './helm.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A stand-in helm binary: a real process, so the signal comes from the operating system. */
async function fakeHelmBinary(script: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pbs-helm-'));
  dirs.push(dir);
  const bin = join(dir, 'helm');
  await writeFile(bin, `#!/bin/sh\n${script}\n`);
  await chmod(bin, 0o755);
  return bin;
}

describe('HelmCli.run', () => {
  it('reports the signal that killed helm, so a kill is never called a failure of helm', async () => {
    const r = await new HelmCli(await fakeHelmBinary('kill -KILL $$')).run(['upgrade']);
    expect(r.signal).toBe('SIGKILL');
    expect(r.stderr).toBe('');
  });

  it('reports no signal for a helm that exits on its own', async () => {
    const r = await new HelmCli(await fakeHelmBinary('echo "Error: boom" >&2; exit 1')).run(['upgrade']);
    expect(r).toMatchObject({ exitCode: 1, signal: undefined, stderr: 'Error: boom' });
  });
});
