import { link, lstat, open, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ActionableError } from '../../../platform/errors.js';

/** The bundle's default file name, in the current folder. */
export function defaultBundleName(namespace: string, now: Date): string {
  return `probuilder-bundle-${namespace}-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.tar.gz`;
}

function refusal(path: string): ActionableError {
  return new ActionableError(
    `${path} already exists; the bundle was not written and the file was left as it was.`,
    'Name a new file with --bundle FILE, or move the old one away.',
  );
}

/**
 * Writes the bundle 0600 from the start (the file is created with that mode, never widened or
 * narrowed afterwards) and never over an existing file: the bytes go to a hidden temp file in the
 * same folder, which is then linked to the name (link fails when the name exists, so a file that
 * appears meanwhile is not replaced either). An interrupted write leaves no half bundle under the name.
 */
export async function writeBundleFile(path: string, data: Uint8Array): Promise<void> {
  if (
    await lstat(path).then(
      () => true,
      () => false,
    )
  )
    throw refusal(path);
  const random = Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString('hex');
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${random}.tmp`);
  let fh;
  try {
    fh = await open(tmp, 'wx', 0o600);
  } catch (e) {
    throw new ActionableError(
      `Could not create the bundle in ${dirname(path)}: ${(e as Error).message}`,
      'Choose a folder you can write to with --bundle FILE.',
    );
  }
  try {
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await link(tmp, path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw refusal(path);
      throw new ActionableError(
        `Could not write the bundle to ${path}: ${(e as Error).message}`,
        'Choose another path with --bundle FILE.',
      );
    }
  } finally {
    await rm(tmp, { force: true });
  }
}
