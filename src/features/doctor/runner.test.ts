import { describe, expect, it } from 'vitest';
import { ActionableError } from '../../platform/errors.js';
import { HelmError } from '../../platform/helm/helm.js';
import { ApiException } from '@kubernetes/client-node';
import { KubeError, toKubeError } from '../../platform/kube/errors.js';
import { ALL_CHECKS } from './checks/index.js';
import type { DoctorContext } from './context.js';
import { exitCodeFor, missingPermission, resultForError, runChecks, type CheckState } from './runner.js';
import { healthyScenario } from './testing/scenario.js';
import type { Check, CheckResult } from './types.js';

const ctxStub = {} as DoctorContext;

function check(id: string, run: Check['run'], needs?: string[]): Check {
  return { id, category: 'Cluster', description: id, needs, run };
}

describe('runChecks', () => {
  it('turns a forbidden read into a skip that names the missing permission, never a pass', async () => {
    const s = await healthyScenario();
    s.kube.denied.add('get secrets');
    const outcomes = await runChecks(ALL_CHECKS, s.ctx());
    const payload = outcomes.find((o) => o.id === 'secrets.payload')!;
    expect(payload).toMatchObject({
      status: 'skipped',
      skipReason: 'forbidden',
      summary: 'Could not check: needs get on secrets in namespace openfaas.',
    });
    expect(payload.hint).toContain('Ask a cluster admin');
    expect(outcomes.filter((o) => o.category === 'Secrets' && o.status === 'pass')).toEqual([]);
    expect(outcomes.find((o) => o.id === 'permissions.access')).toMatchObject({ status: 'warn' });
    expect(exitCodeFor(outcomes)).toBe(4);
  });

  it('skips everything that needs the cluster when it is unreachable', async () => {
    const s = await healthyScenario();
    s.kube.unreachable = true;
    const outcomes = await runChecks(ALL_CHECKS, s.ctx());
    const reachable = outcomes.find((o) => o.id === 'cluster.reachable')!;
    expect(reachable.status).toBe('fail');
    expect(reachable.summary).toBe('Cannot reach the cluster at https://127.0.0.1:6443 (ECONNREFUSED).');
    const rest = outcomes.filter((o) => o.id !== 'cluster.reachable' && o.id !== 'cluster.context');
    expect(rest.length).toBeGreaterThan(15);
    for (const o of rest) expect(o, o.id).toMatchObject({ status: 'skipped', skipReason: 'dependency' });
    // Skipped without being run: no further API calls after the version probe.
    expect(Object.keys(s.kube.calls)).toEqual(['serverVersion']);
    expect(exitCodeFor(outcomes)).toBe(3);
  });

  it('skips namespace-scoped checks when the namespace is absent', async () => {
    const s = await healthyScenario();
    s.kube.namespaces.clear();
    const outcomes = await runChecks(ALL_CHECKS, s.ctx());
    expect(outcomes.find((o) => o.id === 'cluster.namespace')).toMatchObject({ status: 'fail', fix: 'kubectl create namespace openfaas' });
    expect(outcomes.find((o) => o.id === 'secrets.license')).toMatchObject({
      status: 'skipped',
      skipReason: 'dependency',
      summary: 'Not checked: "namespace exists" did not pass.',
    });
    expect(outcomes.find((o) => o.id === 'helm.release')?.status).toBe('pass');
  });

  it('runs checks concurrently and shares each cluster read', async () => {
    const s = await healthyScenario();
    s.kube.delayMs = 5;
    await runChecks(ALL_CHECKS, s.ctx(), { concurrency: 8 });
    expect(s.kube.maxInFlight).toBeGreaterThan(1);
    expect(s.kube.calls['serverVersion']).toBe(1);
    expect(s.kube.calls['getNamespace']).toBe(1);
    expect(s.kube.calls['getDeployment']).toBe(1);
    expect(s.kube.calls['canI']).toBe(1);
    // Five distinct secrets, each read once although several checks look at them.
    expect(s.kube.calls['getSecret']).toBe(5);
    const releasePodLists = s.kube.listCalls.filter((c) => c.method === 'listPods' && c.opts.labelSelector);
    expect(releasePodLists).toHaveLength(1);
    expect(releasePodLists[0]!.opts.labelSelector).toBe('app=pro-builder,component=pro-builder');
    expect(s.helm.calls.filter((a) => a[0] === 'status')).toHaveLength(1);
    expect(s.helm.calls.filter((a) => a[0] === 'get' && a[1] === 'values')).toHaveLength(1);
    expect(s.helm.calls.filter((a) => a[0] === 'get' && a[1] === 'metadata')).toHaveLength(1);
  });

  it('really overlaps checks: three checks that wait for each other all finish', async () => {
    let arrived = 0;
    let release!: () => void;
    const allThere = new Promise<void>((r) => (release = r));
    const meet: Check['run'] = async () => {
      if (++arrived === 3) release();
      await allThere;
      return { status: 'pass', summary: 'met', evidence: [] };
    };
    const outcomes = await runChecks([check('a', meet), check('b', meet), check('c', meet)], ctxStub, { concurrency: 3 });
    expect(outcomes.map((o) => o.status)).toEqual(['pass', 'pass', 'pass']);
  });

  it('never runs more than `concurrency` checks at once', async () => {
    let running = 0;
    let peak = 0;
    const slow: Check['run'] = async () => {
      peak = Math.max(peak, ++running);
      // A macrotask turn, not a sleep: every worker the runner started has begun before any ends.
      await new Promise((r) => setImmediate(r));
      running--;
      return { status: 'pass', summary: 'ok', evidence: [] };
    };
    await runChecks(
      Array.from({ length: 7 }, (_, i) => check(`c${i}`, slow)),
      ctxStub,
      { concurrency: 2 },
    );
    expect(peak).toBe(2);
  });

  it('turns a thrown error into a fail with its sentence', async () => {
    const outcomes = await runChecks(
      [
        check('plain', async () => {
          throw new Error('boom');
        }),
        check('helm', async () => {
          throw new HelmError(
            'helm status pro-builder failed in namespace openfaas.',
            'Check that helm can reach the cluster.',
            'Error: Kubernetes cluster unreachable\nmore',
            1,
          );
        }),
      ],
      ctxStub,
    );
    expect(outcomes[0]).toMatchObject({ status: 'fail', summary: 'The check could not finish: boom' });
    expect(outcomes[1]).toMatchObject({
      status: 'fail',
      summary: 'helm status pro-builder failed in namespace openfaas.',
      evidence: ['helm: Error: Kubernetes cluster unreachable'],
    });
  });

  it('propagates dependency skips along a chain, but a permission skip does not block', async () => {
    const fails = async (): Promise<CheckResult> => ({ status: 'fail', summary: 'no', evidence: [] });
    const ok = async (): Promise<CheckResult> => ({ status: 'pass', summary: 'ok', evidence: [] });
    const forbidden = async (): Promise<CheckResult> => ({ status: 'skipped', skipReason: 'forbidden', summary: 'needs x', evidence: [] });
    const outcomes = await runChecks(
      [
        check('a', fails),
        check('b', ok, ['a']),
        check('c', ok, ['b']),
        check('d', forbidden),
        check('e', ok, ['d']),
        check('f', ok, ['g']),
        check('g', ok),
      ],
      ctxStub,
    );
    const by = Object.fromEntries(outcomes.map((o) => [o.id, o]));
    expect(by['b']).toMatchObject({ status: 'skipped', skipReason: 'dependency' });
    expect(by['c']).toMatchObject({ status: 'skipped', skipReason: 'dependency' });
    expect(by['e']?.status).toBe('pass');
    expect(by['f']).toMatchObject({ status: 'fail', summary: 'Internal error: check f depends on g, which runs later.' });
  });

  it('gives per-item results stable ids and reports progress', async () => {
    const updates: [string, CheckState['state']][] = [];
    const outcomes = await runChecks(
      [
        check('nodes', async () => [
          { item: 'kwok-node-0', status: 'pass', summary: 'a', evidence: [] },
          { item: 'kwok-node-0', status: 'warn', summary: 'b', evidence: [] },
          { item: 'kwok-node-1', status: 'pass', summary: 'c', evidence: [] },
        ]),
        check('empty', async () => []),
      ],
      ctxStub,
      {
        onUpdate: (id, s) => {
          updates.push([id, s.state]);
          throw new Error('a broken view must not matter');
        },
      },
    );
    expect(outcomes.map((o) => o.id)).toEqual(['nodes/kwok-node-0', 'nodes/kwok-node-0#2', 'nodes/kwok-node-1', 'empty']);
    expect(outcomes[3]).toMatchObject({ status: 'skipped', skipReason: 'not-applicable' });
    expect(updates.filter(([id]) => id === 'nodes').map(([, s]) => s)).toEqual(['running', 'done']);
  });
});

describe('outcome ids', () => {
  it('an item named from the cluster (an image from an event) loses its format and control characters in the id', async () => {
    const outcomes = await runChecks(
      [
        check('events', async () => [
          { item: 'image-pull:ghcr.io/acme/tool\u202egnp.exe\u202c\x1b[2J', status: 'warn', summary: 'x', evidence: [] },
        ]),
      ],
      ctxStub,
    );
    expect(outcomes.map((o) => o.id)).toEqual(['events/image-pull:ghcr.io/acme/toolgnp.exe']);
  });
});

describe('exitCodeFor', () => {
  const r = (status: CheckResult['status'], skipReason?: CheckResult['skipReason']): CheckResult => ({
    status,
    skipReason,
    summary: '',
    evidence: [],
  });
  const cases: [string, CheckResult[], number][] = [
    ['passes and not-applicable skips', [r('pass'), r('skipped', 'not-applicable')], 0],
    ['nothing', [], 0],
    ['a warning', [r('pass'), r('warn')], 4],
    ['a permission skip (could not verify)', [r('pass'), r('skipped', 'forbidden')], 4],
    ['a failure, whatever else', [r('warn'), r('fail'), r('skipped', 'dependency')], 3],
  ];
  it.each(cases)('%s → exit code', (_name, results, code) => {
    expect(exitCodeFor(results)).toBe(code);
  });
});

describe('missingPermission', () => {
  it.each([
    [{ verb: 'get', resource: 'secret', namespace: 'openfaas', name: 'payload-secret' }, 'get on secrets in namespace openfaas'],
    [{ verb: 'list', resource: 'pods', namespace: 'openfaas' }, 'list on pods in namespace openfaas'],
    [{ verb: 'list', resource: 'nodes' }, 'list on nodes (cluster-wide)'],
    [
      { verb: 'get', resource: 'pods/log', namespace: 'openfaas', name: 'pro-builder-abc (container buildkit)' },
      'get on pods/log in namespace openfaas',
    ],
    [{ verb: 'get', resource: 'namespace', name: 'openfaas' }, 'get on namespaces (cluster-wide)'],
  ])('%o', (request, expected) => {
    expect(missingPermission(request)).toBe(expected);
  });

  it('reads the refused request from the KubeError, whatever its sentence says', () => {
    const forbidden = new ApiException(
      403,
      'x',
      JSON.stringify({ kind: 'Status', reason: 'Forbidden', message: 'secrets "payload-secret" is forbidden' }),
      {},
    );
    const e = toKubeError(forbidden, { verb: 'get', resource: 'secret', namespace: 'openfaas', name: 'payload-secret' });
    const reworded = new KubeError(e.reason, 'Der Zugriff wurde verweigert.', e.nextStep, e.status, { request: e.request });
    expect(resultForError(reworded)).toMatchObject({
      status: 'skipped',
      skipReason: 'forbidden',
      summary: 'Could not check: needs get on secrets in namespace openfaas.',
    });
  });
});

describe('resultForError', () => {
  it('an explained error fails the check with its own sentence and next step, uncut', () => {
    const e = new ActionableError(`${'The record is too large to read. '.repeat(8)}`.trim(), 'Delete it and run this again.');
    expect(resultForError(e)).toEqual({ status: 'fail', summary: e.message, evidence: [], hint: 'Delete it and run this again.' });
  });

  it('anything else (a bug) says the check could not finish, without a hint', () => {
    expect(resultForError(new TypeError('x is undefined'))).toEqual({
      status: 'fail',
      summary: 'The check could not finish: x is undefined',
      evidence: [],
    });
  });
});
