import type { V1PodSpec } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { fitReport, nodeHeadroom, podRequests } from './headroom.js';
import { deployment, node, unschedulablePod, workloadPod } from './testing/fixtures.js';

const GiB = 2 ** 30;

describe('podRequests', () => {
  it('sums app containers, as the chart pod requests 2100m CPU and 2Gi+64Mi memory', () => {
    expect(podRequests(unschedulablePod())).toEqual({ cpuMillis: 2100, memoryBytes: 2 * GiB + 64 * 2 ** 20 });
  });

  it('takes the init-container peak when it is larger, counts sidecars and adds pod overhead', () => {
    const spec: V1PodSpec = {
      initContainers: [
        { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } },
        { name: 'migrate', resources: { requests: { cpu: '3', memory: '1Gi' } } },
      ],
      containers: [{ name: 'app', resources: { requests: { cpu: '500m', memory: '2Gi' } } }],
      overhead: { cpu: '50m', memory: '10Mi' },
    };
    // init peak: 100m + 3000m = 3100m; app: 500m + 100m sidecar = 600m → 3100m + 50m overhead.
    expect(podRequests(spec)).toEqual({ cpuMillis: 3150, memoryBytes: 2 * GiB + 10 * 2 ** 20 });
  });
});

function cluster() {
  const nodes = [
    node('kwok-node-0'),
    node('kwok-node-1'),
    node('kind-control-plane', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
  ];
  const pods = new Map([
    [
      'kwok-node-0',
      [
        workloadPod('api-7d9f-abcde', 'kwok-node-0', { cpu: '2', memory: '4Gi' }),
        workloadPod('worker-5c8b-fghij', 'kwok-node-0', { cpu: '550m', memory: '1Gi' }),
        workloadPod('batch-done-xyz12', 'kwok-node-0', { cpu: '3' }, 'Succeeded'),
      ],
    ],
    ['kwok-node-1', [workloadPod('db-0', 'kwok-node-1', { cpu: '3', memory: '8Gi' })]],
  ]);
  return nodeHeadroom(nodes, pods);
}

describe('nodeHeadroom', () => {
  it('subtracts the requests of non-terminal pods from allocatable', () => {
    const h = cluster();
    const n0 = h.find((x) => x.node === 'kwok-node-0')!;
    expect(n0.free.cpuMillis).toBe(1450);
    expect(n0.free.memoryBytes).toBe(11 * GiB);
    expect(n0.podCount).toBe(2);
    expect(h.find((x) => x.node === 'kind-control-plane')!.inspected).toBe(false);
  });
});

describe('fitReport', () => {
  it('says how short the largest free node is and what to lower, with real numbers', () => {
    const buildkitOnly: V1PodSpec = { containers: [{ name: 'buildkit', resources: { requests: { cpu: '2000m', memory: '2Gi' } } }] };
    const r = fitReport(buildkitOnly, cluster());
    expect(r.fits).toBe(false);
    expect(r.final).toBe(false);
    expect(r.summary).toBe(
      'largest free node (kwok-node-0) has 1450m CPU; BuildKit requests 2000m; short by 550m: lower buildkit.resources.requests.cpu in custom-values.yaml (to 1450m or less) or add a node.',
    );
    expect(r.evidence).toContain('excluded kind-control-plane: taint node-role.kubernetes.io/control-plane:NoSchedule not tolerated');
  });

  it('counts the whole pod (pro-builder too) for the chart pod', () => {
    const r = fitReport(unschedulablePod(), cluster());
    expect(r.summary).toContain('the pod requests 2100m (BuildKit 2000m); short by 650m');
    expect(r.summary).toContain('(to 1350m or less)');
  });

  it('marks the cause final when no eligible node could fit the pod even empty', () => {
    const small = nodeHeadroom([node('edge-0', { cpu: '1', memory: '2Gi' })], new Map([['edge-0', []]]));
    const r = fitReport(deployment().spec!.template.spec!, small);
    expect(r.fits).toBe(false);
    expect(r.final).toBe(true);
    expect(r.summary).toContain('no node is big enough even when empty');
  });

  it('finds a fit, and excludes cordoned nodes and mismatched nodeSelectors', () => {
    const nodes = [
      node('big-0', { cpu: '8', unschedulable: true }),
      node('big-1', { cpu: '8', labels: { pool: 'general' } }),
      node('big-2', { cpu: '8', labels: { pool: 'builders' } }),
    ];
    const h = nodeHeadroom(
      nodes,
      new Map([
        ['big-1', []],
        ['big-2', []],
      ]),
    );
    const spec = { ...deployment().spec!.template.spec!, nodeSelector: { pool: 'builders' } };
    const r = fitReport(spec, h);
    expect(r.fits).toBe(true);
    expect(r.summary).toContain('big-2');
    expect(r.evidence).toContain('excluded big-0: cordoned');
    expect(r.evidence).toContain('excluded big-1: nodeSelector pool=builders does not match');
  });

  it('is final when every node is excluded', () => {
    const h = nodeHeadroom(
      [node('tainted', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] })],
      new Map([['tainted', []]]),
    );
    const r = fitReport(deployment().spec!.template.spec!, h);
    expect(r).toMatchObject({ fits: false, final: true });
    expect(r.evidence).toContain('excluded tainted: taint dedicated=gpu:NoSchedule not tolerated');
  });

  it('honours tolerations', () => {
    const h = nodeHeadroom(
      [node('tainted', { taints: [{ key: 'dedicated', value: 'builders', effect: 'NoSchedule' }] })],
      new Map([['tainted', []]]),
    );
    const spec = {
      ...deployment().spec!.template.spec!,
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'builders', effect: 'NoSchedule' }],
    };
    expect(fitReport(spec, h).fits).toBe(true);
  });
});
