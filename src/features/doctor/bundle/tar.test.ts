import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarGz } from './tar.js';

describe('tarGz', () => {
  it('writes an archive the system tar unpacks: contents, long paths and 0600 modes kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbs-tar-'));
    const long = `bundle/logs/${'p'.repeat(63)}/${'c'.repeat(63)}.previous.log`;
    const binary = Buffer.from([0, 1, 2, 255]);
    const archive = tarGz(
      [
        { path: 'bundle/README.md', content: 'héllo\n' },
        { path: long, content: 'x'.repeat(1000) },
        { path: 'bundle/empty.txt', content: '' },
        { path: 'bundle/bin', content: binary },
      ],
      new Date('2026-01-02T03:04:05Z'),
    );
    await writeFile(join(dir, 'b.tar.gz'), archive);
    execFileSync('tar', ['-xzf', 'b.tar.gz'], { cwd: dir });
    expect(await readFile(join(dir, 'bundle/README.md'), 'utf8')).toBe('héllo\n');
    expect(await readFile(join(dir, long), 'utf8')).toBe('x'.repeat(1000));
    expect(await readFile(join(dir, 'bundle/empty.txt'), 'utf8')).toBe('');
    expect(await readFile(join(dir, 'bundle/bin'))).toEqual(binary);
    expect((await stat(join(dir, long))).mode & 0o777).toBe(0o600);
    expect(execFileSync('tar', ['-tzf', 'b.tar.gz'], { cwd: dir, encoding: 'utf8' }).trim().split('\n')).toHaveLength(4);
  });

  it('refuses a path that cannot be stored', () => {
    expect(() => tarGz([{ path: 'x'.repeat(300), content: '' }], new Date())).toThrow(/too long/);
  });
});
