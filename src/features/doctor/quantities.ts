import { parseCpuMillis as cpuMillis, parseMemoryBytes as memoryBytes } from '../../platform/validate/quantity.js';

/** CPU in millicores from a resource quantity; undefined when absent or not a quantity. */
export function parseCpuMillis(text: string | number | undefined | null): number | undefined {
  if (text === undefined || text === null) return undefined;
  const v = cpuMillis(String(text));
  return Number.isFinite(v) ? v : undefined;
}

/** Memory in bytes from a resource quantity; undefined when absent or not a quantity. */
export function parseMemoryBytes(text: string | number | undefined | null): number | undefined {
  if (text === undefined || text === null) return undefined;
  const v = memoryBytes(String(text));
  return Number.isFinite(v) ? v : undefined;
}

export function formatCpu(millis: number): string {
  return `${Math.round(millis)}m`;
}

/** Binary units, as people write them in values files. */
export function formatMemory(bytes: number): string {
  const units = ['Ki', 'Mi', 'Gi', 'Ti'];
  let v = bytes;
  let unit = '';
  for (const u of units) {
    if (Math.abs(v) < 1024) break;
    v /= 1024;
    unit = u;
  }
  const rounded = Math.abs(v) >= 100 || Number.isInteger(v) ? Math.round(v) : Math.round(v * 10) / 10;
  return `${rounded}${unit || 'B'}`;
}
