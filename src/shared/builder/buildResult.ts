/** One result the builder sends: a line of the NDJSON stream, or the whole answer without streaming. */
export interface BuildResult {
  status: 'in_progress' | 'success' | 'failed';
  log: string[];
  image: string;
  error?: string;
}

const STATUSES = new Set(['in_progress', 'success', 'failed']);

/** The result in a parsed JSON value, or undefined when it is not one (missing fields are tolerated). */
export function asBuildResult(value: unknown): BuildResult | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v['status'] !== 'string' || !STATUSES.has(v['status'])) return undefined;
  const log = Array.isArray(v['log']) ? v['log'].filter((l): l is string => typeof l === 'string') : [];
  return {
    status: v['status'] as BuildResult['status'],
    log,
    image: typeof v['image'] === 'string' ? v['image'] : '',
    ...(typeof v['error'] === 'string' && v['error'] ? { error: v['error'] } : {}),
  };
}
