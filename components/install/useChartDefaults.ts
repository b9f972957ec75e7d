import { useEffect, useState } from 'react';
import type { ChartTuningDefaults } from '../../src/shared/chart/tuningDefaults.js';
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
    // Loaded here, not at start-up: the chart readers pull in yaml, which the first frame must not wait for.
    Promise.all([import('../../src/shared/chart/resolve.js'), import('../../src/shared/chart/tuningDefaults.js')])
      .then(async ([{ resolveChart }, { chartTuningDefaults }]) => {
        const c = await resolveChart(helm, chart, version);
        if (live) setDefaults(chartTuningDefaults(c.defaults));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [helm, chart, version]);
  return defaults;
}
