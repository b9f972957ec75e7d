import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { ActionableError } from '../errors.js';

/** A path where a file is expected holds something else (a FIFO, a device, a folder) or far too much: a usage error. */
export class UnusablePathError extends ActionableError {
  override readonly name = 'UnusablePathError';
}

export const MAX_LOCAL_FILE_BYTES = 16 * 1024 * 1024;

/** What a path holds when it is not a regular file, as a sentence says it: "a folder", "a named pipe (FIFO)". */
export function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(path: string, s: Stats): UnusablePathError {
  return new UnusablePathError(
    `${path} is ${kindOf(s)}, not a regular file.`,
    'Move it out of the way or choose another path (--output-dir, --values-file).',
  );
}

export interface RegularFile {
  data: Buffer;
  stats: Stats;
}

/**
 * Reads a file that may be absent (undefined). Anything but a regular file is refused without
 * blocking on it (a FIFO is opened non-blocking and never read), and so is a file over maxBytes.
 */
export async function readRegularFile(path: string, maxBytes = MAX_LOCAL_FILE_BYTES): Promise<RegularFile | undefined> {
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'ENXIO')
      throw new UnusablePathError(
        `${path} is a socket or a pipe with no writer, not a regular file.`,
        'Move it out of the way or choose another path.',
      );
    throw e;
  }
  try {
    const stats = await fh.stat();
    if (!stats.isFile()) throw notRegular(path, stats);
    if (stats.size > maxBytes) {
      throw new UnusablePathError(
        `${path} is ${stats.size} bytes, more than the ${maxBytes} expected here.`,
        'Check it is the right file, or choose another path.',
      );
    }
    const data = Buffer.alloc(stats.size);
    let read = 0;
    while (read < data.length) {
      const { bytesRead } = await fh.read(data, read, data.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return { data: data.subarray(0, read), stats };
  } finally {
    await fh.close();
  }
}

/** Refuses to replace anything but a regular file at path (renaming over /dev/null would replace the device). */
export async function assertReplaceable(path: string): Promise<void> {
  let s: Stats;
  try {
    s = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw e;
  }
  if (!s.isFile()) throw notRegular(path, s);
}

const FOLDER_NEXT_STEP = 'Move it out of the way or choose another folder (--output-dir, --values-file, --write-manifests).';

/**
 * Refuses a path where a folder is expected (--output-dir, --write-manifests, a values file's folder)
 * that holds a file, a FIFO or a device, or lies below one: mkdir would fail with a bare EEXIST or
 * ENOTDIR, and only once the install had started changing the cluster. Absent is fine (it is created).
 */
export async function assertUsableFolder(path: string): Promise<void> {
  let s: Stats;
  try {
    s = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') {
      throw new UnusablePathError(`${path} cannot be a folder: part of that path is a file.`, FOLDER_NEXT_STEP);
    }
    throw e;
  }
  if (!s.isDirectory()) throw new UnusablePathError(`${path} is ${s.isFile() ? 'a file' : kindOf(s)}, not a folder.`, FOLDER_NEXT_STEP);
}

/**
 * Why a secret found on disk must not be reused (undefined: it may be): anyone able to write it
 * could have planted a signing key or a CA for the install to adopt.
 */
export function untrustedReason(s: Stats, uid: number | undefined = process.getuid?.()): string | undefined {
  if (uid !== undefined && s.uid !== uid) return `it is owned by uid ${s.uid}, not by you`;
  if (s.mode & 0o022) return `others can write it (mode ${(s.mode & 0o777).toString(8).padStart(4, '0')})`;
  return undefined;
}
