/**
 * Objects shaped as the API server returns them (JSON), run through client-node's own
 * deserializer so timestamps etc. have the exact runtime types the real client hands the doctor.
 */
import type { CoreV1Event, V1Deployment, V1Namespace, V1Node, V1Pod, V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';

export const NS = 'openfaas';
export const NOW = new Date('2025-03-14T12:00:00Z');
/** helm prints nanoseconds. */
export const DEPLOYED_AT = '2025-03-14T11:40:00.123456789Z';
export const RS = 'pro-builder-6c7d9f8b5d';
export const POD = `${RS}-x7k2p`;

const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString().replace('.000Z', 'Z');

function fromApi<T>(json: unknown, type: string): T {
  return ObjectSerializer.deserialize(json, type, '') as T;
}

let uidCounter = 0;
const uid = () => `0f3c${(++uidCounter).toString(16).padStart(4, '0')}-7a1b-4c2d-9e8f-1a2b3c4d5e6f`;

export function namespace(name = NS, labels: Record<string, string> = {}): V1Namespace {
  return fromApi(
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        uid: uid(),
        resourceVersion: '412',
        creationTimestamp: minutesAgo(600),
        labels: { 'kubernetes.io/metadata.name': name, ...labels },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    },
    'V1Namespace',
  );
}

export function secret(name: string, data: Record<string, string | Buffer>, type = 'Opaque'): V1Secret {
  return fromApi(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: NS, uid: uid(), resourceVersion: '5120', creationTimestamp: minutesAgo(30) },
      type,
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    },
    'V1Secret',
  );
}

export function serviceAccount(name: string, annotations: Record<string, string> = {}): V1ServiceAccount {
  return fromApi(
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: NS, uid: uid(), resourceVersion: '5300', creationTimestamp: minutesAgo(40), annotations },
    },
    'V1ServiceAccount',
  );
}

const LABELS = { app: 'pro-builder', component: 'pro-builder' };

function podSpec(
  o: { serviceAccount?: string; fsGroup?: number; buildkitCpu?: string; rootless?: boolean; env?: { name: string; value: string }[] } = {},
) {
  return {
    ...(o.fsGroup !== undefined ? { securityContext: { fsGroup: o.fsGroup } } : { securityContext: {} }),
    ...(o.serviceAccount
      ? { serviceAccountName: o.serviceAccount, serviceAccount: o.serviceAccount }
      : { serviceAccountName: 'default', serviceAccount: 'default' }),
    volumes: [
      { name: 'client-certs', secret: { secretName: 'buildkit-client-certs', defaultMode: 420 } },
      { name: 'daemon-certs', secret: { secretName: 'buildkit-daemon-certs', defaultMode: 420 } },
      { name: 'registry-secret', secret: { secretName: 'registry-secret', defaultMode: 420 } },
      { name: 'payload-secret', secret: { secretName: 'payload-secret', defaultMode: 420 } },
      { name: 'license', secret: { secretName: 'openfaas-license', defaultMode: 420 } },
      { name: 'builder-workspace', emptyDir: {} },
      { name: 'buildkit-workspace', emptyDir: {} },
    ],
    containers: [
      {
        name: 'pro-builder',
        image: 'ghcr.io/openfaasltd/pro-builder:0.5.1',
        args: [
          '-license-file=/var/secrets/license/license',
          '--tlscert=/var/secrets/certs/client.crt',
          '--tlskey=/var/secrets/certs/client.key',
          '--tlscacert=/var/secrets/certs/ca.crt',
        ],
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
        env: [
          { name: 'buildkit_server_name', value: '127.0.0.1' },
          { name: 'enable_lchown', value: 'false' },
          { name: 'insecure', value: 'false' },
          { name: 'buildkit_url', value: 'tcp://127.0.0.1:1234' },
          { name: 'disable_hmac', value: 'false' },
          { name: 'max_inflight', value: '0' },
          ...(o.env ?? []),
        ],
        resources: { requests: { cpu: '100m', memory: '64Mi' } },
        livenessProbe: {
          httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
          initialDelaySeconds: 2,
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 2,
        },
        readinessProbe: {
          httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' },
          initialDelaySeconds: 2,
          timeoutSeconds: 1,
          periodSeconds: 5,
          successThreshold: 1,
          failureThreshold: 1,
        },
        volumeMounts: [
          { name: 'registry-secret', readOnly: true, mountPath: '/home/app/.docker/' },
          { name: 'payload-secret', readOnly: true, mountPath: '/var/openfaas/secrets/' },
          { name: 'license', readOnly: true, mountPath: '/var/secrets/license' },
          { name: 'builder-workspace', mountPath: '/tmp/' },
          { name: 'client-certs', readOnly: true, mountPath: '/var/secrets/certs' },
        ],
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      },
      {
        name: 'buildkit',
        image: o.rootless === false ? 'moby/buildkit:v0.15.1' : 'moby/buildkit:v0.15.1-rootless',
        args: [
          '--addr=tcp://127.0.0.1:1234',
          '--tlscert=/var/secrets/certs/server.crt',
          '--tlskey=/var/secrets/certs/server.key',
          '--tlscacert=/var/secrets/certs/ca.crt',
          ...(o.rootless === false ? [] : ['--oci-worker-no-process-sandbox']),
        ],
        ports: [{ containerPort: 1234, protocol: 'TCP' }],
        resources: { requests: { cpu: o.buildkitCpu ?? '2000m', memory: '2Gi' } },
        securityContext:
          o.rootless === false
            ? { runAsUser: 0, runAsGroup: 0, privileged: true }
            : { seccompProfile: { type: 'Unconfined' }, runAsUser: 1000, runAsGroup: 1000, privileged: false },
        volumeMounts: [
          { name: 'daemon-certs', readOnly: true, mountPath: '/var/secrets/certs' },
          { name: 'buildkit-workspace', mountPath: '/tmp/' },
        ],
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
  };
}

export interface DeploymentOptions {
  replicas?: number;
  available?: number;
  serviceAccount?: string;
  fsGroup?: number;
  buildkitCpu?: string;
  rootless?: boolean;
  conditions?: Record<string, unknown>[];
}

export function deployment(o: DeploymentOptions = {}): V1Deployment {
  const replicas = o.replicas ?? 1;
  const available = o.available ?? replicas;
  const spec = podSpec(o);
  // Deployments carry no tolerations the API server adds to pods.
  const { tolerations: _t, serviceAccount: _sa, ...templateSpec } = spec;
  return fromApi(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'pro-builder',
        namespace: NS,
        uid: uid(),
        resourceVersion: '6021',
        generation: 1,
        creationTimestamp: minutesAgo(20),
        annotations: {
          'deployment.kubernetes.io/revision': '1',
          'meta.helm.sh/release-name': 'pro-builder',
          'meta.helm.sh/release-namespace': NS,
          'container.apparmor.security.beta.kubernetes.io/buildkitd': 'unconfined',
        },
        labels: {
          ...LABELS,
          chart: 'pro-builder-0.4.19',
          heritage: 'Helm',
          release: 'pro-builder',
          'app.kubernetes.io/managed-by': 'Helm',
        },
      },
      spec: {
        replicas,
        selector: { matchLabels: LABELS },
        template: {
          metadata: { labels: LABELS, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8081' } },
          spec: o.serviceAccount
            ? { ...templateSpec, serviceAccountName: o.serviceAccount }
            : { ...templateSpec, serviceAccountName: undefined },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
      status: {
        observedGeneration: 1,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: available,
        availableReplicas: available,
        ...(available < replicas ? { unavailableReplicas: replicas - available } : {}),
        conditions: o.conditions ?? [
          available >= replicas
            ? {
                type: 'Available',
                status: 'True',
                lastUpdateTime: minutesAgo(18),
                lastTransitionTime: minutesAgo(18),
                reason: 'MinimumReplicasAvailable',
                message: 'Deployment has minimum availability.',
              }
            : {
                type: 'Available',
                status: 'False',
                lastUpdateTime: minutesAgo(19),
                lastTransitionTime: minutesAgo(19),
                reason: 'MinimumReplicasUnavailable',
                message: 'Deployment does not have minimum availability.',
              },
          {
            type: 'Progressing',
            status: 'True',
            lastUpdateTime: minutesAgo(18),
            lastTransitionTime: minutesAgo(20),
            reason: 'ReplicaSetUpdated',
            message: `ReplicaSet "${RS}" is progressing.`,
          },
        ],
      },
    },
    'V1Deployment',
  );
}

type ContainerStatusJson = Record<string, unknown>;

export const running = (name: string, image: string, restartCount = 0, lastState: Record<string, unknown> = {}): ContainerStatusJson => ({
  name,
  state: { running: { startedAt: minutesAgo(17) } },
  lastState,
  ready: true,
  restartCount,
  image,
  imageID: `${image.split(':')[0]}@sha256:3d5c9c8e1b1c6f0a2f4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29`,
  containerID: `containerd://${name.length}f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3`,
  started: true,
});

export const crashLooping = (
  name: string,
  image: string,
  restarts: number,
  exit: { reason: string; exitCode: number },
): ContainerStatusJson => ({
  name,
  state: {
    waiting: {
      reason: 'CrashLoopBackOff',
      message: `back-off 5m0s restarting failed container=${name} pod=${POD}_${NS}(8d1e2f3a-4b5c-6d7e-8f9a-0b1c2d3e4f5a)`,
    },
  },
  lastState: {
    terminated: {
      exitCode: exit.exitCode,
      reason: exit.reason,
      startedAt: minutesAgo(3),
      finishedAt: minutesAgo(3),
      containerID: 'containerd://9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b',
    },
  },
  ready: false,
  restartCount: restarts,
  image,
  imageID: `${image.split(':')[0]}@sha256:3d5c9c8e1b1c6f0a2f4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29`,
  containerID: 'containerd://9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b',
  started: false,
});

export const waiting = (name: string, image: string, reason: string, message?: string): ContainerStatusJson => ({
  name,
  state: { waiting: { reason, ...(message ? { message } : {}) } },
  lastState: {},
  ready: false,
  restartCount: 0,
  image,
  imageID: '',
  started: false,
});

export const PRO_BUILDER_IMAGE = 'ghcr.io/openfaasltd/pro-builder:0.5.1';
export const BUILDKIT_IMAGE = 'moby/buildkit:v0.15.1-rootless';

export interface PodOptions {
  name?: string;
  phase?: 'Pending' | 'Running' | 'Failed' | 'Succeeded';
  nodeName?: string;
  containerStatuses?: ContainerStatusJson[];
  conditions?: Record<string, unknown>[];
  scheduledMinutesAgo?: number;
  serviceAccount?: string;
  env?: { name: string; value: string }[];
  fsGroup?: number;
}

export function pod(o: PodOptions = {}): V1Pod {
  const name = o.name ?? POD;
  const scheduledAgo = o.scheduledMinutesAgo ?? 17;
  const statuses = o.containerStatuses ?? [running('buildkit', BUILDKIT_IMAGE), running('pro-builder', PRO_BUILDER_IMAGE)];
  const allReady = statuses.every((s) => s['ready'] === true);
  const unscheduled = o.phase === 'Pending' && !o.nodeName;
  return fromApi(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: `${RS}-`,
        namespace: NS,
        uid: uid(),
        resourceVersion: '6100',
        creationTimestamp: minutesAgo(scheduledAgo),
        labels: { ...LABELS, 'pod-template-hash': RS.split('-').pop() },
        annotations: { 'prometheus.io/port': '8081', 'prometheus.io/scrape': 'true' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: RS, uid: uid(), controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        ...podSpec({ serviceAccount: o.serviceAccount, fsGroup: o.fsGroup, env: o.env }),
        ...(unscheduled ? {} : { nodeName: o.nodeName ?? 'kwok-node-0' }),
      },
      status: unscheduled
        ? {
            phase: 'Pending',
            conditions: o.conditions ?? [],
            qosClass: 'Burstable',
          }
        : {
            phase: o.phase ?? 'Running',
            conditions: o.conditions ?? [
              { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: minutesAgo(scheduledAgo) },
              { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: minutesAgo(scheduledAgo) },
              { type: 'Ready', status: allReady ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: minutesAgo(scheduledAgo) },
              {
                type: 'ContainersReady',
                status: allReady ? 'True' : 'False',
                lastProbeTime: null,
                lastTransitionTime: minutesAgo(scheduledAgo),
              },
              { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: minutesAgo(scheduledAgo) },
            ],
            hostIP: '10.244.0.2',
            hostIPs: [{ ip: '10.244.0.2' }],
            podIP: '10.244.1.17',
            podIPs: [{ ip: '10.244.1.17' }],
            startTime: minutesAgo(scheduledAgo),
            containerStatuses: statuses,
            qosClass: 'Burstable',
          },
    },
    'V1Pod',
  );
}

export const SCHEDULER_INSUFFICIENT_CPU =
  '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';

export function unschedulablePod(message = SCHEDULER_INSUFFICIENT_CPU): V1Pod {
  return pod({
    phase: 'Pending',
    conditions: [
      { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: minutesAgo(15), reason: 'Unschedulable', message },
    ],
  });
}

export interface EventOptions {
  kind?: 'Pod' | 'ReplicaSet' | 'Deployment';
  name?: string;
  reason: string;
  message: string;
  type?: 'Warning' | 'Normal';
  count?: number;
  minutesAgo?: number;
  /** Events written through events.k8s.io (scheduler) have eventTime and no lastTimestamp. */
  newStyle?: boolean;
  component?: string;
}

export function event(o: EventOptions): CoreV1Event {
  const name = o.name ?? POD;
  const kind = o.kind ?? 'Pod';
  const at = minutesAgo(o.minutesAgo ?? 5);
  const json = {
    metadata: {
      name: `${name}.${(++uidCounter).toString(16).padStart(16, '1')}`,
      namespace: NS,
      uid: uid(),
      resourceVersion: '7000',
      creationTimestamp: at,
    },
    involvedObject: { kind, namespace: NS, name, uid: uid(), apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1', resourceVersion: '6001' },
    reason: o.reason,
    message: o.message,
    type: o.type ?? 'Warning',
    ...(o.newStyle
      ? {
          source: {},
          firstTimestamp: null,
          lastTimestamp: null,
          eventTime: at.replace('Z', '.412345Z'),
          reportingComponent: o.component ?? 'default-scheduler',
          reportingInstance: `${o.component ?? 'default-scheduler'}-kind-control-plane`,
          action: 'Scheduling',
        }
      : {
          source: { component: o.component ?? 'kubelet', host: 'kwok-node-0' },
          firstTimestamp: minutesAgo((o.minutesAgo ?? 5) + 10),
          lastTimestamp: at,
          count: o.count ?? 1,
          eventTime: null,
          reportingComponent: o.component ?? 'kubelet',
          reportingInstance: 'kwok-node-0',
        }),
  };
  return fromApi(json, 'CoreV1Event');
}

export function node(
  name: string,
  o: {
    cpu?: string;
    memory?: string;
    ready?: boolean;
    unschedulable?: boolean;
    taints?: Record<string, unknown>[];
    labels?: Record<string, string>;
  } = {},
): V1Node {
  const cpu = o.cpu ?? '4';
  const memory = o.memory ?? '16Gi';
  return fromApi(
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        uid: uid(),
        resourceVersion: '900',
        creationTimestamp: minutesAgo(700),
        labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok', ...o.labels },
        annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
      },
      spec: { ...(o.unschedulable ? { unschedulable: true } : {}), ...(o.taints ? { taints: o.taints } : {}) },
      status: {
        capacity: { cpu, memory, pods: '110', 'ephemeral-storage': '100Gi' },
        allocatable: { cpu, memory, pods: '110', 'ephemeral-storage': '100Gi' },
        conditions: [
          {
            type: 'MemoryPressure',
            status: 'False',
            lastHeartbeatTime: minutesAgo(1),
            lastTransitionTime: minutesAgo(700),
            reason: 'KubeletHasSufficientMemory',
            message: 'kubelet has sufficient memory available',
          },
          {
            type: 'Ready',
            status: o.ready === false ? 'False' : 'True',
            lastHeartbeatTime: minutesAgo(1),
            lastTransitionTime: minutesAgo(700),
            reason: o.ready === false ? 'KubeletNotReady' : 'KubeletReady',
            message: o.ready === false ? 'container runtime network not ready' : 'kubelet is posting ready status',
          },
        ],
        nodeInfo: {
          machineID: '',
          systemUUID: '',
          bootID: '',
          kernelVersion: '6.8.0',
          osImage: 'kwok',
          containerRuntimeVersion: 'kwok',
          kubeletVersion: 'fake',
          kubeProxyVersion: 'fake',
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
        phase: 'Running',
      },
    },
    'V1Node',
  );
}

/** An unrelated workload pod bound to a node, requesting the given resources. */
export function workloadPod(
  name: string,
  nodeName: string,
  requests: { cpu?: string; memory?: string },
  phase: 'Running' | 'Succeeded' | 'Failed' = 'Running',
  namespace = 'default',
): V1Pod {
  return fromApi(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace,
        uid: uid(),
        resourceVersion: '800',
        creationTimestamp: minutesAgo(60),
        labels: { app: name.replace(/-[a-z0-9]+$/, '') },
      },
      spec: { nodeName, containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests } }], restartPolicy: 'Always' },
      status: { phase, startTime: minutesAgo(60) },
    },
    'V1Pod',
  );
}
