import type { CoreV1Event } from '@kubernetes/client-node';
import { classifyEvent, type EventCause } from '../eventCauses.js';
import { age, eventCount, eventTime } from '../kubeShapes.js';
import { pass, plural, truncate } from '../result.js';
import type { Check, CheckResult } from '../types.js';

interface Group {
  cause: EventCause;
  events: CoreV1Event[];
}

function objectName(e: CoreV1Event): string {
  return `${e.involvedObject?.kind ?? '?'}/${e.involvedObject?.name ?? '?'}`;
}

export const warningEvents: Check = {
  id: 'events.warnings',
  category: 'Events',
  description: 'warning events since the last deploy',
  needs: ['cluster.namespace'],
  async run(ctx) {
    const events = await ctx.events();
    const release = await ctx.release().catch(() => undefined);
    const since = release?.lastDeployed ?? release?.firstDeployed;
    const sinceText = since ? `since the last deploy ${age(since, ctx.now)} ago` : 'in the retained event history';
    if (!events.length) return pass(`No warning events for the pro-builder ${sinceText}.`, []);

    // A cause that no longer applies (the Deployment is fully available now) is history, not a failure.
    const d = await ctx.deployment().catch(() => undefined);
    const desired = d?.spec?.replicas ?? 1;
    const healthyNow =
      Boolean(d) && desired > 0 && (d?.status?.availableReplicas ?? 0) >= desired && (d?.status?.updatedReplicas ?? 0) >= desired;

    const groups = new Map<string, Group>();
    const unknown: CoreV1Event[] = [];
    for (const e of events) {
      const cause = classifyEvent(e);
      if (!cause) {
        unknown.push(e);
        continue;
      }
      const g = groups.get(cause.key) ?? { cause, events: [] };
      g.events.push(e);
      groups.set(cause.key, g);
    }

    const results: CheckResult[] = [];
    for (const { cause, events: list } of groups.values()) {
      const count = list.reduce((n, e) => n + eventCount(e), 0);
      const latest = eventTime(list[0]!);
      const objects = [...new Set(list.map(objectName))];
      const status = healthyNow ? 'warn' : cause.severity;
      results.push({
        item: cause.key,
        status,
        summary: `${cause.summary}${healthyNow ? ' (earlier: the Deployment is available now)' : ''}`,
        evidence: [
          `${list[0]!.reason}: ${plural(count, 'time')}, last ${age(latest, ctx.now)} ago, on ${objects.slice(0, 3).join(', ')}${objects.length > 3 ? ` and ${objects.length - 3} more` : ''}`,
          `message: ${truncate(list[0]!.message ?? '', 240)}`,
        ],
        hint: cause.hint,
        fix: healthyNow ? undefined : cause.fix,
      });
    }
    if (unknown.length) {
      const reasons = [...new Set(unknown.map((e) => e.reason ?? 'unknown'))];
      results.push({
        item: 'other',
        status: 'warn',
        summary: `${plural(unknown.length, 'other warning event')} (${reasons.slice(0, 5).join(', ')}).`,
        evidence: unknown.slice(0, 5).map((e) => `${objectName(e)} ${e.reason}: ${truncate(e.message ?? '', 200)}`),
        hint: `kubectl get events -n ${ctx.namespace} --field-selector type=Warning shows them all.`,
      });
    }
    return results;
  },
};
