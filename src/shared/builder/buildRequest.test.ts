import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRequestBody, readContextDir, type ContextEntry } from './buildRequest.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** The order and content readContextDir must give: one file operation after another, names sorted. */
async function readOneByOne(abs: string, rel = ''): Promise<ContextEntry[]> {
  const out: ContextEntry[] = [];
  for (const name of (await readdir(abs)).sort()) {
    const p = join(abs, name);
    const r = rel ? `${rel}/${name}` : name;
    const st = await lstat(p);
    if (st.isDirectory())
      out.push({ type: 'dir', path: r, mode: st.mode & 0o777, mtime: st.mtimeMs / 1000 }, ...(await readOneByOne(p, r)));
    else if (st.isFile()) out.push({ type: 'file', path: r, data: await readFile(p), mode: st.mode & 0o777, mtime: st.mtimeMs / 1000 });
    else if (st.isSymbolicLink()) out.push({ type: 'symlink', path: r, target: await readlink(p), mtime: st.mtimeMs / 1000 });
  }
  return out;
}

async function tree(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'pbs-ctx-'));
  dirs.push(d);
  await writeFile(join(d, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
  await mkdir(join(d, 'b/deep/er'), { recursive: true });
  await mkdir(join(d, 'a'));
  // More files than are opened at once, in folders at several depths.
  for (let i = 0; i < 80; i++) await writeFile(join(d, 'b', `f${String(i).padStart(2, '0')}`), `file ${i}\n`.repeat(i));
  for (let i = 0; i < 40; i++) await writeFile(join(d, 'b/deep/er', `g${i}`), `g${i}`, { mode: i % 2 ? 0o600 : 0o755 });
  await writeFile(join(d, 'a/z'), 'z');
  await writeFile(join(d, 'A'), 'upper case sorts first');
  await symlink('b/f01', join(d, 'link'));
  await utimes(join(d, 'a/z'), 1_700_000_000.123, 1_700_000_000.456);
  return d;
}

describe('readContextDir', () => {
  it('gives the entries in the sorted, depth-first order and with the content of reading them one by one', async () => {
    const d = await tree();
    const entries = await readContextDir(d);
    expect(entries).toEqual(await readOneByOne(d));
    const paths = entries.map((e) => e.path);
    expect(paths.slice(0, 5)).toEqual(['A', 'Dockerfile', 'a', 'a/z', 'b']);
    expect(paths.indexOf('b/deep/er/g9')).toBeLessThan(paths.indexOf('b/f00'));
    expect(paths.filter((p) => p.startsWith('b/f'))).toHaveLength(80);
    expect(entries.find((e) => e.path === 'link')).toMatchObject({ type: 'symlink', target: 'b/f01' });
    expect(entries.find((e) => e.path === 'a/z')?.mtime).toBeCloseTo(1_700_000_000.456, 3);
  });

  it('gives the same archive bytes for the same folder, run after run', async () => {
    const d = await tree();
    const config = { image: 'r/a:1', buildArgs: {}, platforms: [], skipPush: false };
    const first = buildRequestBody(config, await readContextDir(d));
    const again = await Promise.all([1, 2, 3].map(async () => buildRequestBody(config, await readContextDir(d))));
    for (const body of again) expect(body.equals(first)).toBe(true);
    expect(first.equals(buildRequestBody(config, await readOneByOne(d)))).toBe(true);
  });

  it('refuses a folder without a Dockerfile, and a path that is not a folder', async () => {
    const d = await mkdtemp(join(tmpdir(), 'pbs-ctx-'));
    dirs.push(d);
    await writeFile(join(d, 'file'), 'x');
    await expect(readContextDir(d)).rejects.toThrow(/has no Dockerfile/);
    await expect(readContextDir(join(d, 'file'))).rejects.toThrow(/is not a folder/);
  });
});
