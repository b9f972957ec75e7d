import type { CoreV1Event } from '@kubernetes/client-node';
import { TOOL, privilegedNamespaceCommand, secretCreateCommand } from './commands.js';
import { truncate } from './result.js';
import { shellQuote } from '../../platform/shellQuote.js';

export type EventCauseCode =
  | 'missing-secret'
  | 'missing-secret-key'
  | 'mount-failed'
  | 'insufficient-resources'
  | 'untolerated-taint'
  | 'node-selector'
  | 'nodes-unschedulable'
  | 'no-nodes'
  | 'missing-service-account'
  | 'pod-security'
  | 'quota-exceeded'
  | 'image-pull'
  | 'crash-backoff'
  | 'probe-failed'
  | 'max-inflight'
  | 'pull-rate-limit'
  | 'ephemeral-storage';

export interface EventCause {
  code: EventCauseCode;
  severity: 'fail' | 'warn';
  /** Groups repeats of the same cause: code plus the object it names. */
  key: string;
  summary: string;
  hint: string;
  fix?: string;
  /** The names the message referred to, for evidence and for relating events to pods. */
  secret?: string;
  volume?: string;
  serviceAccount?: string;
  container?: string;
  image?: string;
  resources?: string[];
  /** Pod Security level that rejected the pod, e.g. "baseline". */
  level?: string;
}

/** The fields classification reads; a pod condition or Deployment condition can be passed as one too. */
export type EventLike = Pick<CoreV1Event, 'reason' | 'message'> & {
  involvedObject?: Partial<CoreV1Event['involvedObject']>;
  metadata?: CoreV1Event['metadata'];
};

function namespaceOf(e: EventLike): string {
  return e.involvedObject?.namespace ?? e.metadata?.namespace ?? 'openfaas';
}

const POD_SECURITY_HINT =
  'Both BuildKit modes need the "privileged" Pod Security level: root mode runs a privileged container (refused by baseline), ' +
  'and rootless mode sets seccompProfile Unconfined, which baseline also refuses (restricted additionally demands runAsNonRoot, ' +
  'dropped capabilities and RuntimeDefault seccomp). Label the namespace privileged, or install into a namespace without an enforce label.';

/** "0/3 nodes are available: 1 node(s) had untolerated taint {a: b}, 2 Insufficient cpu. preemption: …" */
export function parseSchedulingReasons(message: string): { total?: number; reasons: { count: number; text: string }[] } {
  const m = /(\d+)\/(\d+) nodes are available:\s*(.*)$/s.exec(message);
  if (!m) return { reasons: [] };
  // The preemption clause repeats counts for a second pass; only the first pass explains the failure.
  const body = m[3]!.split(/\.\s*preemption:/)[0]!.replace(/\.\s*$/, '');
  const reasons: { count: number; text: string }[] = [];
  // Reasons are ", "-separated, but taint text contains ", " too ("{k: v}, that the pod didn't tolerate").
  for (const part of body.split(/,\s*(?=\d+ )/)) {
    const r = /^(\d+)\s+(.*)$/s.exec(part.trim());
    if (r) reasons.push({ count: Number(r[1]), text: r[2]!.trim() });
  }
  return { total: Number(m[2]), reasons };
}

function classifyScheduling(e: EventLike, message: string): EventCause | undefined {
  const ns = namespaceOf(e);
  if (/no nodes available to schedule pods/i.test(message)) {
    return {
      code: 'no-nodes',
      severity: 'fail',
      key: 'no-nodes',
      summary: 'The cluster has no nodes to schedule the pod on.',
      hint: 'Add a node (or wait for the node group to scale up).',
    };
  }
  const { reasons } = parseSchedulingReasons(message);
  if (!reasons.length) return undefined;
  const insufficient = reasons
    .flatMap((r) => /^Insufficient (\S+)/.exec(r.text)?.[1] ?? (/Too many pods/i.test(r.text) ? 'pods' : []))
    .filter(Boolean);
  const breakdown = reasons.map((r) => `${r.count} ${r.text}`).join(', ');
  if (insufficient.length) {
    const resources = [...new Set(insufficient)];
    return {
      code: 'insufficient-resources',
      severity: 'fail',
      key: `insufficient:${resources.join('+')}`,
      summary: `No node has enough free ${resources.join(' and ')} for the pod (${breakdown}).`,
      hint: `Lower buildkit.resources.requests in custom-values.yaml and re-run ${TOOL} install --namespace ${ns}, or add a node; see "Node resources" for the numbers.`,
      resources,
    };
  }
  const taint = reasons.find((r) => /taint/i.test(r.text));
  if (taint) {
    const which = /\{([^}]*)\}/.exec(taint.text)?.[1];
    return {
      code: 'untolerated-taint',
      severity: 'fail',
      key: `taint:${which ?? ''}`,
      summary: `The pod does not tolerate the nodes' taints (${breakdown}).`,
      hint: `Add a matching entry under tolerations in custom-values.yaml${which ? ` for taint {${which}}` : ''}, or schedule onto untainted nodes.`,
    };
  }
  if (reasons.some((r) => /node affinity\/selector|didn't match node selector|didn't match Pod's node affinity/i.test(r.text))) {
    return {
      code: 'node-selector',
      severity: 'fail',
      key: 'node-selector',
      summary: `No node matches the pod's nodeSelector/affinity (${breakdown}).`,
      // No pro-builder chart renders affinity (every one renders nodeSelector), so only nodeSelector can be the cause or the fix.
      hint: 'Fix nodeSelector in custom-values.yaml (the chart does not render affinity), or label a node to match (kubectl label node <node> key=value).',
    };
  }
  if (reasons.some((r) => /were unschedulable/i.test(r.text))) {
    return {
      code: 'nodes-unschedulable',
      severity: 'fail',
      key: 'nodes-unschedulable',
      summary: `The only candidate nodes are cordoned (${breakdown}).`,
      hint: 'Uncordon a node (kubectl uncordon <node>) or add one.',
    };
  }
  return undefined;
}

/**
 * Maps a Warning event to a known cause with a fix, from the message formats of the kubelet
 * (FailedMount, BackOff, Failed, Unhealthy), the scheduler (FailedScheduling) and the ReplicaSet
 * controller (FailedCreate, which carries admission refusals). Unknown events give undefined.
 */
export function classifyEvent(e: EventLike): EventCause | undefined {
  const reason = e.reason ?? '';
  const message = e.message ?? '';
  const ns = namespaceOf(e);

  if (reason === 'FailedMount' || reason === 'FailedAttachVolume' || /MountVolume\.SetUp failed/.test(message)) {
    const missing = /secret "([^"]+)" not found/.exec(message);
    const volume = /for volume "([^"]+)"/.exec(message)?.[1];
    if (missing) {
      const secret = missing[1]!;
      return {
        code: 'missing-secret',
        severity: 'fail',
        key: `missing-secret:${secret}`,
        summary: `The pod cannot start: secret ${secret} does not exist in namespace ${ns}.`,
        hint: `Create it (the install wizard does: ${TOOL} install --namespace ${ns}); the pod starts by itself once it exists.`,
        fix: secretCreateCommand(secret, ns),
        secret,
        volume,
      };
    }
    const missingKey = /references non-existent secret key: (\S+)/.exec(message);
    if (missingKey) {
      return {
        code: 'missing-secret-key',
        severity: 'fail',
        key: `missing-secret-key:${volume ?? ''}:${missingKey[1]}`,
        summary: `Volume ${volume ?? '(unknown)'} needs key ${missingKey[1]}, which its secret does not have.`,
        hint: 'Recreate the secret with that key name (the file name given to --from-file becomes the key).',
        volume,
      };
    }
    const unmounted = /unmounted volumes=\[([^\]]*)\]/.exec(message)?.[1];
    return {
      code: 'mount-failed',
      severity: 'fail',
      key: `mount-failed:${volume ?? unmounted ?? ''}`,
      summary: `Volumes could not be mounted${volume ? ` (${volume})` : unmounted ? ` (${unmounted})` : ''}: ${truncate(message, 160)}`,
      hint: 'A secret the pod mounts is missing or unreadable; see the Secrets checks.',
      volume: volume ?? unmounted,
    };
  }

  if (reason === 'FailedScheduling') return classifyScheduling(e, message);

  if (reason === 'FailedCreate' || /^Error creating: /.test(message)) {
    const sa = /serviceaccount "([^"]+)" not found/.exec(message);
    if (sa) {
      const name = sa[1]!;
      return {
        code: 'missing-service-account',
        severity: 'fail',
        key: `missing-service-account:${name}`,
        summary: `Pods cannot be created: service account ${name} does not exist in namespace ${ns}.`,
        hint: `values.serviceAccount names ${name}. Create it with the IAM role annotation (eksctl create iamserviceaccount, or kubectl), or clear serviceAccount in custom-values.yaml.`,
        fix: `kubectl create serviceaccount ${shellQuote(name)} -n ${shellQuote(ns)}`,
        serviceAccount: name,
      };
    }
    const psa = /violates PodSecurity "([a-z]+)(?::[^"]*)?": (.*)$/s.exec(message);
    if (psa) {
      const level = psa[1]!;
      return {
        code: 'pod-security',
        severity: 'fail',
        key: `pod-security:${level}`,
        summary: `Namespace ${ns} enforces Pod Security "${level}", which refuses the BuildKit pod: ${truncate(psa[2]!, 200)}`,
        hint: POD_SECURITY_HINT,
        fix: privilegedNamespaceCommand(ns),
        level,
      };
    }
    if (/exceeded quota/.test(message)) {
      return {
        code: 'quota-exceeded',
        severity: 'fail',
        key: 'quota-exceeded',
        summary: `A ResourceQuota in namespace ${ns} refuses the pod: ${truncate(message.replace(/^Error creating: /, ''), 200)}`,
        hint: `Raise the quota (kubectl describe resourcequota -n ${ns}) or lower the requests in custom-values.yaml.`,
      };
    }
    return undefined;
  }

  if (reason === 'Evicted' && /ephemeral-storage|ephemeral local storage|local ephemeral storage/i.test(message)) {
    const container = /Container (\S+) (?:was using|exceeded)/.exec(message)?.[1];
    return {
      code: 'ephemeral-storage',
      severity: 'fail',
      key: `ephemeral-storage:${container ?? ''}`,
      summary: `The pod was evicted for ephemeral storage${container ? ` (container ${container})` : ''}: ${truncate(message, 160)}`,
      hint: "BuildKit keeps its build cache on the node's disk: give the node more disk, set an ephemeral-storage request for BuildKit so the scheduler accounts for it, and prune the cache (buildctl prune).",
      container,
    };
  }

  if (reason === 'BackOff' || reason === 'Failed' || reason === 'ErrImagePull' || reason === 'ImagePullBackOff') {
    const image = /(?:pulling|pull) image "([^"]+)"/.exec(message)?.[1];
    if (/toomanyrequests|429 Too Many Requests|pull rate limit/i.test(message)) {
      return {
        code: 'pull-rate-limit',
        severity: 'fail',
        key: `pull-rate-limit:${image ?? ''}`,
        summary: `${image ? `Image ${image}` : 'An image'} cannot be pulled: the registry's pull rate limit is reached (toomanyrequests).`,
        hint: 'Docker Hub limits anonymous pulls per IP. Mirror the BuildKit image into your own registry and set buildkit.image in custom-values.yaml, or add an imagePullSecret for a Docker Hub account; the kubelet retries on its own.',
        image,
      };
    }
    if (image || /ErrImagePull|ImagePullBackOff/.test(message)) {
      return {
        code: 'image-pull',
        severity: 'fail',
        key: `image-pull:${image ?? ''}`,
        summary: image ? `Image ${image} cannot be pulled.` : `An image cannot be pulled (${truncate(message, 120)}).`,
        hint: 'Check the image name and tag in custom-values.yaml, and that the nodes can reach the registry.',
        image,
      };
    }
    const missingEnvSecret = /secret "([^"]+)" not found/.exec(message);
    if (missingEnvSecret) {
      const secret = missingEnvSecret[1]!;
      return {
        code: 'missing-secret',
        severity: 'fail',
        key: `missing-secret:${secret}`,
        summary: `The pod cannot start: secret ${secret} does not exist in namespace ${ns}.`,
        hint: `Create it (the install wizard does: ${TOOL} install --namespace ${ns}).`,
        fix: secretCreateCommand(secret, ns),
        secret,
      };
    }
    const container = /restarting failed container (\S+)/.exec(message)?.[1];
    if (container) {
      return {
        code: 'crash-backoff',
        severity: 'warn',
        key: `crash-backoff:${container}`,
        summary: `Container ${container} keeps crashing and is being restarted with back-off.`,
        hint: `See the Workload and Logs checks for its exit reason and last log lines.`,
        container,
      };
    }
    return undefined;
  }

  if (reason === 'Unhealthy') {
    const probe = /^(Readiness|Liveness|Startup) probe failed/.exec(message)?.[1];
    if (!probe) return undefined;
    if (probe === 'Readiness' && /statuscode: 429\b/.test(message)) {
      return {
        code: 'max-inflight',
        severity: 'warn',
        key: 'max-inflight',
        summary:
          'Readiness probe answered 429: the pro-builder is at its proBuilder.maxInflight limit of concurrent builds, so it is taken out of the Service.',
        hint: 'This is back-pressure, not a fault: raise proBuilder.maxInflight (with BuildKit resources to match) or add replicas if builds queue too long.',
      };
    }
    return {
      code: 'probe-failed',
      severity: 'warn',
      key: `probe-failed:${probe.toLowerCase()}`,
      summary: `${probe} probe failing: ${truncate(message.replace(/^\w+ probe failed:\s*/, ''), 160)}`,
      hint: 'The pro-builder answers /healthz and /ready only once it has loaded its license and reached BuildKit; see the Logs checks.',
    };
  }
  return undefined;
}
