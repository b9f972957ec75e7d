import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { accept, quoteInput, reject, type Validation } from './result.js';

/** A path is only useful whole (its end names the file), so it is quoted much longer than other input. */
const PATH_QUOTE_LIMIT = 400;

/** The slice of node:fs/promises this check needs; tests pass a fake. */
export interface FileProbe {
  stat(path: string): Promise<{ isFile(): boolean; isDirectory(): boolean; size: number }>;
  access(path: string, mode?: number): Promise<void>;
}

/**
 * One stat and one access of a local path, answered at once: importing node:fs/promises for them
 * loads readline and the REPL history with it (~4 ms of every start that checks a path). Neither
 * call opens the file, so a FIFO at the path cannot block them.
 */
const localProbe: FileProbe = {
  stat: async (path) => statSync(path),
  access: async (path, mode) => accessSync(path, mode),
};

export interface ReadableFileOptions {
  /** Larger files are refused: every file this tool reads is small (license, config.json, INI). */
  maxBytes?: number;
  /** What the file is, for messages: "the license file". */
  what?: string;
  /** For expanding a leading "~/", which no shell expands inside a wizard prompt. */
  homeDir?: string;
}

export interface ReadableFile {
  path: string;
  size: number;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/** A leading "~" or "~/" becomes the home folder: no shell expands it inside a wizard prompt. */
export function expandHome(path: string, homeDir: string = homedir()): string {
  return path === '~' || path.startsWith('~/') ? join(homeDir, path.slice(1)) : path;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

export async function validateReadableFile(
  raw: string,
  fs: FileProbe = localProbe,
  opts: ReadableFileOptions = {},
): Promise<Validation<ReadableFile>> {
  const what = opts.what ?? 'the file';
  const What = what.charAt(0).toUpperCase() + what.slice(1);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (typeof raw !== 'string' || raw.trim() === '') return reject(`${What} path is empty; give the path to a file.`);
  let path = raw.trim();
  if (path.length > 4096) return reject(`${What} path is ${path.length} characters long, more than the 4096 allowed.`);
  if (path.includes('\0')) return reject(`${What} path contains a NUL character, which no file name can hold.`);
  path = expandHome(path, opts.homeDir);

  const shown = quoteInput(path, PATH_QUOTE_LIMIT);
  let info: Awaited<ReturnType<FileProbe['stat']>>;
  try {
    info = await fs.stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return reject(`There is no file at ${shown}; check the path.`);
    if (code === 'EACCES' || code === 'EPERM') return reject(`${What} ${shown} cannot be reached: permission denied.`);
    return reject(`${What} ${shown} cannot be read (${code ?? 'unknown error'}); check the path.`);
  }
  if (info.isDirectory()) return reject(`${shown} is a folder; give the path to the file inside it.`);
  if (!info.isFile()) return reject(`${shown} is not a regular file; give the path to a file.`);
  if (info.size === 0) return reject(`${What} ${shown} is empty.`);
  if (info.size > maxBytes) {
    return reject(
      `${What} ${shown} is ${formatBytes(info.size)}, more than the ${formatBytes(maxBytes)} expected; check it is the right file.`,
    );
  }
  try {
    await fs.access(path, constants.R_OK);
  } catch {
    return reject(`${What} ${shown} cannot be read: permission denied; check its owner and mode.`);
  }
  return accept({ path, size: info.size });
}
