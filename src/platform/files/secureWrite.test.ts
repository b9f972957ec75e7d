import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { writeFileSafely, writeSecretFile } from './secureWrite.js';

async function tempDir() {
  return mkdtemp(join(tmpdir(), 'pbs-files-'));
}

describe('writeFileSafely', () => {
  it("removes temp files a killed earlier writer left behind, whether or not the content changes, but not a live writer's", async () => {
    const dir = await tempDir();
    const target = join(dir, 'custom-values.yaml');
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    const abandoned = `.custom-values.yaml.${deadPid}.0123456789ab.tmp`;
    const fromOlderVersion = '.custom-values.yaml.abcdef012345.tmp';
    const liveWriter = `.custom-values.yaml.${process.ppid}.00000000beef.tmp`;
    const otherTarget = `.payload.txt.${deadPid}.0123456789ab.tmp`;
    for (const name of [abandoned, fromOlderVersion, liveWriter, otherTarget])
      await writeFile(join(dir, name), 'half a file', { mode: 0o600 });
    await writeFileSafely(target, 'a: 1\n', { mode: 0o644 });
    expect((await readdir(dir)).sort()).toEqual([liveWriter, otherTarget, 'custom-values.yaml'].sort());

    await writeFile(join(dir, abandoned), 'half a file', { mode: 0o600 });
    expect((await writeFileSafely(target, 'a: 1\n', { mode: 0o644 })).changed).toBe(false);
    expect(await readdir(dir)).not.toContain(abandoned);
  });

  it('writes key material 0600 even under a permissive umask', async () => {
    const dir = await tempDir();
    const old = process.umask(0o000);
    try {
      const r = await writeSecretFile(join(dir, 'certs', 'server.key'), 'KEY');
      expect((await stat(r.path)).mode & 0o777).toBe(0o600);
      expect(await readFile(r.path, 'utf8')).toBe('KEY');
    } finally {
      process.umask(old);
    }
  });

  it('keeps a backup of a different existing file and reports it', async () => {
    const dir = await tempDir();
    const path = join(dir, 'custom-values.yaml');
    await writeFile(path, '# mine\nreplicas: 2\n');
    const r = await writeFileSafely(path, 'replicas: 3\n', { mode: 0o644, now: () => new Date('2026-01-02T03:04:05Z') });
    expect(r.changed).toBe(true);
    expect(r.backupPath).toMatch(/custom-values\.yaml\.bak-2026-01-02T03-04-05-000Z$/);
    expect(await readFile(r.backupPath!, 'utf8')).toBe('# mine\nreplicas: 2\n');
    expect(await readFile(path, 'utf8')).toBe('replicas: 3\n');
  });

  it('converges: the same content again changes nothing and makes no backup', async () => {
    const dir = await tempDir();
    const path = join(dir, 'payload.txt');
    await writeSecretFile(path, 'abc');
    const again = await writeSecretFile(path, 'abc');
    expect(again).toEqual({ path, changed: false });
    expect((await readdir(dir)).sort()).toEqual(['payload.txt']);
  });
});
