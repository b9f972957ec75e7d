import { describe, expect, it } from 'vitest';
import { readLocalChart } from './localChart.js';
import { MISSING_REASON, SOCKET_CHART } from './referenceCharts.testkit.js';
import { chartTuningDefaults } from './tuningDefaults.js';

describe('chartTuningDefaults', () => {
  it.skipIf(!SOCKET_CHART.present)(`reads the real chart's own defaults (${MISSING_REASON})`, async () => {
    const chart = await readLocalChart(SOCKET_CHART.dir);
    expect(chartTuningDefaults(chart.defaults)).toEqual({ maxInflight: 0, replicas: 1, cpu: '2000m', memory: '2Gi' });
  });

  it('leaves out what the chart does not set', () => {
    expect(chartTuningDefaults({ buildkit: {} })).toEqual({
      maxInflight: undefined,
      replicas: undefined,
      cpu: undefined,
      memory: undefined,
    });
  });
});
