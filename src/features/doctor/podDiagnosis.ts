import type { CoreV1Event, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { classifyEvent } from './eventCauses.js';
import { age, eventTime, podName, toDate } from './kubeShapes.js';
import { truncate, worst } from './result.js';
import type { CheckResult, CheckStatus } from './types.js';

export interface PodDiagnosisOptions {
  now: Date;
  stuckAfterMs: number;
  /** Warning events (any object); the ones about this pod explain a stuck ContainerCreating. */
  events?: readonly CoreV1Event[];
}

interface Problem {
  status: CheckStatus;
  summary: string;
  hint?: string;
  fix?: string;
  evidence: string[];
}

const IMAGE_PULL = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);
const STARTING = new Set(['ContainerCreating', 'PodInitializing']);

function containerProblem(
  cs: V1ContainerStatus,
  pod: V1Pod,
  image: string | undefined,
  o: PodDiagnosisOptions,
  podEvents: CoreV1Event[],
  init: boolean,
): Problem | undefined {
  const name = `${init ? 'init container' : 'container'} ${cs.name}`;
  const waiting = cs.state?.waiting;
  const last = cs.lastState?.terminated;
  const lastText = last
    ? `last exit: ${last.reason ?? 'unknown reason'} (exit code ${last.exitCode})${last.message ? ` — ${truncate(last.message, 120)}` : ''}`
    : undefined;
  if (waiting?.reason && IMAGE_PULL.has(waiting.reason)) {
    return {
      status: 'fail',
      summary: `${name}: image ${image ?? cs.image} cannot be pulled (${waiting.reason}).`,
      evidence: waiting.message ? [truncate(waiting.message)] : [],
      hint: 'Check the image name and tag in custom-values.yaml (proBuilder.image / buildkit.image), and that the nodes can reach the registry.',
    };
  }
  if (waiting?.reason === 'CrashLoopBackOff') {
    return {
      status: 'fail',
      summary: `${name} is crash-looping: ${cs.restartCount} restarts${lastText ? `, ${lastText}` : ''}.`,
      evidence: lastText ? [lastText] : [],
      hint:
        last?.reason === 'OOMKilled'
          ? `It ran out of memory: raise its memory limit in custom-values.yaml.`
          : `See the Logs checks for ${cs.name}'s last lines.`,
    };
  }
  if (
    waiting?.reason === 'CreateContainerConfigError' ||
    waiting?.reason === 'CreateContainerError' ||
    waiting?.reason === 'RunContainerError'
  ) {
    return {
      status: 'fail',
      summary: `${name} cannot be created (${waiting.reason}): ${truncate(waiting.message ?? '', 160)}`,
      evidence: [],
    };
  }
  if (waiting?.reason && STARTING.has(waiting.reason)) {
    const scheduledAt =
      toDate(pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'True')?.lastTransitionTime) ??
      toDate(pod.status?.startTime);
    const waited = scheduledAt ? o.now.getTime() - scheduledAt.getTime() : 0;
    const mountCauses = podEvents
      .map(classifyEvent)
      .filter((c) => c && (c.code === 'missing-secret' || c.code === 'missing-secret-key' || c.code === 'mount-failed'));
    const cause = mountCauses[0];
    if (waited > o.stuckAfterMs || cause) {
      return {
        status: waited > o.stuckAfterMs ? 'fail' : 'warn',
        summary: `${name} has been in ${waiting.reason} for ${age(scheduledAt, o.now)}${cause ? `: ${cause.summary}` : '.'}`,
        evidence: [...new Set(mountCauses.map((c) => c!.summary))].slice(0, 3),
        hint: cause?.hint ?? 'Volumes are usually the reason a container stays in ContainerCreating; see the Events checks.',
        fix: cause?.fix,
      };
    }
    return { status: 'warn', summary: `${name} is starting (${waiting.reason} for ${age(scheduledAt, o.now)}).`, evidence: [] };
  }
  if (waiting) {
    return {
      status: 'warn',
      summary: `${name} is waiting (${waiting.reason ?? 'no reason given'})${waiting.message ? `: ${truncate(waiting.message, 160)}` : '.'}`,
      evidence: [],
    };
  }
  if (cs.state?.terminated && !init) {
    const t = cs.state.terminated;
    return {
      status: 'fail',
      summary: `${name} exited: ${t.reason ?? 'unknown reason'} (exit code ${t.exitCode}).`,
      evidence: t.message ? [truncate(t.message)] : [],
    };
  }
  if (cs.state?.running && !init && !cs.ready) {
    return {
      status: 'warn',
      summary: `${name} is running but not ready${cs.restartCount ? ` (${cs.restartCount} restarts)` : ''}.`,
      evidence: lastText ? [lastText] : [],
      hint: 'Its readiness probe fails; see the Events and Logs checks.',
    };
  }
  if (cs.state?.running && cs.restartCount > 0 && last?.reason === 'OOMKilled') {
    return {
      status: 'warn',
      summary: `${name} was OOMKilled ${cs.restartCount === 1 ? 'once' : `and restarted ${cs.restartCount} times`}.`,
      evidence: [lastText!],
      hint: 'Raise its memory limit in custom-values.yaml.',
    };
  }
  return undefined;
}

/** One pod's state in a sentence, with the most important problem first. */
export function diagnosePod(pod: V1Pod, o: PodDiagnosisOptions): CheckResult {
  const name = podName(pod);
  const podEvents = (o.events ?? [])
    .filter((e) => e.involvedObject?.kind === 'Pod' && e.involvedObject.name === name)
    .sort((a, b) => (eventTime(b)?.getTime() ?? 0) - (eventTime(a)?.getTime() ?? 0));
  const phase = pod.status?.phase ?? 'Unknown';
  const node = pod.spec?.nodeName;
  const base = [`phase ${phase}${node ? ` on node ${node}` : ''}`];

  if (pod.metadata?.deletionTimestamp) {
    return {
      item: name,
      subject: name,
      status: 'warn',
      summary: `Pod is terminating (deleted ${age(toDate(pod.metadata.deletionTimestamp), o.now)} ago).`,
      evidence: base,
    };
  }
  if (phase === 'Failed') {
    return {
      item: name,
      subject: name,
      status: 'warn',
      summary: `Pod failed: ${pod.status?.reason ?? 'unknown reason'}${pod.status?.message ? ` — ${truncate(pod.status.message, 160)}` : ''}.`,
      evidence: base,
      hint: 'The Deployment replaces failed pods; if it keeps happening, check node pressure (kubectl describe node).',
    };
  }

  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (phase === 'Pending' && scheduled?.status === 'False') {
    const cause = classifyEvent({
      reason: 'FailedScheduling',
      message: scheduled.message ?? '',
      involvedObject: { namespace: pod.metadata?.namespace },
    });
    return {
      item: name,
      subject: name,
      status: 'fail',
      summary: `Pod is Pending and not scheduled: ${cause?.summary ?? truncate(scheduled.message ?? scheduled.reason ?? 'no reason given', 200)}`,
      evidence: [
        ...base,
        scheduled.message ? `scheduler: ${truncate(scheduled.message, 240)}` : `reason: ${scheduled.reason ?? 'unknown'}`,
      ],
      hint: cause?.hint ?? 'See the Node resources and Events checks.',
      fix: cause?.fix,
    };
  }

  const images = new Map((pod.spec?.containers ?? []).concat(pod.spec?.initContainers ?? []).map((c) => [c.name, c.image]));
  const problems: Problem[] = [];
  for (const cs of pod.status?.initContainerStatuses ?? []) {
    const p = containerProblem(cs, pod, images.get(cs.name), o, podEvents, true);
    if (p) problems.push(p);
  }
  for (const cs of pod.status?.containerStatuses ?? []) {
    const p = containerProblem(cs, pod, images.get(cs.name), o, podEvents, false);
    if (p) problems.push(p);
  }
  const statuses = pod.status?.containerStatuses ?? [];
  const ready = statuses.filter((c) => c.ready).length;
  const total = pod.spec?.containers?.length ?? statuses.length;
  const restarts = statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  base.push(`${ready}/${total} containers ready`, ...(restarts ? [`${restarts} restarts`] : []));

  if (problems.length === 0) {
    if (phase === 'Running' && ready === total) {
      return { item: name, subject: name, status: 'pass', summary: `Running, ${ready}/${total} containers ready.`, evidence: base };
    }
    return { item: name, subject: name, status: 'warn', summary: `Pod is ${phase}, ${ready}/${total} containers ready.`, evidence: base };
  }
  const order = { fail: 0, warn: 1, pass: 2, skipped: 3 } as const;
  problems.sort((a, b) => order[a.status] - order[b.status]);
  const top = problems[0]!;
  return {
    item: name,
    subject: name,
    status: problems.map((p) => p.status).reduce(worst),
    summary: top.summary,
    evidence: [...base, ...problems.slice(1).map((p) => p.summary), ...problems.flatMap((p) => p.evidence)],
    hint: top.hint,
    fix: top.fix,
  };
}
