import { readFile } from 'node:fs/promises';
import { writeFileSafely, type WriteResult } from '../../platform/files/secureWrite.js';

/** The file's text, or undefined when it does not exist yet. */
export async function readValuesFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Values hold no key material, so 0644; a different earlier version is kept as `<name>.bak-<time>`. */
export function writeValuesFile(path: string, text: string, now?: () => Date): Promise<WriteResult> {
  return writeFileSafely(path, text, { mode: 0o644, backup: true, now });
}
