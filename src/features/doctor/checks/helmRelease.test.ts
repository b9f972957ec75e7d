import { describe, expect, it } from 'vitest';
import { runChecks } from '../runner.js';
import { helmStatusJson } from '../../../platform/helm/testing/fakeHelm.js';
import { DEPLOYED_AT } from '../testing/fixtures.js';
import { chartValues, healthyScenario } from '../testing/scenario.js';
import { helmRelease, helmValues } from './helmRelease.js';

describe('helm.release', () => {
  it('fails with the install command when there is no release, and skips the values check', async () => {
    const s = await healthyScenario();
    s.helm.status = undefined;
    const [release, values] = await runChecks([helmRelease, helmValues], s.ctx());
    expect(release).toMatchObject({
      status: 'fail',
      summary: 'No helm release pro-builder in namespace openfaas.',
      fix: 'probuilder-setup install --namespace openfaas --release pro-builder',
    });
    expect(values).toMatchObject({ status: 'skipped', skipReason: 'dependency' });
  });

  it('reports the chart generation in the evidence', async () => {
    const s = await healthyScenario();
    const [o] = await runChecks([helmRelease], s.ctx());
    expect(o!.evidence).toContain('BuildKit connection: TCP with mutual TLS (chart before 0.6.0)');
    expect(o!.evidence).toContain('last deployed 2025-03-14T11:40:00.123Z (20m ago)');
  });

  it("fails a failed release with helm's own description", async () => {
    const s = await healthyScenario();
    s.helm.status = helmStatusJson({
      chartVersion: '0.6.10',
      status: 'failed',
      revision: 3,
      lastDeployed: DEPLOYED_AT,
      description: 'Upgrade "pro-builder" failed: context deadline exceeded',
    });
    const [o] = await runChecks([helmRelease], s.ctx());
    expect(o!.status).toBe('fail');
    expect(o!.evidence).toContain('helm: Upgrade "pro-builder" failed: context deadline exceeded');
  });

  it('offers a rollback to the previous revision for a stuck pending-upgrade, but waits on a fresh one', async () => {
    const s = await healthyScenario();
    s.helm.status = helmStatusJson({ chartVersion: '0.6.10', status: 'pending-upgrade', revision: 4, lastDeployed: DEPLOYED_AT });
    const [stuck] = await runChecks([helmRelease], s.ctx());
    expect(stuck).toMatchObject({ status: 'fail', fix: 'helm rollback pro-builder 3 -n openfaas' });
    s.helm.status = helmStatusJson({
      chartVersion: '0.6.10',
      status: 'pending-upgrade',
      revision: 4,
      lastDeployed: '2025-03-14T11:58:00Z',
    });
    const [fresh] = await runChecks([helmRelease], s.ctx());
    expect(fresh!.status).toBe('warn');
  });

  it("fails with helm's error when helm cannot reach the cluster", async () => {
    const s = await healthyScenario();
    s.helm.broken = true;
    const [o] = await runChecks([helmRelease], s.ctx());
    expect(o!.status).toBe('fail');
    expect(o!.summary).toBe('helm status pro-builder failed in namespace openfaas.');
    expect(o!.evidence[0]).toContain('Kubernetes cluster unreachable');
  });
});

describe('helm.values', () => {
  it('fails disableHmac: true with a concrete upgrade command', async () => {
    const s = await healthyScenario();
    s.helm.values = chartValues({ disableHmac: true });
    const [o] = await runChecks([helmValues], s.ctx());
    expect(o).toMatchObject({
      status: 'fail',
      fix: 'helm upgrade pro-builder openfaas/pro-builder --namespace openfaas --version 0.4.19 --reset-then-reuse-values --set disableHmac=false',
    });
  });

  it('warns about root mode without privileged on the mTLS generation', async () => {
    const s = await healthyScenario();
    s.helm.values = chartValues({ buildkit: { image: 'moby/buildkit:v0.15.1', rootless: false, resources: {} } });
    const [o] = await runChecks([helmValues], s.ctx());
    expect(o!.status).toBe('warn');
    expect(o!.summary).toContain('privileged is not true');
  });
});
