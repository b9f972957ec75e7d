import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelmCli } from './helm.js';

/** Field 5 of /proc/<pid>/stat: the process group. */
function processGroup(pid: number | 'self'): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

describe('HelmCli.run', () => {
  it('starts helm in its own process group, so a Ctrl+C at the terminal (sent to our group) lets the helm step finish', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbs-helm-'));
    const bin = join(dir, 'helm');
    // Stands in for helm only to report the process group it was started in.
    await writeFile(bin, '#!/bin/sh\ncut -d" " -f5 /proc/$$/stat\n');
    await chmod(bin, 0o755);
    const r = await new HelmCli(bin).run(['version']);
    expect(r.exitCode).toBe(0);
    expect(Number(r.stdout.trim())).not.toBe(processGroup('self'));
  });
});
