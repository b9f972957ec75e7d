/**
 * The doctor reads the helm release from helm's storage Secrets instead of running helm. On the
 * real test bed, with real helm 3 and helm 4 installs of the real chart (user values with nested
 * overrides and nulls, an upgrade, then an upgrade the API server rejects), what it decodes must be
 * exactly what `helm status`, `helm get metadata` and `helm get values --all` print, and the helm
 * checks must report the same either way. A release kept by another storage driver is still found
 * through helm.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/features/doctor/checks/index.js';
import { createDoctorContext } from '../../src/features/doctor/context.js';
import { readRelease, readReleaseValues } from '../../src/shared/release/release.js';
import { readReleaseFromSecrets } from '../../src/shared/release/releaseSecrets.js';
import { runChecks } from '../../src/features/doctor/runner.js';
import { HelmCli, type Helm } from '../../src/platform/helm/helm.js';
import {
  computedValues,
  decodeReleaseSecret,
  newestReleaseSecret,
  releaseSecretSelector,
  writtenBy,
} from '../../src/platform/helm/storedRelease.js';
import type { Kube } from '../../src/platform/kube/client.js';
import { describeWithCharts, kubeClient, namespacesDeletedAfterAll, referenceChart, testbed, uniqueNamespace } from './testbed.js';

const RELEASE = 'pro-builder';

/** Values that exercise helm's coalescing: nested overrides, a removed default, nulls at both levels. */
const FIRST_VALUES = `
buildkit:
  resources:
    requests:
      cpu: 500m
      memory: 512Mi
  securityContext:
    seccompProfile: null
affinity: null
notAChartKey: null
nodeSelector:
  kubernetes.io/hostname: kwok-big
proBuilder:
  maxInflight: 4
`;
const SECOND_VALUES = `
replicas: 2
disableHmac: false
`;

describeWithCharts('the release as helm stores it, read without helm', () => {
  const kube = kubeClient();
  const namespaces = namespacesDeletedAfterAll(() => kube);
  let dir: string;

  const helmRun = async (helmBin: string, args: string[], env: Record<string, string> = {}) =>
    execa(helmBin, [...args, '--kubeconfig', testbed.kubeconfig!], { reject: false, env: { ...process.env, ...env } });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pbs-relsec-'));
    await writeFile(join(dir, 'first.yaml'), FIRST_VALUES);
    await writeFile(join(dir, 'second.yaml'), SECOND_VALUES);
  });

  /** What helm itself says, through the same parsers the doctor used before. */
  const throughHelm = async (helm: Helm, namespace: string) => {
    const target = { namespace, kubeconfig: testbed.kubeconfig! };
    return { info: await readRelease(helm, RELEASE, target), values: await readReleaseValues(helm, RELEASE, target) };
  };

  async function expectSameAsHelm(helm: Helm, namespace: string, revision: number, status: string) {
    const fromSecrets = await readReleaseFromSecrets(kube, namespace, RELEASE, '');
    expect(fromSecrets, 'a release Secret').toBeDefined();
    const helmSays = await throughHelm(helm, namespace);
    expect(fromSecrets!.info).toEqual(helmSays.info);
    expect(fromSecrets!.values).toEqual(helmSays.values);
    expect(fromSecrets!.info).toMatchObject({ revision, status, chartName: 'pro-builder', chartVersion: '0.4.19' });
  }

  it.each([
    ['helm 3', () => testbed.helm3!],
    ['helm 4', () => testbed.helm4!],
  ])('%s: status, metadata and computed values match what helm prints, revision after revision', async (_name, bin) => {
    const helmBin = bin();
    const helm = new HelmCli(helmBin);
    const namespace = uniqueNamespace('relsec');
    namespaces.push(namespace);
    const chart = referenceChart('0.4.19');
    const install = await helmRun(helmBin, [
      'upgrade',
      '--install',
      RELEASE,
      chart,
      '-n',
      namespace,
      '--create-namespace',
      '-f',
      join(dir, 'first.yaml'),
    ]);
    expect(install.exitCode, install.stderr).toBe(0);
    await expectSameAsHelm(helm, namespace, 1, 'deployed');
    const values = (await readReleaseFromSecrets(kube, namespace, RELEASE, ''))!.values;
    // The coalescing rules, as helm applied them (checked against helm above; spelled out here).
    expect(values).not.toHaveProperty('affinity');
    expect(values).toHaveProperty('notAChartKey', null);
    expect(values['buildkit']).toMatchObject({
      image: 'moby/buildkit:v0.15.1-rootless',
      resources: { requests: { cpu: '500m', memory: '512Mi' } },
    });
    expect((values['buildkit'] as { securityContext: object }).securityContext).not.toHaveProperty('seccompProfile');

    const upgrade = await helmRun(helmBin, [
      'upgrade',
      RELEASE,
      chart,
      '-n',
      namespace,
      '-f',
      join(dir, 'first.yaml'),
      '-f',
      join(dir, 'second.yaml'),
    ]);
    expect(upgrade.exitCode, upgrade.stderr).toBe(0);
    await expectSameAsHelm(helm, namespace, 2, 'deployed');

    // Rejected by the API server: helm records revision 3 as failed, and that is the one helm status shows.
    const bad = await helmRun(helmBin, [
      'upgrade',
      RELEASE,
      chart,
      '-n',
      namespace,
      '--reuse-values',
      '--set',
      'buildkit.resources.requests.cpu=not-a-quantity',
    ]);
    expect(bad.exitCode).not.toBe(0);
    await expectSameAsHelm(helm, namespace, 3, 'failed');
    const failed = (await readReleaseFromSecrets(kube, namespace, RELEASE, ''))!.info;
    expect(failed.description).toMatch(/failed/i);

    // The doctor's helm checks say the same whether the Secrets or helm answered.
    const now = new Date();
    const helmChecks = ALL_CHECKS.filter((c) => c.id.startsWith('cluster.') || c.id.startsWith('helm.'));
    // helmDriver "configmap" makes the doctor ask the helm CLI (whose own storage stays Secrets).
    const run = async (helmDriver: string, h: Helm) =>
      (await runChecks(helmChecks, createDoctorContext({ kube, helm: h, namespace, release: RELEASE, now, helmDriver }))).map(
        ({ durationMs: _, ...o }) => o,
      );
    const calls: string[][] = [];
    const countingHelm: Helm = {
      bin: helm.bin,
      version: () => helm.version(),
      run: (args, opts) => (calls.push(args), helm.run(args, opts)),
    };
    const viaSecrets = await run('', countingHelm);
    expect(calls, 'helm is not run when the Secrets answer').toEqual([]);
    const viaHelm = await run('configmap', countingHelm);
    expect(calls.length).toBeGreaterThan(0);
    expect(viaSecrets).toEqual(viaHelm);
    expect(viaSecrets.find((o) => o.id === 'helm.release')).toMatchObject({
      status: 'fail',
      summary: `The last helm operation on ${RELEASE} failed (revision 3).`,
    });
  });

  it('null chart defaults: helm 3 prints them, helm 4 leaves them out, and so does the decoded release of each', async () => {
    // The reference charts have no null defaults; a tiny chart with some shows where helm 3 and 4 differ.
    const chart = join(dir, 'nulls-chart');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: nulls\nversion: 0.1.0\n');
    await writeFile(
      join(chart, 'values.yaml'),
      'topNull: null\nkeep: 1\ntable:\n  nestedNull: null\n  value: a\nmerged:\n  defaultNull: null\n  x: 1\n',
    );
    await writeFile(
      join(chart, 'templates', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  x: {{ .Values.merged.x | quote }}\n',
    );
    await writeFile(join(dir, 'nulls.yaml'), 'keep: null\nmerged:\n  x: 2\n  userNull: null\n');
    for (const [major, helmBin] of [
      [3, testbed.helm3!],
      [4, testbed.helm4!],
    ] as const) {
      const namespace = uniqueNamespace(`relsec-nulls${major}`);
      namespaces.push(namespace);
      const install = await helmRun(helmBin, [
        'upgrade',
        '--install',
        'nulls',
        chart,
        '-n',
        namespace,
        '--create-namespace',
        '-f',
        join(dir, 'nulls.yaml'),
      ]);
      expect(install.exitCode, install.stderr).toBe(0);
      const stored = decodeReleaseSecret(
        newestReleaseSecret(await kube.listSecrets(namespace, { labelSelector: releaseSecretSelector('nulls') }), 'nulls')!,
      );
      const helmSays = JSON.parse(
        (await helmRun(helmBin, ['get', 'values', 'nulls', '--all', '-n', namespace, '-o', 'json'])).stdout,
      ) as unknown;
      expect(writtenBy(stored)).toBe(major);
      expect(computedValues(stored)).toEqual(helmSays);
      // The other helm's rules would not match: the test tells the two apart.
      expect(computedValues(stored, major === 3 ? 4 : 3)).not.toEqual(helmSays);
    }
  });

  it('a release kept in ConfigMaps (HELM_DRIVER=configmap) is still found, through helm', async () => {
    const namespace = uniqueNamespace('relsec-cm');
    namespaces.push(namespace);
    const env = { HELM_DRIVER: 'configmap' };
    const install = await helmRun(
      testbed.helm4!,
      ['upgrade', '--install', RELEASE, referenceChart('0.4.19'), '-n', namespace, '--create-namespace', '-f', join(dir, 'first.yaml')],
      env,
    );
    expect(install.exitCode, install.stderr).toBe(0);
    // No release Secret: the Secrets cannot answer.
    expect(await readReleaseFromSecrets(kube, namespace, RELEASE, '')).toBeUndefined();
    const real = new HelmCli(testbed.helm4!);
    const helm: Helm = {
      bin: real.bin,
      version: () => real.version(),
      run: (args, opts) => real.run(args, { ...opts, env: { ...process.env, ...env } }),
    };
    // The doctor's context with the environment's driver unknown to it: it finds no Secret, so it asks helm.
    const ctx = createDoctorContext({ kube, helm, namespace, release: RELEASE, now: new Date(), helmDriver: '' });
    expect(await ctx.release()).toMatchObject({ revision: 1, status: 'deployed', chartVersion: '0.4.19' });
    expect(await ctx.releaseValues()).toEqual((await throughHelm(helm, namespace)).values);
    // Told the driver, it does not list Secrets at all.
    const told = createDoctorContext({
      kube: new Proxy(kube, {
        get: (t, p, r) => (p === 'listSecrets' ? () => Promise.reject(new Error('must not list')) : Reflect.get(t, p, r)),
      }) as Kube,
      helm,
      namespace,
      release: RELEASE,
      now: new Date(),
      helmDriver: 'configmap',
    });
    expect((await told.release())?.revision).toBe(1);
  });
});
