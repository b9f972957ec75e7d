import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tarArchive, type TarEntry } from '../../src/shared/builder/tar.js';
import { untarInto } from '../buildbed/untar.js';

let work: string;
let root: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'pbs-untar-'));
  root = join(work, 'root');
  mkdirSync(root);
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const file = (name: string, text: string, extra: Partial<TarEntry> = {}): TarEntry =>
  ({ type: 'file', name, data: Buffer.from(text), ...extra }) as TarEntry;

/** Everything under `dir` except `root` itself: nothing may appear beside the folder unpacked into. */
const besideRoot = () => readdirSync(work).filter((n) => n !== 'root');

describe('the reference builder unpacks request archives in-process', () => {
  it('writes files, folders and links inside the folder with their modes and times', () => {
    const body = tarArchive([
      { type: 'dir', name: 'context/', mtime: 1_700_000_000 },
      file('context/Dockerfile', 'FROM scratch\n', { mtime: 1_700_000_100 }),
      file('context/bin/run.sh', '#!/bin/sh\n', { mode: 0o777, mtime: 1_700_000_200 }),
      { type: 'symlink', name: 'context/latest', target: 'bin/run.sh' },
      file('com.openfaas.docker.config', '{"image":"x"}'),
    ]);
    untarInto(body, root);
    expect(readFileSync(join(root, 'context/Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect(lstatSync(join(root, 'context/Dockerfile')).mtimeMs).toBe(1_700_000_100_000);
    // Group/other write is dropped (GNU tar's --no-same-permissions under umask 022).
    expect(lstatSync(join(root, 'context/bin/run.sh')).mode & 0o777).toBe(0o755);
    expect(readlinkSync(join(root, 'context/latest'))).toBe('bin/run.sh');
    expect(lstatSync(join(root, 'context')).mtimeMs).toBe(1_700_000_000_000);
    expect(readFileSync(join(root, 'com.openfaas.docker.config'), 'utf8')).toBe('{"image":"x"}');
  });

  it('keeps a PAX mtime to the millisecond (the test build sends one when a second is not enough)', () => {
    untarInto(tarArchive([file('context/stamp.txt', 'x', { mtime: 1_780_000_000.25 })]), root);
    expect(lstatSync(join(root, 'context/stamp.txt')).mtimeMs).toBe(1_780_000_000_250);
  });

  it('reads the long names GNU tar writes in pax and GNU formats', () => {
    const src = join(work, 'src');
    const long = `${'d'.repeat(120)}/${'f'.repeat(120)}.txt`;
    mkdirSync(join(src, 'context', 'd'.repeat(120)), { recursive: true });
    writeFileSync(join(src, 'context', long), 'long\n');
    for (const format of ['pax', 'gnu']) {
      const body = execFileSync('tar', ['-c', `--format=${format}`, '-f', '-', '-C', src, 'context']);
      const into = join(root, format);
      mkdirSync(into);
      untarInto(body, into);
      expect(readFileSync(join(into, 'context', long), 'utf8')).toBe('long\n');
    }
  });

  it('keeps a hard link to a file unpacked before it', () => {
    const src = join(work, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'a'), 'same\n');
    execFileSync('ln', [join(src, 'a'), join(src, 'b')]);
    untarInto(execFileSync('tar', ['-c', '-f', '-', '-C', src, 'a', 'b']), root);
    expect(lstatSync(join(root, 'b')).ino).toBe(lstatSync(join(root, 'a')).ino);
  });

  it.each<[string, TarEntry[], RegExp]>([
    ['a ".." component', [file('context/../../escaped', 'x')], /has a "\.\." component/],
    ['an absolute name', [file('/tmp/pbs-untar-absolute', 'x')], /absolute name/],
    ['a link to an absolute path', [{ type: 'symlink', name: 'context/etc', target: '/etc' }], /points to an absolute path/],
    ['a link out of the folder', [{ type: 'symlink', name: 'context/up', target: '../../..' }], /points out of the folder/],
    [
      'a file written through a link',
      [{ type: 'dir', name: 'context/sub' }, { type: 'symlink', name: 'context/l', target: 'sub' }, file('context/l/f', 'x')],
      /written through a symbolic link/,
    ],
    ['a file replacing a link', [{ type: 'symlink', name: 'context/l', target: 'a' }, file('context/l', 'x')], /replace a symbolic link/],
  ])('refuses %s and writes nothing outside the folder', (_what, entries, message) => {
    expect(() => untarInto(tarArchive(entries), root)).toThrow(message);
    expect(besideRoot()).toEqual([]);
    expect(() => lstatSync('/tmp/pbs-untar-absolute')).toThrow();
  });

  it('refuses a hard link to anything but a file unpacked before it', () => {
    const src = join(work, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'a'), 'x');
    execFileSync('ln', [join(src, 'a'), join(src, 'b')]);
    // Only b is archived: its hard link names a file the archive never held.
    const body = execFileSync('tar', ['-c', '-f', '-', '-C', src, 'a', 'b']);
    expect(() => untarInto(body.subarray(1024), root)).toThrow(/does not point to a file unpacked before it/);
  });

  it('refuses a damaged header, a truncated archive and special files', () => {
    const good = tarArchive([file('a', 'hello')]);
    const damaged = Buffer.from(good);
    damaged[0] = 'b'.charCodeAt(0);
    expect(() => untarInto(damaged, root)).toThrow(/wrong checksum/);
    expect(() => untarInto(good.subarray(0, 600), root)).toThrow(/ends inside an entry|ends before/);
    const fifo = Buffer.from(tarArchive([file('p', '')]));
    fifo[156] = '6'.charCodeAt(0);
    let sum = 0;
    fifo.fill(0x20, 148, 156);
    for (let i = 0; i < 512; i++) sum += fifo[i]!;
    fifo.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
    expect(() => untarInto(fifo, root)).toThrow(/has type "6"/);
  });
});
