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
