import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateReadableFile, type FileProbe } from './readableFile.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbs-validate-'));
  await writeFile(join(dir, 'LICENSE'), 'eyJhbGciOi...');
  await writeFile(join(dir, 'empty'), '');
  await writeFile(join(dir, 'big'), Buffer.alloc(2 * 1024 * 1024));
  await mkdir(join(dir, 'folder'));
});

async function message(path: string, fs?: FileProbe, opts?: Parameters<typeof validateReadableFile>[2]): Promise<string> {
  const r = await validateReadableFile(path, fs, opts);
  if (r.ok) throw new Error('expected a failure');
  return r.message;
}

describe('validateReadableFile', () => {
  it('accepts a small readable file and reports its size, trimming the path', async () => {
    expect(await validateReadableFile(` ${join(dir, 'LICENSE')} `)).toEqual({ ok: true, value: { path: join(dir, 'LICENSE'), size: 13 } });
  });

  it('expands a leading ~/ against the home folder', async () => {
    const r = await validateReadableFile('~/LICENSE', undefined, { homeDir: dir });
    expect(r).toMatchObject({ ok: true, value: { path: join(dir, 'LICENSE') } });
  });

  it('says when there is no file', async () => {
    expect(await message(join(dir, 'nope'))).toMatch(/^There is no file at ".*"; check the path\.$/);
  });

  it('names a long missing path whole, file name included', async () => {
    const long = join(dir, 'a-rather-long-folder-name-for-the-license'.repeat(3), 'LICENSE-file-at-the-end');
    expect(await message(long)).toBe(`There is no file at "${long}"; check the path.`);
  });

  it('says when the path is a folder', async () => {
    expect(await message(join(dir, 'folder'))).toContain('is a folder');
  });

  it('refuses an empty file', async () => {
    expect(await message(join(dir, 'empty'), undefined, { what: 'the license file' })).toMatch(/^The license file ".*" is empty\.$/);
  });

  it('refuses a file over the size limit (1 MiB by default) and names both sizes', async () => {
    expect(await message(join(dir, 'big'))).toContain('is 2.0 MiB, more than the 1.0 MiB expected');
    expect((await validateReadableFile(join(dir, 'big'), undefined, { maxBytes: 4 * 1024 * 1024 })).ok).toBe(true);
  });

  it('refuses a NUL in the path before touching the file system', async () => {
    let touched = false;
    const fs: FileProbe = {
      stat: async () => {
        touched = true;
        throw new Error('unreachable');
      },
      access: async () => undefined,
    };
    expect(await message('a\0b', fs)).toContain('NUL');
    expect(touched).toBe(false);
  });

  it('reports unreadable files (faked, since tests may run as root)', async () => {
    const denied = Object.assign(new Error('denied'), { code: 'EACCES' });
    const statOk: FileProbe = {
      stat: async () => ({ isFile: () => true, isDirectory: () => false, size: 10 }),
      access: async () => {
        throw denied;
      },
    };
    expect(await message('/x/config.json', statOk)).toContain('permission denied');
    const statDenied: FileProbe = {
      stat: async () => {
        throw denied;
      },
      access: async () => undefined,
    };
    expect(await message('/root/config.json', statDenied)).toContain('permission denied');
  });

  it('refuses things that are neither file nor folder', async () => {
    const fifo: FileProbe = {
      stat: async () => ({ isFile: () => false, isDirectory: () => false, size: 0 }),
      access: async () => undefined,
    };
    expect(await message('/dev/fifo', fifo)).toContain('not a regular file');
  });

  it('keeps messages short for huge paths', async () => {
    const m = await message('p'.repeat(1_000_000));
    expect(m.length).toBeLessThan(300);
  });
});
