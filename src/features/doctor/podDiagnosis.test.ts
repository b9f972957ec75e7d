import { describe, expect, it } from 'vitest';
import { diagnosePod } from './podDiagnosis.js';
import {
  BUILDKIT_IMAGE,
  NOW,
  PRO_BUILDER_IMAGE,
  crashLooping,
  event,
  pod,
  running,
  unschedulablePod,
  waiting,
  type PodOptions,
} from './testing/fixtures.js';

const opts = { now: NOW, stuckAfterMs: 5 * 60_000 };

type ContainerStatus = NonNullable<PodOptions['containerStatuses']>[number];

/** diagnosePod of the pod whose buildkit and pro-builder containers are in these states. */
function diagnoseContainers(buildkit: ContainerStatus, proBuilder: ContainerStatus) {
  return diagnosePod(pod({ containerStatuses: [buildkit, proBuilder] }), opts);
}

/** A pod scheduled that many minutes ago whose two containers are still being created. */
function creatingPod(scheduledMinutesAgo: number) {
  return pod({
    scheduledMinutesAgo,
    containerStatuses: [
      waiting('buildkit', BUILDKIT_IMAGE, 'ContainerCreating'),
      waiting('pro-builder', PRO_BUILDER_IMAGE, 'ContainerCreating'),
    ],
  });
}

describe('diagnosePod', () => {
  it('passes a running pod with all containers ready', () => {
    const r = diagnosePod(pod(), opts);
    expect(r).toMatchObject({ status: 'pass', item: 'pro-builder-6c7d9f8b5d-x7k2p', summary: 'Running, 2/2 containers ready.' });
  });

  it('reports CrashLoopBackOff with restart count and last termination', () => {
    const r = diagnoseContainers(
      crashLooping('buildkit', BUILDKIT_IMAGE, 7, { reason: 'Error', exitCode: 1 }),
      running('pro-builder', PRO_BUILDER_IMAGE),
    );
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('container buildkit is crash-looping: 7 restarts, last exit: Error (exit code 1).');
    expect(r.hint).toContain("buildkit's last lines");
  });

  it('says OOMKilled means memory', () => {
    const r = diagnoseContainers(
      crashLooping('buildkit', BUILDKIT_IMAGE, 3, { reason: 'OOMKilled', exitCode: 137 }),
      running('pro-builder', PRO_BUILDER_IMAGE),
    );
    expect(r.hint).toContain('memory');
  });

  it('names the image that cannot be pulled', () => {
    const image = 'ghcr.io/openfaasltd/pro-builder:0.5.1x';
    const r = diagnoseContainers(
      running('buildkit', BUILDKIT_IMAGE),
      waiting('pro-builder', image, 'ImagePullBackOff', `Back-off pulling image "${image}"`),
    );
    expect(r.status).toBe('fail');
    // The status carries the image as the container status reports it.
    expect(r.summary).toContain('image ghcr.io/openfaasltd/pro-builder:0.5.1 cannot be pulled (ImagePullBackOff)');
  });

  it('relates a stuck ContainerCreating to the FailedMount event that explains it', () => {
    const stuck = creatingPod(12);
    const events = [
      event({
        reason: 'FailedMount',
        count: 12,
        message: 'MountVolume.SetUp failed for volume "payload-secret" : secret "payload-secret" not found',
      }),
    ];
    const r = diagnosePod(stuck, { ...opts, events });
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('has been in ContainerCreating for 12m: The pod cannot start: secret payload-secret does not exist');
    expect(r.fix).toBe('probuilder-setup rotate signing-secret --namespace openfaas');
  });

  it('only warns about a pod that has just started creating containers', () => {
    const r = diagnosePod(creatingPod(1), opts);
    expect(r.status).toBe('warn');
    expect(r.summary).toContain('is starting (ContainerCreating for 60s)');
  });

  it('explains a Pending pod from the scheduler condition', () => {
    const r = diagnosePod(unschedulablePod(), opts);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('Pending and not scheduled: No node has enough free cpu');
    expect(r.evidence.some((e) => e.startsWith('scheduler: 0/3 nodes are available'))).toBe(true);
  });

  it('warns about a running container that is not ready', () => {
    const notReady = { ...running('pro-builder', PRO_BUILDER_IMAGE), ready: false };
    const r = diagnoseContainers(running('buildkit', BUILDKIT_IMAGE), notReady);
    expect(r).toMatchObject({ status: 'warn', summary: 'container pro-builder is running but not ready.' });
  });
});
