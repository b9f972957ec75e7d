import type { V1Deployment } from '@kubernetes/client-node';
import { installCommand, privilegedNamespaceCommand } from '../commands.js';
import type { DoctorContext } from '../context.js';
import { classifyEvent } from '../eventCauses.js';
import { age, toDate } from '../kubeShapes.js';
import { diagnosePod } from '../podDiagnosis.js';
import { enforcedLevel, podSecurityViolations } from '../podSecurity.js';
import { fail, pass, plural, truncate, warn } from '../result.js';
import type { Check, CheckResult } from '../types.js';

const MAX_PODS_REPORTED = 20;

function conditionLines(d: V1Deployment): string[] {
  return (d.status?.conditions ?? []).map(
    (c) => `condition ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${truncate(c.message, 160)}` : ''}`,
  );
}

async function deploymentMissing(ctx: DoctorContext, name: string): Promise<CheckResult> {
  const release = await ctx.release().catch(() => undefined);
  if (!release) {
    return fail(
      `The pro-builder is not installed: no Deployment ${name} and no helm release ${ctx.releaseName} in namespace ${ctx.namespace}.`,
      [],
      {
        fix: installCommand(ctx.namespace, ctx.releaseName),
      },
    );
  }
  return fail(
    `Helm release ${ctx.releaseName} exists but its Deployment ${name} does not.`,
    [`release status ${release.status}, revision ${release.revision}`],
    {
      hint: 'Someone deleted it, or the install failed before creating it. Running the install again re-creates it.',
      fix: installCommand(ctx.namespace, ctx.releaseName),
    },
  );
}

export const deploymentAvailable: Check = {
  id: 'workload.deployment',
  category: 'Workload',
  description: 'Deployment availability',
  needs: ['cluster.namespace'],
  async run(ctx) {
    const name = await ctx.deploymentName();
    const d = await ctx.deployment();
    if (!d) return deploymentMissing(ctx, name);
    const desired = d.spec?.replicas ?? 1;
    const available = d.status?.availableReplicas ?? 0;
    const updated = d.status?.updatedReplicas ?? 0;
    const ready = d.status?.readyReplicas ?? 0;
    const evidence = [`replicas: ${desired} desired, ${updated} updated, ${ready} ready, ${available} available`, ...conditionLines(d)];
    const cond = (type: string) => d.status?.conditions?.find((c) => c.type === type);

    const replicaFailure = cond('ReplicaFailure');
    if (replicaFailure?.status === 'True') {
      const cause = classifyEvent({
        reason: 'FailedCreate',
        message: replicaFailure.message ?? '',
        involvedObject: { namespace: ctx.namespace },
      });
      return fail(
        `Pods cannot be created: ${cause?.summary ?? truncate(replicaFailure.message ?? replicaFailure.reason ?? 'unknown reason', 200)}`,
        evidence,
        {
          hint: cause?.hint ?? "See the Events checks for the ReplicaSet's FailedCreate message.",
          fix: cause?.fix,
        },
      );
    }
    if (desired === 0)
      return warn(`Deployment ${name} is scaled to 0 replicas.`, evidence, {
        hint: `kubectl scale deployment/${name} --replicas=1 -n ${ctx.namespace}`,
      });
    if (available >= desired && updated >= desired)
      return pass(`Deployment ${name}: ${available}/${desired} replicas available.`, evidence);

    const progressing = cond('Progressing');
    if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
      return fail(`Deployment ${name} stopped progressing: ${available}/${desired} available after the progress deadline.`, evidence, {
        hint: 'The pods below say why (image, crash, mount or scheduling problems).',
      });
    }
    const unavailableSince = toDate(cond('Available')?.status === 'False' ? cond('Available')?.lastTransitionTime : undefined);
    if (unavailableSince && ctx.now.getTime() - unavailableSince.getTime() > ctx.stuckAfterMs) {
      return fail(
        `Deployment ${name} has been unavailable for ${age(unavailableSince, ctx.now)}: ${available}/${desired} replicas available.`,
        evidence,
        {
          hint: 'The pods below say why.',
        },
      );
    }
    // The rollout finished earlier and pods became unready since (a crash loop, a failing probe):
    // waiting for a rollout would be the wrong advice.
    if (progressing?.status === 'True' && progressing.reason === 'NewReplicaSetAvailable' && updated >= desired) {
      return warn(
        `Deployment ${name} has ${available}/${desired} replicas available: its rollout finished, but pods are not ready now.`,
        evidence,
        {
          hint: 'The pod and log checks below say why.',
        },
      );
    }
    return warn(`Deployment ${name} is rolling out: ${available}/${desired} replicas available.`, evidence, {
      hint: 'Wait a moment, or run the doctor with --wait.',
    });
  },
};

export const podStates: Check = {
  id: 'workload.pods',
  category: 'Workload',
  description: 'pod and container states',
  needs: ['cluster.namespace'],
  async run(ctx) {
    const [pods, selector] = await Promise.all([ctx.pods(), ctx.podSelector()]);
    if (!pods.length) {
      const d = await ctx.deployment().catch(() => undefined);
      if (!d) return fail(`No pods match ${selector} in namespace ${ctx.namespace}, and there is no Deployment.`, []);
      if ((d.spec?.replicas ?? 1) === 0) return pass('No pods, as the Deployment is scaled to 0.', [`selector ${selector}`]);
      return fail(`The Deployment wants ${d.spec?.replicas ?? 1} pods, but none exist (selector ${selector}).`, [`selector ${selector}`], {
        hint: 'The ReplicaSet cannot create them: see the Events checks (FailedCreate: service account, Pod Security, quota).',
      });
    }
    // Events relate a pod stuck in ContainerCreating to its FailedMount cause; without them the pod is still judged.
    const events = await ctx.events().catch(() => []);
    const shown = pods.slice(0, MAX_PODS_REPORTED);
    const results = shown.map((p) => diagnosePod(p, { now: ctx.now, stuckAfterMs: ctx.stuckAfterMs, events }));
    if (pods.length > shown.length)
      results.push(warn(`${plural(pods.length - shown.length, 'more pod')} not shown.`, [], { item: 'more' }));
    return results;
  },
};

export const podSecurityAdmission: Check = {
  id: 'workload.pod-security',
  category: 'Workload',
  description: 'Pod Security admission',
  needs: ['cluster.namespace'],
  async run(ctx) {
    const ns = await ctx.namespaceObject();
    const labels = ns?.metadata?.labels ?? {};
    const level = enforcedLevel(labels);
    const evidence = Object.entries(labels)
      .filter(([k]) => k.startsWith('pod-security.kubernetes.io/'))
      .map(([k, v]) => `label ${k}=${v}`);
    if (!level || level === 'privileged') {
      return pass(
        level
          ? `Namespace ${ctx.namespace} enforces Pod Security "privileged": BuildKit is allowed.`
          : `Namespace ${ctx.namespace} has no Pod Security enforce label (the cluster default applies, privileged unless configured otherwise).`,
        evidence,
      );
    }
    const d = await ctx.deployment().catch(() => undefined);
    const template = d?.spec?.template;
    const violations = template
      ? podSecurityViolations(template, level)
      : ['BuildKit needs privileged (root mode) or seccomp Unconfined (rootless mode)'];
    if (!violations.length) return pass(`The pod template satisfies Pod Security "${level}".`, evidence);
    return fail(
      `Namespace ${ctx.namespace} enforces Pod Security "${level}", which refuses the BuildKit pod: ${violations.slice(0, 3).join('; ')}.`,
      [...evidence, ...violations.map((v) => `violation: ${v}`)],
      {
        hint:
          'Both BuildKit modes need the "privileged" level: root mode runs a privileged container and rootless mode sets seccompProfile Unconfined; baseline refuses both. ' +
          'Label the namespace privileged, or install into a namespace without an enforce label.',
        fix: privilegedNamespaceCommand(ctx.namespace),
      },
    );
  },
};
