import { describe, expect, it } from 'vitest';
import { runChecks } from '../runner.js';
import { NS, POD, RS, deployment, event, pod, waiting, BUILDKIT_IMAGE, PRO_BUILDER_IMAGE } from '../testing/fixtures.js';
import { healthyScenario } from '../testing/scenario.js';
import { warningEvents } from './events.js';

async function stuckOnMount() {
  const s = await healthyScenario();
  s.kube.deployments.set(`${NS}/pro-builder`, deployment({ available: 0 }));
  s.kube.pods = [
    pod({
      scheduledMinutesAgo: 12,
      containerStatuses: [
        waiting('buildkit', BUILDKIT_IMAGE, 'ContainerCreating'),
        waiting('pro-builder', PRO_BUILDER_IMAGE, 'ContainerCreating'),
      ],
    }),
  ];
  s.kube.events.push(
    event({
      reason: 'FailedMount',
      count: 12,
      minutesAgo: 1,
      message: 'MountVolume.SetUp failed for volume "registry-secret" : secret "registry-secret" not found',
    }),
    // Before the last deploy (11:40): a previous revision's problem.
    event({
      reason: 'FailedMount',
      minutesAgo: 45,
      message: 'MountVolume.SetUp failed for volume "payload-secret" : secret "payload-secret" not found',
    }),
    // Another app's pod in the same namespace.
    event({
      name: 'gateway-7f9c-abcde',
      reason: 'BackOff',
      message: 'Back-off restarting failed container gateway in pod gateway-7f9c-abcde_openfaas(1)',
    }),
    // The release's ReplicaSet, through the name pattern.
    event({
      kind: 'ReplicaSet',
      name: RS,
      reason: 'FailedCreate',
      component: 'replicaset-controller',
      message: `Error creating: pods "${RS}-" is forbidden: exceeded quota: compute, requested: requests.cpu=2100m, used: requests.cpu=3, limited: requests.cpu=4`,
    }),
    // A Normal event is not a warning.
    event({ reason: 'Scheduled', type: 'Normal', message: `Successfully assigned openfaas/${POD} to kwok-node-0` }),
    // Unclassified.
    event({ reason: 'FailedSync', message: 'error determining status: rpc error: code = Unknown' }),
  );
  return s;
}

describe('events.warnings', () => {
  it("maps the release objects' warnings since the last deploy to causes with fixes", async () => {
    const s = await stuckOnMount();
    const outcomes = await runChecks([warningEvents], s.ctx());
    const byId = Object.fromEntries(outcomes.map((o) => [o.id, o]));
    expect(Object.keys(byId).sort()).toEqual([
      'events.warnings/missing-secret:registry-secret',
      'events.warnings/other',
      'events.warnings/quota-exceeded',
    ]);
    expect(byId['events.warnings/missing-secret:registry-secret']).toMatchObject({
      status: 'fail',
      fix: 'kubectl create secret generic registry-secret --from-file config.json=./config.json -n openfaas',
    });
    expect(byId['events.warnings/missing-secret:registry-secret']!.evidence[0]).toContain('FailedMount: 12 times, last 60s ago');
    expect(byId['events.warnings/other']).toMatchObject({ status: 'warn' });
  });

  it("asks the API server only for the release objects' warnings", async () => {
    const s = await stuckOnMount();
    // Thousands of unrelated events must not be fetched.
    for (let i = 0; i < 3000; i++)
      s.kube.events.push(
        event({
          name: `fn-${i}-5d9c8-abcde`,
          reason: 'Unhealthy',
          message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
        }),
      );
    await runChecks([warningEvents], s.ctx());
    const lists = s.kube.listCalls.filter((c) => c.method === 'listEvents');
    expect(lists.map((c) => c.opts.fieldSelector).sort()).toEqual([
      'involvedObject.kind=Deployment,involvedObject.name=pro-builder,type=Warning',
      `involvedObject.kind=Pod,involvedObject.name=${POD},type=Warning`,
      `involvedObject.kind=ReplicaSet,involvedObject.name=${RS},type=Warning`,
    ]);
    for (const c of lists) expect(c.opts.max).toBeLessThanOrEqual(200);
  });

  it("finds the release ReplicaSet's FailedCreate behind 250 other ReplicaSets' warnings (no pods, name from the Deployment)", async () => {
    const s = await healthyScenario();
    s.kube.pods = [];
    // Listed first, as the API server lists by name: more than one capped list can hold.
    for (let i = 0; i < 250; i++)
      s.kube.events.push(
        event({
          kind: 'ReplicaSet',
          name: `figlet-${i}-7d9c8`,
          reason: 'FailedCreate',
          message: 'Error creating: pods "figlet-" is forbidden: exceeded quota: compute',
        }),
      );
    s.kube.events.push(
      event({
        kind: 'ReplicaSet',
        name: RS,
        reason: 'FailedCreate',
        message: `Error creating: pods "${RS}-" is forbidden: error looking up service account openfaas/pro-builder-ecr: serviceaccount "pro-builder-ecr" not found`,
      }),
    );
    s.kube.deployments.set(`${NS}/pro-builder`, deployment({ available: 0 }));
    const outcomes = await runChecks([warningEvents], s.ctx());
    expect(outcomes.map((o) => o.id)).toEqual(['events.warnings/missing-service-account:pro-builder-ecr']);
  });

  it('falls back to all ReplicaSet warnings, filtered by name, when no ReplicaSet name is known', async () => {
    const s = await healthyScenario();
    s.kube.pods = [];
    s.kube.deployments.set(`${NS}/pro-builder`, deployment({ available: 0, conditions: [] }));
    s.kube.events.push(
      event({
        kind: 'ReplicaSet',
        name: RS,
        reason: 'FailedCreate',
        message: `Error creating: pods "${RS}-" is forbidden: exceeded quota: compute, requested: requests.cpu=2100m`,
      }),
    );
    s.kube.events.push(
      event({
        kind: 'ReplicaSet',
        name: 'gateway-7f9c8d',
        reason: 'FailedCreate',
        message: 'Error creating: pods "gateway-7f9c8d-" is forbidden: exceeded quota: compute',
      }),
    );
    const outcomes = await runChecks([warningEvents], s.ctx());
    expect(s.kube.listCalls.filter((c) => c.method === 'listEvents').map((c) => c.opts.fieldSelector)).toContain(
      'involvedObject.kind=ReplicaSet,type=Warning',
    );
    expect(outcomes.map((o) => [o.id, o.evidence[0]?.split(' on ')[1]])).toEqual([['events.warnings/quota-exceeded', `ReplicaSet/${RS}`]]);
  });

  it('downgrades causes to history once the Deployment is available again', async () => {
    const s = await stuckOnMount();
    s.kube.deployments.set(`${NS}/pro-builder`, deployment());
    const outcomes = await runChecks([warningEvents], s.ctx());
    const mount = outcomes.find((o) => o.id.includes('registry-secret'))!;
    expect(mount.status).toBe('warn');
    expect(mount.summary).toContain('earlier: the Deployment is available now');
    expect(mount.fix).toBeUndefined();
  });

  it('passes with no warnings', async () => {
    const s = await healthyScenario();
    const [o] = await runChecks([warningEvents], s.ctx());
    expect(o).toMatchObject({ status: 'pass', summary: 'No warning events for the pro-builder since the last deploy 20m ago.' });
  });
});
