import { mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleDestinationProblem, defaultBundleName, writeBundleFile } from './writeBundle.js';

describe('writeBundleFile', () => {
  it('writes 0600 whatever the umask, leaving no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbs-bundle-'));
    const old = process.umask(0);
    try {
      await writeBundleFile(join(dir, 'b.tar.gz'), Buffer.from('data'));
    } finally {
      process.umask(old);
    }
    expect((await stat(join(dir, 'b.tar.gz'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'b.tar.gz'), 'utf8')).toBe('data');
    expect(await readdir(dir)).toEqual(['b.tar.gz']);
  });

  it('refuses an existing file or a symlink, leaving it as it was', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbs-bundle-'));
    await writeFile(join(dir, 'old.tar.gz'), 'keep');
    await expect(writeBundleFile(join(dir, 'old.tar.gz'), Buffer.from('new'))).rejects.toThrow(
      'already exists; the bundle was not written',
    );
    expect(await readFile(join(dir, 'old.tar.gz'), 'utf8')).toBe('keep');
    await symlink(join(dir, 'elsewhere'), join(dir, 'link.tar.gz'));
    await expect(writeBundleFile(join(dir, 'link.tar.gz'), Buffer.from('new'))).rejects.toThrow('already exists');
    expect((await readdir(dir)).sort()).toEqual(['link.tar.gz', 'old.tar.gz']);
  });

  it('names the default file after the namespace and the time', () => {
    expect(defaultBundleName('openfaas', new Date('2026-01-02T03:04:05.678Z'))).toBe('probuilder-bundle-openfaas-20260102T030405Z.tar.gz');
  });
});

describe('bundleDestinationProblem', () => {
  it('says why a name cannot take the bundle: taken, folder missing, folder a file; nothing for a free name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbs-bundle-'));
    await writeFile(join(dir, 'taken.tar.gz'), 'x');
    expect(await bundleDestinationProblem(join(dir, 'taken.tar.gz'))).toMatch(/taken\.tar\.gz already exists; nothing was collected/);
    expect(await bundleDestinationProblem(join(dir, 'missing', 'b.tar.gz'))).toBe(
      `the folder ${join(dir, 'missing')} does not exist; nothing was collected. Create it, or name a file in another folder.`,
    );
    expect(await bundleDestinationProblem(join(dir, 'taken.tar.gz', 'b.tar.gz'))).toMatch(/is not a folder; nothing was collected/);
    expect(await bundleDestinationProblem(join(dir, 'free.tar.gz'))).toBeUndefined();
  });
});
