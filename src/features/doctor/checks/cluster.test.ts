import { describe, expect, it } from 'vitest';
import { runChecks } from '../runner.js';
import { NS, namespace } from '../testing/fixtures.js';
import { healthyScenario } from '../testing/scenario.js';
import { clusterContext, clusterNamespace, clusterReachable } from './cluster.js';
import { permissions } from './permissions.js';

describe('cluster checks', () => {
  it('warn on a Kubernetes too old for seccompProfile', async () => {
    const s = await healthyScenario();
    s.kube.version = { ...s.kube.version, minor: '18', gitVersion: 'v1.18.20' };
    const [o] = await runChecks([clusterReachable], s.ctx());
    expect(o!.status).toBe('warn');
  });

  it('fail a namespace that is being deleted', async () => {
    const s = await healthyScenario();
    const ns = namespace(NS);
    ns.status = { phase: 'Terminating' };
    s.kube.namespaces.set(NS, ns);
    const [o] = await runChecks([clusterNamespace], s.ctx());
    expect(o).toMatchObject({ status: 'fail', summary: 'Namespace openfaas is being deleted.' });
  });
});

describe('permissions.access', () => {
  it('lists what is missing and what it costs', async () => {
    const s = await healthyScenario();
    s.kube.denied.add('list nodes').add('create serviceaccounts/token');
    const [o] = await runChecks([permissions], s.ctx());
    expect(o!.status).toBe('warn');
    expect(o!.summary).toBe(
      'Missing 2 permissions: list on nodes (cluster-wide); create on serviceaccounts/token in namespace openfaas. The checks that need them are skipped.',
    );
    expect(o!.evidence).toContain('cannot list on nodes (cluster-wide) → no node resource checks');
  });

  it('warn when the kubeconfig turns off TLS verification for the cluster', async () => {
    const s = await healthyScenario();
    Object.assign(s.kube, { target: { ...s.kube.target, insecureSkipTlsVerify: true } });
    const [o] = await runChecks([clusterContext], s.ctx());
    expect(o!.status).toBe('warn');
    expect(o!.summary).toMatch(/insecure-skip-tls-verify/);
  });
});
