import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChartError } from './errors.js';
import { readLocalChart } from './localChart.js';
import { MISSING_REASON, REFERENCE_CHART_LIST } from './referenceCharts.testkit.js';

async function tempDir() {
  return mkdtemp(join(tmpdir(), 'pbs-chart-'));
}

describe('readLocalChart', () => {
  it('says a folder without Chart.yaml is not a chart', async () => {
    const dir = await tempDir();
    await expect(readLocalChart(dir)).rejects.toThrow(ChartError);
    await expect(readLocalChart(dir)).rejects.toThrow('is not a helm chart (it has no Chart.yaml)');
  });

  it('says a missing path is not a folder', async () => {
    const dir = join(await tempDir(), 'nope');
    await expect(readLocalChart(dir)).rejects.toThrow(`${dir} is not a folder`);
  });

  it('gives empty defaults for a chart without values.yaml', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'Chart.yaml'), 'name: pro-builder\nversion: 0.6.1\n');
    expect(await readLocalChart(dir)).toEqual({ dir, metadata: { name: 'pro-builder', version: '0.6.1' }, defaults: {} });
  });

  it('reports a broken values.yaml with its position', async () => {
    const dir = await tempDir();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'Chart.yaml'), 'name: pro-builder\nversion: 0.6.1\n');
    await writeFile(join(dir, 'values.yaml'), 'a: 1\nb: [2\nc: 3\n');
    await expect(readLocalChart(dir)).rejects.toThrow(/values\.yaml is not valid YAML \(line \d+, column \d+\)/);
  });

  for (const chart of REFERENCE_CHART_LIST) {
    describe.skipIf(!chart.present)(`real chart ${chart.version}${chart.present ? '' : ` (skipped: ${MISSING_REASON})`}`, () => {
      it('reads metadata and default values', async () => {
        const local = await readLocalChart(chart.dir);
        expect(local.metadata.version).toBe(chart.version);
        expect(local.defaults).toEqual(chart.values());
      });
    });
  }
});
