import type { V1Secret } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { releaseSecret } from '../../platform/helm/testing/releaseSecret.js';
import { createDoctorContext } from './context.js';
import { readRelease, readReleaseValues } from '../../shared/release/release.js';
import { readReleaseFromSecrets } from '../../shared/release/releaseSecrets.js';
import { runChecks } from './runner.js';
import { ALL_CHECKS } from './checks/index.js';
import { FakeKube } from '../../platform/testing/fakeKube.js';
import { DEPLOYED_AT, NOW, NS } from './testing/fixtures.js';
import { chartValues, healthyScenario, type Scenario } from './testing/scenario.js';

/** The scenario's helm release (what FakeHelm answers) stored as helm's storage Secrets would hold it. */
function storeHelmRelease(s: Scenario, revisions: number[] = [1, 2]) {
  for (const revision of revisions) {
    const secret = releaseSecret({
      revision,
      status: revision === Math.max(...revisions) ? 'deployed' : 'superseded',
      chartVersion: '0.4.19',
      appVersion: '0.5.1',
      description: 'Upgrade complete',
      lastDeployed: DEPLOYED_AT,
      chartValues: chartValues(),
      config: {},
    });
    s.kube.secrets.set(`${NS}/${secret.metadata.name}`, secret as V1Secret);
  }
}

describe('readReleaseFromSecrets', () => {
  it('answers what helm status, get metadata and get values --all say, from the newest revision', async () => {
    const s = await healthyScenario();
    storeHelmRelease(s, [1, 2]);
    const target = { namespace: NS };
    const fromSecrets = await readReleaseFromSecrets(s.kube, NS, 'pro-builder');
    expect(fromSecrets?.info).toEqual(await readRelease(s.helm, 'pro-builder', target));
    expect(fromSecrets?.values).toEqual(await readReleaseValues(s.helm, 'pro-builder', target));
    expect(fromSecrets?.info.revision).toBe(2);
    expect(s.kube.listCalls.filter((c) => c.method === 'listSecrets').map((c) => c.opts.labelSelector)).toEqual([
      'owner=helm,name=pro-builder',
    ]);
  });

  it("merges the user's values over the chart defaults", async () => {
    const kube = new FakeKube();
    const secret = releaseSecret({ chartValues: chartValues(), config: { fullnameOverride: '', buildkit: { rootless: false } } });
    kube.secrets.set(`${NS}/${secret.metadata.name}`, secret as V1Secret);
    const r = await readReleaseFromSecrets(kube, NS, 'pro-builder');
    expect(r?.values['fullnameOverride']).toBe('');
    expect(r?.values['buildkit']).toMatchObject({ rootless: false, image: 'moby/buildkit:v0.15.1-rootless' });
  });

  it('leaves it to helm when the Secrets cannot answer', async () => {
    const kube = new FakeKube();
    // No Secret of this release (helm may keep it elsewhere, or say "not found" itself).
    expect(await readReleaseFromSecrets(kube, NS, 'pro-builder')).toBeUndefined();
    const secret = releaseSecret();
    kube.secrets.set(`${NS}/${secret.metadata.name}`, secret as V1Secret);
    // helm set to another storage driver.
    expect(await readReleaseFromSecrets(kube, NS, 'pro-builder', 'configmap')).toBeUndefined();
    expect(await readReleaseFromSecrets(kube, NS, 'pro-builder', 'Secret')).toBeDefined();
    // Listing Secrets refused by RBAC.
    kube.denied.add('list secrets');
    expect(await readReleaseFromSecrets(kube, NS, 'pro-builder')).toBeUndefined();
    kube.denied.clear();
    // A newest revision helm's own reader would not take.
    const broken = releaseSecret({ revision: 2 });
    broken.data.release = Buffer.from('not a release').toString('base64');
    kube.secrets.set(`${NS}/${broken.metadata.name}`, broken as V1Secret);
    expect(await readReleaseFromSecrets(kube, NS, 'pro-builder')).toBeUndefined();
  });

  it('passes on other API errors: helm would meet the same cluster', async () => {
    const kube = new FakeKube();
    kube.unreachable = true;
    await expect(readReleaseFromSecrets(kube, NS, 'pro-builder')).rejects.toThrow(/Cannot reach the cluster/);
  });
});

describe('the doctor with release Secrets', () => {
  const strip = (outcomes: Awaited<ReturnType<typeof runChecks>>) => outcomes.map(({ durationMs: _, ...o }) => o);

  it('reports exactly what it reports through helm, without starting helm', async () => {
    const throughHelm = await healthyScenario();
    const viaHelm = await runChecks(ALL_CHECKS, throughHelm.ctx({ helmDriver: '' }));
    expect(throughHelm.helm.calls.length).toBeGreaterThan(0);

    const s = await healthyScenario();
    storeHelmRelease(s);
    const viaSecrets = await runChecks(ALL_CHECKS, s.ctx({ helmDriver: '' }));
    expect(s.helm.calls).toEqual([]);
    expect(strip(viaSecrets)).toEqual(strip(viaHelm));
    expect(viaSecrets.find((o) => o.id === 'helm.release')).toMatchObject({
      status: 'pass',
      summary: 'pro-builder 0.4.19 revision 2 is deployed.',
    });
  });

  it('asks helm when HELM_DRIVER keeps releases elsewhere', async () => {
    const s = await healthyScenario();
    storeHelmRelease(s);
    const ctx = createDoctorContext({
      kube: s.kube,
      helm: s.helm,
      namespace: NS,
      release: 'pro-builder',
      now: NOW,
      helmDriver: 'configmap',
    });
    expect((await ctx.release())?.revision).toBe(2);
    expect(s.helm.calls.map((a) => a.slice(0, 2).join(' '))).toEqual(['status pro-builder', 'get metadata']);
  });

  it('reads the Deployment and pods under the default names once, while the release is read', async () => {
    const s = await healthyScenario();
    storeHelmRelease(s);
    s.kube.delayMs = 5;
    const ctx = s.ctx({ helmDriver: '' });
    await ctx.release();
    // Started with the release read, before anything asked for them.
    expect(s.kube.calls['getDeployment']).toBe(1);
    expect(s.kube.listCalls.filter((c) => c.method === 'listPods')).toHaveLength(1);
    await Promise.all([ctx.deployment(), ctx.pods(), ctx.events()]);
    expect(s.kube.calls['getDeployment']).toBe(1);
    expect(s.kube.listCalls.filter((c) => c.method === 'listPods')).toHaveLength(1);
  });

  it('does not use the default-name reads when the release names the Deployment otherwise', async () => {
    const s = await healthyScenario();
    const secret = releaseSecret({ release: 'team', chartValues: chartValues(), config: { fullnameOverride: '' } });
    s.kube.secrets.set(`${NS}/${secret.metadata.name}`, secret as V1Secret);
    const ctx = createDoctorContext({ kube: s.kube, helm: s.helm, namespace: NS, release: 'team', now: NOW, helmDriver: '' });
    expect(await ctx.deploymentName()).toBe('team-pro-builder');
    // The scenario's Deployment is called pro-builder: the guess found it, the real read does not.
    expect(await ctx.deployment()).toBeUndefined();
    expect(s.kube.calls['getDeployment']).toBe(2);
  });
});
