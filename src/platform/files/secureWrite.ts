import { constants } from 'node:fs';
import { chmod, copyFile, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { assertReplaceable, assertUsableFolder, readRegularFile } from './safeRead.js';

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
  // Refuses a FIFO, a device or a folder at the path, without blocking on it.
  return (await readRegularFile(path))?.data;
}

export function backupName(path: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return join(dirname(path), `${basename(path)}.bak-${stamp}`);
}

/**
 * The temp file a write goes through: hidden, next to the target, named after the writing process.
 * The random part comes from Web Crypto (a global): importing node:crypto costs ~3 ms of start-up
 * on every command that merely may write a file.
 */
function tempName(path: string): string {
  const random = Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString('hex');
  return join(dirname(path), `.${basename(path)}.${process.pid}.${random}.tmp`);
}

/** True while a process with this pid exists (also one of another user, which signals refuse). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp files of this target left by a writer that was killed mid-write (SIGKILL, power
 * loss): their process is gone, so nothing will rename them, and they may hold key material.
 * Temps of a live process (a concurrent writer) are left alone; older names without a pid are
 * always abandoned.
 */
async function removeAbandonedTemps(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(?:(\d+)\.)?[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const pid = m[1] === undefined ? undefined : Number(m[1]);
    if (pid !== undefined && (pid === process.pid || processAlive(pid))) continue;
    await rm(join(dirname(path), name), { force: true });
  }
}

/**
 * Writes a file atomically (temp file in the same folder, then rename) so an interrupted run never
 * leaves half a file, creating the temp file with the final mode so key material is never readable
 * by others, not even for a moment. A temp file left by a killed earlier run is removed first.
 */
export async function writeFileSafely(path: string, content: string | Uint8Array, opts: WriteOptions = {}): Promise<WriteResult> {
  const mode = opts.mode ?? 0o600;
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  // A file where the folder belongs: a plain sentence (exit 2), not mkdir's bare EEXIST or ENOTDIR.
  await assertUsableFolder(dirname(path));
  // 0700: a folder others can write lets them plant the files a later run reuses.
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await removeAbandonedTemps(path);
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
  const tmp = tempName(path);
  const fh = await open(tmp, 'wx', mode);
  try {
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await chmod(tmp, mode); // the umask may have narrowed or widened the open() mode
    // rename would replace whatever is there, a device included (as root, -f /dev/null).
    await assertReplaceable(path);
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
