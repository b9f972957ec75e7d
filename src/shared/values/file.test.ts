import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readValuesFile, writeValuesFile } from './file.js';

describe('values file', () => {
  it('reads a missing file as undefined', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbs-values-'));
    expect(await readValuesFile(join(dir, 'custom-values.yaml'))).toBeUndefined();
  });

  it('writes 0644, keeps a backup of a different earlier version, and none for the same content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbs-values-'));
    const path = join(dir, 'custom-values.yaml');
    const now = () => new Date('2026-03-04T05:06:07Z');
    expect((await writeValuesFile(path, 'replicas: 1\n', now)).backupPath).toBeUndefined();
    expect((await stat(path)).mode & 0o777).toBe(0o644);
    const second = await writeValuesFile(path, 'replicas: 2\n', now);
    expect(second.backupPath).toMatch(/custom-values\.yaml\.bak-2026-03-04T05-06-07-000Z$/);
    expect(await readFile(second.backupPath!, 'utf8')).toBe('replicas: 1\n');
    expect(await readValuesFile(path)).toBe('replicas: 2\n');
    expect((await writeValuesFile(path, 'replicas: 2\n', now)).changed).toBe(false);
    expect((await readdir(dir)).length).toBe(2);
  });
});
