import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ActionableError } from '../../platform/errors.js';
import { tarArchive, type TarEntry } from './tar.js';

/** The file the pro-builder reads the image name and build options from, at the archive's root. */
export const BUILD_CONFIG_FILE = 'com.openfaas.docker.config';
const CONTEXT_DIR = 'context';

/** com.openfaas.docker.config, as the go-sdk's BuildConfig writes it. */
export interface BuildConfig {
  image: string;
  buildArgs: Record<string, string>;
  platforms: string[];
  skipPush: boolean;
}

/**
 * A file of the build context, by its path relative to the context folder ("/" separated). mtime
 * (seconds, to the millisecond) matters: BuildKit's context transfer skips a file whose size and
 * mtime it has seen before, so a changed file with an old mtime and the same size would be built stale.
 */
export type ContextEntry = (
  | { type: 'file'; path: string; data: Uint8Array; mode?: number }
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'symlink'; path: string; target: string }
) & { mtime?: number };

/** The request body: `com.openfaas.docker.config` and `context/…`, as an uncompressed tar. */
export function buildRequestBody(config: BuildConfig, context: readonly ContextEntry[]): Buffer {
  const json = Buffer.from(JSON.stringify(config), 'utf8');
  // The archive's own entries take the newest time of the context (the same input, the same bytes).
  const newest = context.reduce((m, e) => Math.max(m, e.mtime ?? 0), 0);
  const entries: TarEntry[] = [{ type: 'dir', name: `${CONTEXT_DIR}/` }];
  for (const e of context) {
    const name = posix.join(CONTEXT_DIR, e.path);
    if (e.type === 'file') entries.push({ type: 'file', name, data: e.data, mode: e.mode, mtime: e.mtime });
    else if (e.type === 'dir') entries.push({ type: 'dir', name, mode: e.mode, mtime: e.mtime });
    else entries.push({ type: 'symlink', name, target: e.target, mtime: e.mtime });
  }
  entries.push({ type: 'file', name: BUILD_CONFIG_FILE, data: json, mode: 0o664 });
  return tarArchive(entries, newest);
}

export class ContextDirError extends ActionableError {
  override readonly name = 'ContextDirError';
}

/**
 * Every file, folder and link under `dir`, sorted, so the archive is the same for the same folder.
 * Sockets, devices and pipes are left out (a build context has no use for them).
 */
export async function readContextDir(dir: string): Promise<ContextEntry[]> {
  const top = await lstat(dir).catch(() => undefined);
  if (!top?.isDirectory()) {
    throw new ContextDirError(
      `The build context ${JSON.stringify(dir)} is not a folder.`,
      'Pass --context-dir with a folder that holds a Dockerfile.',
    );
  }
  const names = await readdir(dir);
  if (!names.includes('Dockerfile')) {
    throw new ContextDirError(
      `The build context ${JSON.stringify(dir)} has no Dockerfile.`,
      'The pro-builder builds context/Dockerfile: add one to the folder.',
    );
  }
  return walk(dir, '', names, limit(OPEN_FILES_AT_ONCE));
}

/** Files open at once while reading a context: a folder of thousands must not run out of descriptors (EMFILE). */
const OPEN_FILES_AT_ONCE = 32;

/** Runs at most `n` of the functions given to it at a time, the others when one of those ends. */
function limit(n: number): <T>(f: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (f) => {
    if (running >= n) await new Promise<void>((go) => waiting.push(go));
    else running++;
    try {
      return await f();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/**
 * A folder's entries, sorted by name, each folder followed by its own. The entries of a folder are
 * read at the same time (one file operation after another cost a round trip through the thread
 * pool each); the result is in the same order as reading them one by one.
 */
async function walk(
  abs: string,
  rel: string,
  unsorted: string[],
  opening: <T>(f: () => Promise<T>) => Promise<T>,
): Promise<ContextEntry[]> {
  const parts = await Promise.all(
    [...unsorted].sort().map(async (name): Promise<ContextEntry[]> => {
      const absPath = join(abs, name);
      const relPath = rel ? `${rel}/${name}` : name;
      const st = await lstat(absPath);
      const mtime = st.mtimeMs / 1000;
      if (st.isDirectory()) {
        return [
          { type: 'dir', path: relPath, mode: st.mode & 0o777, mtime },
          ...(await walk(absPath, relPath, await readdir(absPath), opening)),
        ];
      }
      if (st.isFile()) return [{ type: 'file', path: relPath, data: await opening(() => readFile(absPath)), mode: st.mode & 0o777, mtime }];
      if (st.isSymbolicLink()) return [{ type: 'symlink', path: relPath, target: await readlink(absPath), mtime }];
      return [];
    }),
  );
  return parts.flat();
}
