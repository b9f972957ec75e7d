import { constants } from 'node:fs';
import { access, link, lstat, open, rm, stat } from 'node:fs/promises';
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
 * Why the bundle cannot go to `path`, asked before the cluster is (a run that collects everything and
 * then cannot write it wastes the user's time): the name is taken, or its folder is missing, not a
 * folder, or not writable. Undefined when it can.
 */
export async function bundleDestinationProblem(path: string): Promise<string | undefined> {
  const taken = await lstat(path).then(
    () => true,
    () => false,
  );
  if (taken) return `${path} already exists; nothing was collected. Name a new file, or move the old one away.`;
  const folder = dirname(path);
  const st = await stat(folder).catch(() => undefined);
  if (!st) return `the folder ${folder} does not exist; nothing was collected. Create it, or name a file in another folder.`;
  if (!st.isDirectory()) return `${folder} is not a folder; nothing was collected. Name a file in a folder.`;
  const writable = await access(folder, constants.W_OK | constants.X_OK).then(
    () => true,
    () => false,
  );
  if (!writable) return `the folder ${folder} is not writable for you; nothing was collected. Name a file in a folder you can write to.`;
  return undefined;
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
