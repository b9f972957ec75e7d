import { eventually } from './eventually.js';
import { rawApis } from './testbed.js';

/**
 * What a kubelet reports for a pro-builder container that exited 6 times: waiting in CrashLoopBackOff, the last
 * exit in lastState, the pod not Ready (kwok's stages leave a Running pod alone). Re-read and retried on a
 * conflict: a controller may touch the pod in between.
 */
export async function markCrashLooping(namespace: string, name: string): Promise<void> {
  const { core } = rawApis();
  const at = new Date();
  await eventually(
    async () => {
      const pod = await core.readNamespacedPodStatus({ namespace, name });
      await core.replaceNamespacedPodStatus({
        namespace,
        name,
        body: {
          ...pod,
          status: {
            ...pod.status,
            conditions: pod.status!.conditions!.map((c) =>
              c.type === 'Ready' || c.type === 'ContainersReady'
                ? { ...c, status: 'False', reason: 'ContainersNotReady', lastTransitionTime: at }
                : c,
            ),
            containerStatuses: pod.status!.containerStatuses!.map((cs) =>
              cs.name !== 'pro-builder'
                ? cs
                : {
                    ...cs,
                    ready: false,
                    started: false,
                    restartCount: 6,
                    state: {
                      waiting: {
                        reason: 'CrashLoopBackOff',
                        message: `back-off 2m40s restarting failed container=pro-builder pod=${name}_${namespace}`,
                      },
                    },
                    lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at, finishedAt: at } },
                  },
            ),
          },
        },
      });
    },
    { timeoutMs: 10_000 },
  );
}
