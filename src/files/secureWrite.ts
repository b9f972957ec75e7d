import { constants } from 'node:fs';
import { chmod, copyFile, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface WriteResult {
  path: string;
  /** Set when a file with different content was there and was copied aside first. */
  backupPath?: string;
  /** False when the file already held exactly this content (a re-run that converges). */
  changed: boolean;
}

export interface WriteOptions {
  /** 0o600 for anything holding key material or credentials; 0o644 for plain config. */
  mode?: number;
  /** Keep a copy of a different existing file as `<name>.bak-<timestamp>` before replacing it. */
  backup?: boolean;
  now?: () => Date;
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export function backupName(path: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return join(dirname(path), `${basename(path)}.bak-${stamp}`);
}

/**
 * Writes a file atomically (temp file in the same folder, then rename) so an interrupted run never
 * leaves half a file, creating the temp file with the final mode so key material is never readable
 * by others, not even for a moment.
 */
export async function writeFileSafely(path: string, content: string | Uint8Array, opts: WriteOptions = {}): Promise<WriteResult> {
  const mode = opts.mode ?? 0o600;
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  await mkdir(dirname(path), { recursive: true });
  const existing = await readIfExists(path);
  if (existing && existing.equals(data)) {
    await chmod(path, mode);
    return { path, changed: false };
  }
  let backupPath: string | undefined;
  if (existing && opts.backup !== false) {
    backupPath = backupName(path, (opts.now ?? (() => new Date()))());
    // COPYFILE_EXCL: never clobber an earlier backup.
    await copyFile(path, backupPath, constants.COPYFILE_EXCL);
    await chmod(backupPath, mode & 0o600 ? 0o600 : mode);
  }
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', mode);
  try {
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await chmod(tmp, mode); // the umask may have narrowed or widened the open() mode
    await rename(tmp, path);
  } catch (e) {
    // A full disk or a vanished folder must not leave a half-written temp file (maybe key material) behind.
    await rm(tmp, { force: true });
    throw e;
  }
  return { path, backupPath, changed: true };
}

/** 0600 write for secrets, keys and credentials. */
export function writeSecretFile(path: string, content: string | Uint8Array, opts: Omit<WriteOptions, 'mode'> = {}) {
  return writeFileSafely(path, content, { ...opts, mode: 0o600 });
}
