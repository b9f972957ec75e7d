import { describe, expect, it } from 'vitest';
import { runChecks } from '../runner.js';
import { NS, deployment, node, unschedulablePod, workloadPod } from '../testing/fixtures.js';
import { healthyScenario } from '../testing/scenario.js';
import { nodeFit } from './nodes.js';

async function pendingScenario() {
  const s = await healthyScenario();
  s.kube.deployments.set(`${NS}/pro-builder`, deployment({ available: 0 }));
  s.kube.pods = [unschedulablePod()];
  s.kube.pods.push(
    workloadPod('api-7d9f-abcde', 'kwok-node-0', { cpu: '2', memory: '4Gi' }),
    workloadPod('worker-5c8b-fghij', 'kwok-node-0', { cpu: '550m', memory: '1Gi' }),
    workloadPod('nightly-28971-xyz12', 'kwok-node-0', { cpu: '3' }, 'Succeeded'),
    workloadPod('db-0', 'kwok-node-1', { cpu: '3', memory: '8Gi' }),
  );
  return s;
}

describe('nodes.fit', () => {
  it('explains a pending pod with the numbers of the largest free node', async () => {
    const s = await pendingScenario();
    const [o] = await runChecks([nodeFit], s.ctx());
    expect(o!.status).toBe('fail');
    expect(o!.summary).toBe(
      'Pod pro-builder-6c7d9f8b5d-x7k2p is not scheduled: largest free node (kwok-node-0) has 1450m CPU; the pod requests 2100m (BuildKit 2000m); short by 650m: lower buildkit.resources.requests.cpu in custom-values.yaml (to 1350m or less) or add a node.',
    );
    expect(o!.final).toBe(false);
    expect(o!.evidence).toContain('excluded kind-control-plane: taint node-role.kubernetes.io/control-plane:NoSchedule not tolerated');
  });

  it('lists pods per schedulable node with the phase field selector only', async () => {
    const s = await pendingScenario();
    await runChecks([nodeFit], s.ctx());
    const perNode = s.kube.listCalls.filter((c) => c.method === 'listPods' && c.namespace === undefined).map((c) => c.opts.fieldSelector);
    expect(perNode.sort()).toEqual(
      [
        'spec.nodeName=kwok-node-0,status.phase!=Succeeded,status.phase!=Failed',
        'spec.nodeName=kwok-node-1,status.phase!=Succeeded,status.phase!=Failed',
        // The tainted control plane is Ready and not cordoned, so it is listed too: taints are judged per pod.
        'spec.nodeName=kind-control-plane,status.phase!=Succeeded,status.phase!=Failed',
      ].sort(),
    );
  });

  it('marks the cause final when no node could ever fit the pod', async () => {
    const s = await pendingScenario();
    s.kube.nodes = [node('small-0', { cpu: '1', memory: '4Gi' }), node('small-1', { cpu: '1', memory: '4Gi' })];
    const [o] = await runChecks([nodeFit], s.ctx());
    expect(o).toMatchObject({ status: 'fail', final: true });
  });

  it('does not list pods on nodes when every pod is scheduled', async () => {
    const s = await healthyScenario();
    const [o] = await runChecks([nodeFit], s.ctx());
    expect(o).toMatchObject({ status: 'pass', summary: "The release's pod is scheduled." });
    expect(s.kube.listCalls.filter((c) => c.method === 'listPods' && c.namespace === undefined)).toEqual([]);
  });

  it('says capacity is not the reason when the pod would fit', async () => {
    const s = await healthyScenario();
    s.kube.pods = [unschedulablePod("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.")];
    const [o] = await runChecks([nodeFit], s.ctx());
    expect(o!.status).toBe('warn');
    expect(o!.summary).toContain('capacity is not the reason');
  });

  it('is skipped, naming the permission, when pods cannot be listed cluster-wide (doctor.yaml without "pods")', async () => {
    const s = await pendingScenario();
    s.kube.denied.add('list pods');
    const [o] = await runChecks([nodeFit], s.ctx());
    expect(o).toMatchObject({ status: 'skipped', skipReason: 'forbidden' });
    expect(o!.summary).toBe('Could not check: needs list on pods (cluster-wide).');
  });
});
