import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tarArchive, TarNameError } from './tar.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function extract(archive: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'pbs-tar-'));
  dirs.push(dir);
  execFileSync('tar', ['-x', '-f', '-', '-C', dir], { input: archive });
  return dir;
}

describe('tarArchive', () => {
  it('writes files, folders and links that GNU tar extracts byte for byte', () => {
    const big = Buffer.alloc(1500, 7);
    const archive = tarArchive([
      { type: 'dir', name: 'context' },
      { type: 'file', name: 'context/Dockerfile', data: Buffer.from('FROM scratch\n') },
      { type: 'file', name: 'context/run.sh', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
      { type: 'file', name: 'context/big.bin', data: big },
      { type: 'symlink', name: 'context/link', target: 'Dockerfile' },
      { type: 'file', name: 'config.json', data: Buffer.from('{}') },
    ]);
    expect(archive.length % 512).toBe(0);
    const dir = extract(archive);
    expect(readFileSync(join(dir, 'context/Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect(readFileSync(join(dir, 'context/big.bin'))).toEqual(big);
    expect(statSync(join(dir, 'context/run.sh')).mode & 0o111).not.toBe(0);
    expect(readlinkSync(join(dir, 'context/link'))).toBe('Dockerfile');
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe('{}');
  });

  it('keeps names longer than 100 bytes through the ustar prefix field', () => {
    const name = `context/${'a'.repeat(90)}/${'b'.repeat(90)}.txt`;
    const dir = extract(tarArchive([{ type: 'file', name, data: Buffer.from('x') }]));
    expect(readFileSync(join(dir, name), 'utf8')).toBe('x');
  });

  it('refuses a name ustar cannot hold instead of cutting it', () => {
    expect(() => tarArchive([{ type: 'file', name: `context/${'c'.repeat(120)}`, data: Buffer.alloc(0) }])).toThrow(TarNameError);
  });

  it('gives the same bytes for the same entries (owner 0, fixed mtime)', () => {
    const entries = [{ type: 'file' as const, name: 'a', data: Buffer.from('1') }];
    expect(tarArchive(entries).equals(tarArchive(entries))).toBe(true);
    const listing = execFileSync('tar', ['-tv', '-f', '-'], { input: tarArchive(entries) }).toString();
    expect(listing).toMatch(/^-rw-r--r-- 0\/0 +1 1970-01-01/);
  });
});

describe('mtimes', () => {
  it('keeps each entry its own mtime (BuildKit skips files whose size and mtime it has seen)', () => {
    const archive = tarArchive(
      [
        { type: 'file', name: 'a', data: Buffer.from('1'), mtime: 1_780_000_000 },
        { type: 'file', name: 'b', data: Buffer.from('2') },
      ],
      1_700_000_000,
    );
    const dir = extract(archive);
    expect(Math.floor(statSync(join(dir, 'a')).mtimeMs / 1000)).toBe(1_780_000_000);
    expect(Math.floor(statSync(join(dir, 'b')).mtimeMs / 1000)).toBe(1_700_000_000);
  });

  it('keeps an mtime to the millisecond (a PAX record), so two builds within one second differ', () => {
    const at = (ms: number) => tarArchive([{ type: 'file', name: 'a', data: Buffer.from('same size'), mtime: ms / 1000 }]);
    const first = extract(at(1_780_000_000_250));
    const second = extract(at(1_780_000_000_750));
    expect(statSync(join(first, 'a')).mtimeMs).toBe(1_780_000_000_250);
    expect(statSync(join(second, 'a')).mtimeMs).toBe(1_780_000_000_750);
    expect(readFileSync(join(second, 'a'), 'utf8')).toBe('same size');
    expect(readdirSync(second)).toEqual(['a']);
  });

  it('writes no PAX record for whole seconds (a plain ustar archive, as before)', () => {
    const archive = tarArchive([{ type: 'file', name: 'a', data: Buffer.from('1'), mtime: 1_780_000_000 }]);
    expect(archive.length).toBe(512 * 4);
    expect(archive.includes('mtime=')).toBe(false);
  });
});
