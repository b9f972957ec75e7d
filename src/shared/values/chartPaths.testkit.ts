// Test helper: does a values path mean something to a real chart? Guards against typos in paths we write.
import type { ReferenceChart } from '../chart/referenceCharts.testkit.js';

function getPath(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined),
    value,
  );
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when values.yaml has the path, the template reads it, or the template renders an ancestor whole. */
export function chartKnowsPath(chart: ReferenceChart, path: readonly string[]): boolean {
  if (getPath(chart.values(), path) !== undefined) return true;
  const template = chart.deployment();
  if (new RegExp(`\\.Values\\.${escape(path.join('.'))}(?![\\w.])`).test(template)) return true;
  for (let i = path.length - 1; i >= 1; i--) {
    const prefix = escape(path.slice(0, i).join('.'));
    const wholeRender = new RegExp(
      `toYaml \\.Values\\.${prefix}(?![\\w.])|\\.Values\\.${prefix} \\| toYaml|with \\.Values\\.${prefix} \\}\\}[^{]*\\{\\{-? *\\. *\\| *toYaml`,
    );
    if (wholeRender.test(template)) return true;
  }
  return false;
}
