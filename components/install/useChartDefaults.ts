import { useEffect, useState } from 'react';
import { resolveChart } from '../../src/shared/chart/resolve.js';
import { chartTuningDefaults, type ChartTuningDefaults } from '../../src/shared/chart/tuningDefaults.js';
import { useServices } from '../services/ServicesContext.js';

/**
 * The tuning defaults of the chart being installed, read once (helm show values, or the local
 * folder). Undefined while reading or when the chart cannot be read: the review reports that.
 */
export function useChartDefaults(chart: string | undefined, version: string | undefined): ChartTuningDefaults | undefined {
  const { helm } = useServices();
  const [defaults, setDefaults] = useState<ChartTuningDefaults | undefined>();
  useEffect(() => {
    if (!chart) return;
    let live = true;
    resolveChart(helm, chart, version)
      .then((c) => live && setDefaults(chartTuningDefaults(c.defaults)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [helm, chart, version]);
  return defaults;
}
