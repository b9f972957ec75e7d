import { cpus, totalmem, type as osType, release as osRelease, platform } from 'node:os';
import { readFileSync } from 'node:fs';

function distro() {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

/** One line that says what these numbers were measured on. */
export function describeMachine() {
  const cpuList = cpus();
  const model = (cpuList[0]?.model ?? 'unknown CPU').trim();
  const gib = (totalmem() / 1024 ** 3).toFixed(1);
  const os = [distro(), `${osType()} ${osRelease()}`, platform()].filter(Boolean).join(', ');
  return `${model}, ${cpuList.length} cores, ${gib} GiB RAM, Node ${process.version}, ${os}`;
}

/** Idle share of all CPUs over `windowMs`, from /proc/stat (undefined where there is none). */
async function cpuIdleShare(windowMs) {
  const sample = () => {
    try {
      return readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    } catch {
      return undefined;
    }
  };
  const before = sample();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const after = sample();
  if (!before || !after) return undefined;
  const delta = after.map((v, i) => v - before[i]);
  const total = delta.reduce((a, b) => a + b, 0);
  // idle + iowait
  return total > 0 ? (delta[3] + delta[4]) / total : undefined;
}

/**
 * Waits until the machine is quiet: CPU idle at least `idleAtLeast` over one second, twice in a row
 * (a test bed that just rolled out pods keeps both cores busy for a while, and a start-up measured
 * then says more about the control plane than about the program). Returns how long it waited and
 * the last idle share; gives up after `timeoutMs` and says so.
 */
export async function waitForQuietCpu({ idleAtLeast = 0.9, timeoutMs = 60_000 } = {}) {
  const started = Date.now();
  let quietInARow = 0;
  let idle;
  while (Date.now() - started < timeoutMs) {
    idle = await cpuIdleShare(1000);
    if (idle === undefined) return { waitedMs: Date.now() - started, idle, quiet: false };
    quietInARow = idle >= idleAtLeast ? quietInARow + 1 : 0;
    if (quietInARow >= 2) return { waitedMs: Date.now() - started, idle, quiet: true };
  }
  return { waitedMs: Date.now() - started, idle, quiet: false };
}
