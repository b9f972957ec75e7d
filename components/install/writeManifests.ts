import { join, resolve } from 'node:path';
import { writeFileSafely } from '../../src/platform/files/secureWrite.js';
import type { InstallPlan } from '../../src/features/install/plan.js';
import { redactedManifests } from '../../src/features/install/manifests.js';

/** --dry-run --write-manifests: the objects (secrets redacted to key names and sizes) and values file. */
export async function writeManifests(plan: InstallPlan, dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const f of redactedManifests(plan)) {
    const path = join(resolve(dir), f.name);
    await writeFileSafely(path, f.text, { mode: f.mode, backup: true });
    written.push(path);
  }
  return written;
}
