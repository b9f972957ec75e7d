import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
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
 *
 * Read synchronously, like the archive that is built from it and signed right after: on a
 * `test-build --builder-url` run these are the only file reads, and one async call after another
 * (or all at once) waited on Node's thread pool, which starts on first use: 2 files ~3 ms, 150
 * files in 10 folders ~34 ms, against ~0.4 ms and ~10 ms read here.
 */
export async function readContextDir(dir: string): Promise<ContextEntry[]> {
  if (!isFolder(dir)) {
    throw new ContextDirError(
      `The build context ${JSON.stringify(dir)} is not a folder.`,
      'Pass --context-dir with a folder that holds a Dockerfile.',
    );
  }
  const names = readdirSync(dir);
  if (!names.includes('Dockerfile')) {
    throw new ContextDirError(
      `The build context ${JSON.stringify(dir)} has no Dockerfile.`,
      'The pro-builder builds context/Dockerfile: add one to the folder.',
    );
  }
  const out: ContextEntry[] = [];
  walk(dir, '', names, out);
  return out;
}

function isFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A folder's entries, sorted by name, each folder followed by its own. */
function walk(abs: string, rel: string, unsorted: string[], out: ContextEntry[]): void {
  for (const name of [...unsorted].sort()) {
    const absPath = join(abs, name);
    const relPath = rel ? `${rel}/${name}` : name;
    const st = lstatSync(absPath);
    const mtime = st.mtimeMs / 1000;
    if (st.isDirectory()) {
      out.push({ type: 'dir', path: relPath, mode: st.mode & 0o777, mtime });
      walk(absPath, relPath, readdirSync(absPath), out);
    } else if (st.isFile()) {
      out.push({ type: 'file', path: relPath, data: readFileSync(absPath), mode: st.mode & 0o777, mtime });
    } else if (st.isSymbolicLink()) {
      out.push({ type: 'symlink', path: relPath, target: readlinkSync(absPath), mtime });
    }
  }
}
