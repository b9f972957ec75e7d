import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../../src/platform/files/secureWrite.js';

/**
 * Tests make their scratch folders (kubeconfigs, keys, binary copies) with mkdtemp under the OS temp
 * folder and do not all remove them; run after run, /tmp collected thousands. Each vitest run gets
 * one folder of its own as TMPDIR, set here before any worker starts (workers inherit it), removed
 * when the run's main process exits; a folder left by a killed run goes at the next run. scripts/test
 * does the same one level up.
 */
const PREFIX = 'pbs-vitest-';

export function setup(): void {
  // Both projects list this setup; the first one to run owns the folder.
  if (process.env['PBS_VITEST_TMP']) return;
  const parent = tmpdir();
  for (const name of readdirSync(parent)) {
    const pid = Number(name.slice(PREFIX.length));
    if (name.startsWith(PREFIX) && Number.isInteger(pid) && !processAlive(pid))
      rmSync(join(parent, name), { recursive: true, force: true });
  }
  const dir = join(parent, `${PREFIX}${process.pid}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env['PBS_VITEST_TMP'] = dir;
  process.env['TMPDIR'] = dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
}
