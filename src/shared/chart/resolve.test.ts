import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelmError, type Helm, type RunResult } from '../../platform/helm/helm.js';
import { ChartError } from './errors.js';
import { readLocalChart } from './localChart.js';
import { MISSING_REASON, REFERENCE_CHART_LIST } from './referenceCharts.testkit.js';
import { resolveChart } from './resolve.js';
import { chartTraits } from './traits.js';

/** A stand-in helm that answers `show chart` / `show values` from fixed text and records each call. */
function fakeHelm(answers: { chart?: string; values?: string; fail?: RunResult }): Helm & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    bin: 'helm',
    calls,
    version: () => Promise.resolve({ raw: 'v3.16.0', major: 3, minor: 16, patch: 0 }),
    run: (args) => {
      calls.push(args);
      if (answers.fail) return Promise.resolve(answers.fail);
      const stdout = args[1] === 'chart' ? answers.chart : args[1] === 'values' ? answers.values : undefined;
      return Promise.resolve(
        stdout === undefined ? { exitCode: 1, stdout: '', stderr: 'unexpected' } : { exitCode: 0, stdout, stderr: '' },
      );
    },
  };
}

const SOCKET_CHART_YAML = 'apiVersion: v1\nname: pro-builder\nversion: 0.6.3\nappVersion: 0.5.5\n';
const SOCKET_VALUES = 'buildkit:\n  rootless: true\nbuildkitRootless:\n  image: moby/buildkit:v0.30.0-rootless\n';

describe('resolveChart through helm', () => {
  it('asks helm for the chart and its values at the requested version', async () => {
    const helm = fakeHelm({ chart: SOCKET_CHART_YAML, values: SOCKET_VALUES });
    const r = await resolveChart(helm, 'openfaas/pro-builder', '0.6.3');
    expect(helm.calls).toEqual([
      ['show', 'chart', 'openfaas/pro-builder', '--version', '0.6.3'],
      ['show', 'values', 'openfaas/pro-builder', '--version', '0.6.3'],
    ]);
    expect(r).toEqual({
      ref: 'openfaas/pro-builder',
      source: 'helm',
      metadata: { name: 'pro-builder', version: '0.6.3', appVersion: '0.5.5' },
      generation: 'socket',
      defaults: { buildkit: { rootless: true }, buildkitRootless: { image: 'moby/buildkit:v0.30.0-rootless' } },
      traits: chartTraits('0.6.3', { buildkitRootless: {} }),
    });
  });

  it('leaves --version out when none is asked for, and detects the mtls generation', async () => {
    const helm = fakeHelm({ chart: 'name: pro-builder\nversion: 0.5.2\n', values: '' });
    const r = await resolveChart(helm, 'oci://ghcr.io/openfaas/pro-builder');
    expect(helm.calls.map((c) => c.length)).toEqual([3, 3]);
    expect(r.generation).toBe('mtls');
    expect(r.defaults).toEqual({});
  });

  it('explains a missing repository with the command that adds it', async () => {
    const helm = fakeHelm({ fail: { exitCode: 1, stdout: '', stderr: 'Error: repo openfaas not found\n' } });
    const err = await resolveChart(helm, 'openfaas/pro-builder').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HelmError);
    expect((err as HelmError).message).toBe('helm could not show the chart of openfaas/pro-builder.');
    expect((err as HelmError).nextStep).toContain('helm repo add openfaas https://openfaas.github.io/faas-netes/');
    expect((err as HelmError).helmOutput).toBe('Error: repo openfaas not found');
  });

  it('points at the version list when a version does not exist', async () => {
    const helm = fakeHelm({
      fail: { exitCode: 1, stdout: '', stderr: 'Error: chart "pro-builder" version "9.9.9" not found in https://…' },
    });
    const err = await resolveChart(helm, 'openfaas/pro-builder', '9.9.9').catch((e: unknown) => e);
    expect((err as HelmError).nextStep).toContain('helm search repo openfaas/pro-builder --versions');
  });

  it('refuses a chart that is not pro-builder', async () => {
    const helm = fakeHelm({ chart: 'name: openfaas\nversion: 14.2.0\n', values: '{}' });
    await expect(resolveChart(helm, 'openfaas/openfaas')).rejects.toThrow('openfaas/openfaas is the "openfaas" chart, not pro-builder.');
    expect(helm.calls).toHaveLength(1);
  });

  it('rejects a malformed --chart-version before running helm', async () => {
    const helm = fakeHelm({ chart: SOCKET_CHART_YAML, values: SOCKET_VALUES });
    await expect(resolveChart(helm, 'openfaas/pro-builder', 'newest')).rejects.toThrow(ChartError);
    expect(helm.calls).toEqual([]);
  });

  it('does not ask helm about a folder path that does not exist', async () => {
    const helm = fakeHelm({ chart: SOCKET_CHART_YAML, values: SOCKET_VALUES });
    const missing = join(await mkdtemp(join(tmpdir(), 'pbs-chart-')), 'gone');
    await expect(resolveChart(helm, missing)).rejects.toThrow(`The chart folder ${missing} does not exist.`);
    await expect(resolveChart(helm, './no/such/chart')).rejects.toThrow(ChartError);
    expect(helm.calls).toEqual([]);
  });
});

describe('resolveChart from a local folder', () => {
  it('reads the folder without helm, and refuses a different --chart-version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbs-chart-'));
    await writeFile(join(dir, 'Chart.yaml'), 'name: pro-builder\nversion: 0.5.0\n');
    await writeFile(join(dir, 'values.yaml'), 'replicas: 1\n');
    const helm = fakeHelm({});
    const r = await resolveChart(helm, dir, 'v0.5.0');
    expect(r).toEqual({
      ref: dir,
      source: 'local',
      metadata: { name: 'pro-builder', version: '0.5.0' },
      generation: 'mtls',
      defaults: { replicas: 1 },
      traits: chartTraits('0.5.0'),
    });
    await expect(resolveChart(helm, dir, '0.6.10')).rejects.toThrow(`The chart in ${dir} is version 0.5.0, not 0.6.10.`);
    expect(helm.calls).toEqual([]);
  });

  for (const chart of REFERENCE_CHART_LIST) {
    describe.skipIf(!chart.present)(`real chart ${chart.version}${chart.present ? '' : ` (skipped: ${MISSING_REASON})`}`, () => {
      const expected = chart.version.startsWith('0.4.') ? 'mtls' : 'socket';

      it(`detects the ${expected} generation from the folder`, async () => {
        const r = await resolveChart(fakeHelm({}), chart.dir);
        expect(r.generation).toBe(expected);
        expect(r.defaults).toEqual(chart.values());
      });

      it('gives the same answer through helm show as from the folder', async () => {
        const helm = fakeHelm({ chart: readFileSync(join(chart.dir, 'Chart.yaml'), 'utf8'), values: chart.valuesText() });
        const viaHelm = await resolveChart(helm, 'openfaas/pro-builder', chart.version);
        const local = await readLocalChart(chart.dir);
        expect(viaHelm.generation).toBe(expected);
        expect(viaHelm.metadata).toEqual(local.metadata);
        expect(viaHelm.defaults).toEqual(local.defaults);
      });
    });
  }
});
