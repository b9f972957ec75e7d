import { getPath } from '../values/settings.js';

/** What the chart itself sets for the BuildKit step's tuning fields, when they are left empty. */
export interface ChartTuningDefaults {
  maxInflight?: number;
  replicas?: number;
  cpu?: string;
  memory?: string;
}

/** Reads the tuning defaults out of a chart's values.yaml (ResolvedChart.defaults). */
export function chartTuningDefaults(values: unknown): ChartTuningDefaults {
  const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const quantity = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() || undefined : undefined);
  return {
    maxInflight: count(getPath(values, ['proBuilder', 'maxInflight'])),
    replicas: count(getPath(values, ['replicas'])),
    cpu: quantity(getPath(values, ['buildkit', 'resources', 'requests', 'cpu'])),
    memory: quantity(getPath(values, ['buildkit', 'resources', 'requests', 'memory'])),
  };
}
