import { describe, expect, it } from 'vitest';
import { classifyEvent, parseSchedulingReasons } from './eventCauses.js';
import { POD, RS, SCHEDULER_INSUFFICIENT_CPU, event, type EventOptions } from './testing/fixtures.js';

/** What classifyEvent makes of a Pod event with this reason and message (`o`: the rest of the event). */
function classify(reason: string, message: string, o: Partial<EventOptions> = {}) {
  return classifyEvent(event({ ...o, reason, message }));
}

/** The ReplicaSet controller's FailedCreate event with this message. */
function failedCreate(message: string) {
  return classify('FailedCreate', message, { kind: 'ReplicaSet', name: RS, component: 'replicaset-controller' });
}

describe('classifyEvent', () => {
  it('names the missing secret from a kubelet FailedMount event and gives the create command', () => {
    const cause = classify('FailedMount', 'MountVolume.SetUp failed for volume "registry-secret" : secret "registry-secret" not found', {
      count: 9,
    });
    expect(cause).toMatchObject({ code: 'missing-secret', severity: 'fail', secret: 'registry-secret', volume: 'registry-secret' });
    expect(cause?.fix).toBe('kubectl create secret generic registry-secret --from-file config.json=./config.json -n openfaas');
    expect(cause?.hint).toContain('probuilder-setup install --namespace openfaas');
  });

  it('points missing certificate secrets at the rotate command', () => {
    const cause = classify('FailedMount', 'MountVolume.SetUp failed for volume "daemon-certs" : secret "buildkit-daemon-certs" not found');
    expect(cause?.secret).toBe('buildkit-daemon-certs');
    expect(cause?.fix).toBe('probuilder-setup rotate certs --namespace openfaas');
  });

  it('reports a volume timeout as a mount failure naming the volumes', () => {
    const cause = classify(
      'FailedMount',
      'Unable to attach or mount volumes: unmounted volumes=[payload-secret], unattached volumes=[license builder-workspace payload-secret]: timed out waiting for the condition',
    );
    expect(cause).toMatchObject({ code: 'mount-failed', volume: 'payload-secret' });
  });

  it('reads insufficient resources out of the scheduler message, ignoring the preemption clause', () => {
    const cause = classify('FailedScheduling', SCHEDULER_INSUFFICIENT_CPU, { newStyle: true });
    expect(cause).toMatchObject({ code: 'insufficient-resources', resources: ['cpu'] });
    expect(cause?.summary).toContain('2 Insufficient cpu');
    expect(cause?.summary).not.toContain('preemption');
  });

  it('recognises taints (old and new wording), node selectors and cordoned nodes', () => {
    const taint = classify(
      'FailedScheduling',
      '0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: builders}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
      { newStyle: true },
    );
    expect(taint).toMatchObject({ code: 'untolerated-taint', key: 'taint:dedicated: builders' });
    const oldTaint = classify(
      'FailedScheduling',
      "0/2 nodes are available: 2 node(s) had taint {dedicated: builders}, that the pod didn't tolerate.",
    );
    expect(oldTaint?.code).toBe('untolerated-taint');
    const selector = classify(
      'FailedScheduling',
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    expect(selector?.code).toBe('node-selector');
    const cordoned = classify('FailedScheduling', '0/1 nodes are available: 1 node(s) were unschedulable.');
    expect(cordoned?.code).toBe('nodes-unschedulable');
  });

  it('names the missing service account from the ReplicaSet controller FailedCreate', () => {
    const cause = failedCreate(
      `Error creating: pods "${RS}-" is forbidden: error looking up service account openfaas/pro-builder-ecr: serviceaccount "pro-builder-ecr" not found`,
    );
    expect(cause).toMatchObject({
      code: 'missing-service-account',
      serviceAccount: 'pro-builder-ecr',
      fix: 'kubectl create serviceaccount pro-builder-ecr -n openfaas',
    });
  });

  it('explains a Pod Security rejection and says the namespace needs the privileged level', () => {
    const cause = failedCreate(
      `Error creating: pods "${RS}-8xq2w" is forbidden: violates PodSecurity "baseline:latest": seccompProfile (container "buildkit" must not set securityContext.seccompProfile.type to "Unconfined")`,
    );
    expect(cause).toMatchObject({ code: 'pod-security', level: 'baseline' });
    expect(cause?.fix).toBe('kubectl label namespace openfaas pod-security.kubernetes.io/enforce=privileged --overwrite');
    expect(cause?.hint).toMatch(/rootless mode sets seccompProfile Unconfined, which baseline also refuses/);
  });

  it('reads a readiness 429 as the maxInflight limit reached, not a broken pod', () => {
    const cause = classify('Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 429');
    expect(cause).toMatchObject({ code: 'max-inflight', severity: 'warn' });
    expect(cause?.hint).toContain('proBuilder.maxInflight');
    expect(classify('Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503')?.code).toBe('probe-failed');
    expect(classify('Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 429')?.code).toBe('probe-failed');
  });

  it('recognises the Docker Hub rate limit pulling BuildKit (toomanyrequests) and names the image', () => {
    const message =
      'Failed to pull image "moby/buildkit:v0.23.2-rootless": failed to pull and unpack image "docker.io/moby/buildkit:v0.23.2-rootless": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/moby/buildkit/manifests/sha256:0c2e5a7b1d9f3e8a4b6c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a: 429 Too Many Requests - Server message: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit';
    const cause = classify('Failed', message);
    expect(cause).toMatchObject({ code: 'pull-rate-limit', severity: 'fail', image: 'moby/buildkit:v0.23.2-rootless' });
    expect(cause?.hint).toContain('buildkit.image');
    expect(
      classify('Failed', 'Failed to pull image "moby/buildkit:nope": rpc error: code = NotFound desc = failed to pull and unpack image')
        ?.code,
    ).toBe('image-pull');
  });

  it('explains an ephemeral-storage eviction and names the container', () => {
    const cause = classify(
      'Evicted',
      'The node was low on resource: ephemeral-storage. Threshold quantity: 1844136800, available: 1727456Ki. Container buildkit was using 14836284Ki, request is 0, has larger consumption of ephemeral-storage. ',
    );
    expect(cause).toMatchObject({ code: 'ephemeral-storage', severity: 'fail', container: 'buildkit' });
    expect(cause?.hint).toContain('prune');
    expect(classify('Evicted', 'Container buildkit exceeded its local ephemeral storage limit "2Gi". ')).toMatchObject({
      code: 'ephemeral-storage',
      container: 'buildkit',
    });
    expect(classify('Evicted', 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 90Mi. ')).toBeUndefined();
  });

  it('maps kubelet back-off, image pull and probe events', () => {
    expect(
      classify('BackOff', `Back-off restarting failed container buildkit in pod ${POD}_openfaas(8d1e2f3a-4b5c-6d7e-8f9a-0b1c2d3e4f5a)`),
    ).toMatchObject({ code: 'crash-backoff', container: 'buildkit', severity: 'warn' });
    expect(classify('BackOff', 'Back-off pulling image "ghcr.io/openfaasltd/pro-builder:0.5.1x"')).toMatchObject({
      code: 'image-pull',
      image: 'ghcr.io/openfaasltd/pro-builder:0.5.1x',
    });
    expect(
      classify(
        'Failed',
        'Failed to pull image "moby/buildkit:v0.99": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/moby/buildkit:v0.99": not found',
      )?.image,
    ).toBe('moby/buildkit:v0.99');
    expect(
      classify(
        'Unhealthy',
        'Readiness probe failed: Get "http://10.244.1.17:8080/ready": dial tcp 10.244.1.17:8080: connect: connection refused',
      ),
    ).toMatchObject({ code: 'probe-failed', key: 'probe-failed:readiness' });
  });

  it('leaves unknown events unclassified', () => {
    expect(classify('FailedSync', 'error determining status: rpc error')).toBeUndefined();
    expect(classify('FailedCreate', 'Error creating: Internal error occurred: failed calling webhook')).toBeUndefined();
  });
});

describe('parseSchedulingReasons', () => {
  it('splits reasons without breaking taint text that contains commas', () => {
    const r = parseSchedulingReasons(
      "0/4 nodes are available: 1 Insufficient cpu, 1 node(s) had taint {virtual-kubelet.io/provider: x}, that the pod didn't tolerate, 2 node(s) didn't match Pod's node affinity/selector. preemption: not eligible due to preemptionPolicy=Never.",
    );
    expect(r.total).toBe(4);
    expect(r.reasons).toEqual([
      { count: 1, text: 'Insufficient cpu' },
      { count: 1, text: "node(s) had taint {virtual-kubelet.io/provider: x}, that the pod didn't tolerate" },
      { count: 2, text: "node(s) didn't match Pod's node affinity/selector" },
    ]);
  });
});
