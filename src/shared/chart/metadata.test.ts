import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChartError } from './errors.js';
import { parseChartMetadata } from './metadata.js';
import { MISSING_REASON, REFERENCE_CHART_LIST } from './referenceCharts.testkit.js';

describe('parseChartMetadata', () => {
  it('reads helm show chart output, keeping versions as written', () => {
    const out = 'apiVersion: v2\nname: pro-builder\nversion: 1.10\nappVersion: 0.5.5\ndescription: x\n';
    expect(parseChartMetadata(out)).toEqual({ name: 'pro-builder', version: '1.10', appVersion: '0.5.5' });
  });

  it('leaves appVersion out when the chart has none', () => {
    expect(parseChartMetadata('name: pro-builder\nversion: 0.4.19\n')).toEqual({ name: 'pro-builder', version: '0.4.19' });
  });

  it.each([
    ['name: pro-builder\n', 'has no version'],
    ['version: 0.6.10\n', 'has no name'],
    ['description: nothing\n', 'has no name and version'],
    ['- a\n- b\n', 'does not describe a chart'],
    ['', 'does not describe a chart'],
    ['name: [unclosed\nversion: 1\n', 'is not valid YAML (line'],
  ])('rejects %j', (text, expected) => {
    expect(() => parseChartMetadata(text, 'Chart.yaml')).toThrow(ChartError);
    expect(() => parseChartMetadata(text, 'Chart.yaml')).toThrow(expected);
  });

  for (const chart of REFERENCE_CHART_LIST) {
    describe.skipIf(!chart.present)(`real chart ${chart.version}${chart.present ? '' : ` (skipped: ${MISSING_REASON})`}`, () => {
      it('reads its Chart.yaml', () => {
        const meta = parseChartMetadata(readFileSync(join(chart.dir, 'Chart.yaml'), 'utf8'));
        expect(meta).toEqual({ name: 'pro-builder', version: chart.version });
      });
    });
  }
});
