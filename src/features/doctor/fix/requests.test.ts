import type { V1PodSpec } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { NodeHeadroom } from '../headroom.js';
import { smallerRequests } from './requests.js';

const GI = 1024 ** 3;
const MI = 1024 ** 2;

function node(name: string, freeCpu: number, freeMem: number, over: Partial<NodeHeadroom> = {}): NodeHeadroom {
  return {
    node: name,
    ready: true,
    unschedulable: false,
    taints: [],
    labels: {},
    podCount: 1,
    maxPods: 110,
    inspected: true,
    allocatable: { cpuMillis: 4000, memoryBytes: 8 * GI },
    requested: { cpuMillis: 0, memoryBytes: 0 },
    free: { cpuMillis: freeCpu, memoryBytes: freeMem },
    ...over,
  };
}

function spec(cpu: string, memory: string): V1PodSpec {
  return {
    containers: [
      { name: 'pro-builder', resources: { requests: { cpu: '50m', memory: '64Mi' } } },
      { name: 'buildkit', resources: { requests: { cpu, memory } } },
    ],
  };
}

describe('smallerRequests', () => {
  it.each([
    [
      'CPU short on the largest node: only CPU is lowered',
      spec('2', '1Gi'),
      [node('a', 1500, 4 * GI), node('b', 800, 4 * GI)],
      { cpu: { from: '2000m', to: '1450m' }, memory: undefined },
    ],
    [
      'memory short: only memory is lowered, to whole Mi',
      spec('500m', '2Gi'),
      [node('a', 2000, 1 * GI + 64 * MI + 300)],
      { cpu: undefined, memory: { from: '2Gi', to: '1024Mi' } },
    ],
    [
      'both short on one node',
      spec('2', '2Gi'),
      [node('a', 1050, 1 * GI)],
      { cpu: { from: '2000m', to: '1000m' }, memory: { from: '2Gi', to: '960Mi' } },
    ],
    ['it already fits: nothing to lower', spec('500m', '512Mi'), [node('a', 1000, 2 * GI)], undefined],
    ['only a tiny node: no usable figure', spec('2', '2Gi'), [node('a', 80, 2 * GI)], undefined],
    ['a cordoned node does not count', spec('2', '1Gi'), [node('a', 1500, 4 * GI, { unschedulable: true })], undefined],
  ] as const)('%s', (_name, s, nodes, expected) => {
    expect(smallerRequests(s, nodes)).toEqual(expected);
  });
});
