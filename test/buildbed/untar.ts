import { closeSync, constants, linkSync, lstatSync, lutimesSync, mkdirSync, openSync, symlinkSync, utimesSync, writeSync } from 'node:fs';
import { join, posix } from 'node:path';

/**
 * Unpacks an uncompressed tar archive into `dir` in this process, as pro-builder (a Go server using
 * archive/tar) does, instead of starting GNU tar for every request. Reads ustar headers (name +
 * prefix), pax extended headers (path, linkpath, size) and GNU long names; regular files, folders,
 * symbolic links and hard links. Refuses what would write outside `dir`: absolute names, `..`
 * components, symbolic links that point out of the folder, hard links to anything but a file
 * unpacked before, and any entry whose path runs through a symbolic link. Devices, FIFOs and
 * other special entries are refused too. Ownership is never taken from the archive; modes lose
 * group/other write; modification times are kept (BuildKit's context transfer compares them).
 */

const BLOCK = 512;

export class UntarError extends Error {}

function field(h: Buffer, offset: number, length: number): string {
  const end = h.indexOf(0, offset);
  return h.toString('utf8', offset, end === -1 || end > offset + length ? offset + length : end);
}

function octal(h: Buffer, offset: number, length: number, what: string): number {
  if (h[offset]! & 0x80) throw new UntarError(`the ${what} field uses base-256, which this archive does not need`);
  const text = field(h, offset, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new UntarError(`the ${what} field ${JSON.stringify(text)} is not an octal number`);
  return parseInt(text, 8);
}

function checksumMatches(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  return octal(h, 148, 8, 'checksum') === sum;
}

/** "len key=value\n" records of a pax extended header. */
function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const len = Number(data.toString('ascii', at, space));
    if (space === -1 || !Number.isInteger(len) || len <= 0 || at + len > data.length)
      throw new UntarError('a pax extended header is malformed');
    const record = data.toString('utf8', space + 1, at + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    at += len;
  }
  return out;
}

/** The entry's path as folder components under the root; refuses absolute names and `..`. */
function safeParts(name: string): string[] {
  if (name.includes('\0')) throw new UntarError(`the entry name ${JSON.stringify(name)} holds a NUL byte`);
  if (name.startsWith('/')) throw new UntarError(`the entry ${JSON.stringify(name)} has an absolute name`);
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new UntarError(`the entry ${JSON.stringify(name)} has a ".." component`);
  return parts;
}

/** Creates the folders above `parts` under `root`, refusing to pass through a symbolic link or a file. */
function prepareParents(root: string, parts: string[], name: string): void {
  let path = root;
  for (const part of parts.slice(0, -1)) {
    path = join(path, part);
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (!st) mkdirSync(path, { mode: 0o755 });
    else if (st.isSymbolicLink()) throw new UntarError(`the entry ${JSON.stringify(name)} would be written through a symbolic link`);
    else if (!st.isDirectory()) throw new UntarError(`the entry ${JSON.stringify(name)} needs ${JSON.stringify(part)} to be a folder`);
  }
}

/** An existing symbolic link is never written through or replaced. */
function refuseExistingLink(path: string, name: string): void {
  if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink())
    throw new UntarError(`the entry ${JSON.stringify(name)} would replace a symbolic link`);
}

const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

export function untarInto(archive: Buffer, root: string): void {
  let at = 0;
  let pax = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;
  const dirTimes: { path: string; mtime: number }[] = [];
  const files = new Set<string>();
  for (;;) {
    if (at + BLOCK > archive.length) throw new UntarError('the archive ends before its end-of-archive blocks');
    const h = archive.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break;
    if (!checksumMatches(h)) throw new UntarError(`the header at byte ${at} has a wrong checksum`);
    const type = String.fromCharCode(h[156]!);
    const size = pax.has('size') ? Number(pax.get('size')) : octal(h, 124, 12, 'size');
    if (!Number.isSafeInteger(size) || size < 0) throw new UntarError(`the header at byte ${at} has an invalid size`);
    const dataStart = at + BLOCK;
    const data = archive.subarray(dataStart, dataStart + size);
    if (data.length !== size) throw new UntarError('the archive ends inside an entry');
    at = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'x') {
      pax = paxRecords(data);
      continue;
    }
    if (type === 'g') continue;
    if (type === 'L' || type === 'K') {
      const value = data.toString('utf8').replace(/\0+$/, '');
      if (type === 'L') longName = value;
      else longLink = value;
      continue;
    }

    const magic = h.toString('ascii', 257, 262);
    const prefix = magic === 'ustar' ? field(h, 345, 155) : '';
    const headerName = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
    const name = pax.get('path') ?? longName ?? headerName;
    const linkName = pax.get('linkpath') ?? longLink ?? field(h, 157, 100);
    const mode = octal(h, 100, 8, 'mode') & 0o777 & ~0o022;
    // A PAX mtime keeps its fraction: BuildKit tells two versions of a same-size file apart by mtime alone.
    const mtime = pax.has('mtime') ? Number(pax.get('mtime')) : octal(h, 136, 12, 'mtime');
    pax = new Map();
    longName = undefined;
    longLink = undefined;

    const parts = safeParts(name);
    if (parts.length === 0) {
      if (type === '5') continue; // the root folder itself
      throw new UntarError(`the entry ${JSON.stringify(name)} has no name`);
    }
    prepareParents(root, parts, name);
    const path = join(root, ...parts);
    const rel = parts.join('/');

    if (type === '0' || type === '\0' || type === '7') {
      refuseExistingLink(path, name);
      const fd = openSync(path, WRITE_FLAGS, mode);
      try {
        for (let off = 0; off < data.length;) off += writeSync(fd, data, off);
      } finally {
        closeSync(fd);
      }
      utimesSync(path, mtime, mtime);
      files.add(rel);
    } else if (type === '5') {
      const st = lstatSync(path, { throwIfNoEntry: false });
      if (!st) mkdirSync(path, { mode: mode | 0o700 });
      else if (!st.isDirectory()) throw new UntarError(`the folder entry ${JSON.stringify(name)} replaces something that is not a folder`);
      dirTimes.push({ path, mtime });
    } else if (type === '2') {
      if (linkName.startsWith('/')) throw new UntarError(`the link ${JSON.stringify(name)} points to an absolute path`);
      const resolved = posix.normalize(posix.join(posix.dirname(rel), linkName));
      if (resolved === '..' || resolved.startsWith('../'))
        throw new UntarError(`the link ${JSON.stringify(name)} points out of the folder (${JSON.stringify(linkName)})`);
      refuseExistingLink(path, name);
      if (lstatSync(path, { throwIfNoEntry: false })) throw new UntarError(`the link ${JSON.stringify(name)} replaces an entry`);
      symlinkSync(linkName, path);
      lutimesSync(path, mtime, mtime);
    } else if (type === '1') {
      const targetParts = safeParts(linkName);
      if (!files.has(targetParts.join('/')))
        throw new UntarError(`the hard link ${JSON.stringify(name)} does not point to a file unpacked before it`);
      refuseExistingLink(path, name);
      if (lstatSync(path, { throwIfNoEntry: false })) throw new UntarError(`the hard link ${JSON.stringify(name)} replaces an entry`);
      linkSync(join(root, ...targetParts), path);
      files.add(rel);
    } else {
      throw new UntarError(`the entry ${JSON.stringify(name)} has type ${JSON.stringify(type)}, which a build context does not need`);
    }
  }
  // Folder times last: writing into a folder changes its modification time.
  for (const d of dirTimes.reverse()) utimesSync(d.path, d.mtime, d.mtime);
}
