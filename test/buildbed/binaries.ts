import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The BuildKit/registry binaries `scripts/testbed/testbed build` makes, and runc from Debian. */
export interface BuildbedBinaries {
  buildkitd: string;
  buildctl: string;
  registry: string;
  /** pbs-htpasswd USER <password on stdin: prints one bcrypt htpasswd line. */
  htpasswd: string;
  runc: string;
  buildkitVersion: string;
  registryVersion: string;
}

export type BuildbedAvailability = { available: true; binaries: BuildbedBinaries } | { available: false; reason: string };

const script = resolve(import.meta.dirname, '../../scripts/testbed/testbed');
let cached: BuildbedAvailability | undefined;

/**
 * Whether a real BuildKit daemon can run here, and where its binaries are. buildkitd runs as root
 * (the OCI worker needs it), so a non-root run says so instead of failing later.
 */
export function buildbedAvailability(): BuildbedAvailability {
  if (cached) return cached;
  cached = probe();
  return cached;
}

function probe(): BuildbedAvailability {
  if (process.getuid?.() !== 0) return { available: false, reason: 'buildkitd needs root (the OCI worker), and this run is not root' };
  const paths = spawnSync('bash', [script, 'paths', '--json'], { encoding: 'utf8', timeout: 30_000 });
  if (paths.status !== 0) return { available: false, reason: `testbed paths failed: ${paths.stderr.trim()}` };
  const p = JSON.parse(paths.stdout) as { binaries: Record<string, string>; versions: Record<string, string> };
  const b = p.binaries;
  const binaries: BuildbedBinaries = {
    buildkitd: b['buildkitd'] ?? '',
    buildctl: b['buildctl'] ?? '',
    registry: b['registry'] ?? '',
    htpasswd: b['htpasswd'] ?? '',
    runc: b['runc'] ?? '',
    buildkitVersion: p.versions['buildkit'] ?? '',
    registryVersion: p.versions['registry'] ?? '',
  };
  if (!binaries.runc) return { available: false, reason: 'runc is not installed (apt-get install runc; scripts/test does it)' };
  const missing = (['buildkitd', 'buildctl', 'registry', 'htpasswd'] as const).filter((k) => !binaries[k] || !existsSync(binaries[k]));
  if (missing.length) return { available: false, reason: `not built: ${missing.join(', ')} (run: bash scripts/testbed/testbed build)` };
  return { available: true, binaries };
}

/** The binaries, or an error saying why they cannot be had (for code that runs only when available). */
export function buildbedBinaries(): BuildbedBinaries {
  const a = buildbedAvailability();
  if (!a.available) throw new Error(`the BuildKit test bed is unavailable: ${a.reason}`);
  return a.binaries;
}

/** The unprivileged user rootless buildkitd runs as (`scripts/testbed/testbed rootless-user` makes it). */
export const ROOTLESS_USER = 'pbs-rootless';

export type RootlessAvailability =
  { available: true; rootlesskit: string; uid: number; gid: number } | { available: false; reason: string };

let rootlessCached: RootlessAvailability | undefined;

/** Whether buildkitd can run rootless here: rootlesskit + newuidmap (Debian) and a user with subuid/subgid ranges. */
export function rootlessAvailability(): RootlessAvailability {
  rootlessCached ??= probeRootless();
  return rootlessCached;
}

function probeRootless(): RootlessAvailability {
  const base = buildbedAvailability();
  if (!base.available) return base;
  const which = (cmd: string) =>
    spawnSync('bash', ['-c', `PATH="$PATH:/usr/sbin:/sbin" command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();
  const rootlesskit = which('rootlesskit');
  if (!rootlesskit || !which('newuidmap'))
    return {
      available: false,
      reason: 'rootlesskit and uidmap are not installed (apt-get install rootlesskit uidmap; scripts/test does it)',
    };
  const id = spawnSync('id', ['-u', ROOTLESS_USER], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', ROOTLESS_USER], { encoding: 'utf8' });
  if (id.status !== 0)
    return { available: false, reason: `user ${ROOTLESS_USER} does not exist (run: bash scripts/testbed/testbed rootless-user)` };
  const hasRange = (file: string) => {
    try {
      return readFileSync(file, 'utf8')
        .split('\n')
        .some((l) => l.startsWith(`${ROOTLESS_USER}:`));
    } catch {
      return false;
    }
  };
  if (!hasRange('/etc/subuid') || !hasRange('/etc/subgid'))
    return { available: false, reason: `${ROOTLESS_USER} has no subuid/subgid range (run: bash scripts/testbed/testbed rootless-user)` };
  return { available: true, rootlesskit, uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
