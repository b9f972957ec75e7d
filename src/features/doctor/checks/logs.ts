import type { V1Pod } from '@kubernetes/client-node';
import { KubeError } from '../../../platform/kube/errors.js';
import { podName, toDate } from '../kubeShapes.js';
import { matchLogPatterns } from '../logPatterns.js';
import { notApplicable, pass, plural, truncate, warn } from '../result.js';
import type { Check, CheckResult } from '../types.js';

/** Reading every replica's log is slow on big installs; the newest few show the current problem. */
const MAX_PODS_READ = 3;

function hasStarted(p: V1Pod, container: string): boolean {
  const cs = p.status?.containerStatuses?.find((c) => c.name === container);
  return Boolean(cs && (cs.state?.running || cs.state?.terminated || cs.lastState?.terminated || cs.restartCount > 0));
}

function newestFirst(pods: V1Pod[]): V1Pod[] {
  return [...pods].sort((a, b) => (toDate(b.metadata?.creationTimestamp)?.getTime() ?? 0) - (toDate(a.metadata?.creationTimestamp)?.getTime() ?? 0));
}

function logCheck(container: 'pro-builder' | 'buildkit'): Check {
  return {
    id: `logs.${container}`,
    category: 'Logs',
    description: `${container} container log`,
    needs: ['cluster.namespace'],
    async run(ctx) {
      const pods = newestFirst(await ctx.pods()).slice(0, MAX_PODS_READ);
      if (!pods.length) return notApplicable('No pods to read logs from.');
      return Promise.all(
        pods.map(async (p): Promise<CheckResult> => {
          const name = podName(p);
          if (!hasStarted(p, container)) return notApplicable(`Container ${container} has not started yet.`, [], { item: name, subject: name });
          let text: string;
          try {
            text = await ctx.podLog(name, container);
          } catch (e) {
            // Refused by RBAC: let the runner report the missing permission.
            if (e instanceof KubeError && e.reason === 'forbidden') throw e;
            return warn(`Could not read the log of ${container}: ${e instanceof KubeError ? e.message : truncate(String(e))}`, [], { item: name, subject: name });
          }
          const lines = text.split('\n').filter((l) => l.trim()).length;
          const findings = matchLogPatterns(container, text);
          if (!findings.length) return pass(`No known error in the last ${plural(lines, 'line')}.`, [`${plural(lines, 'line')} read (tail ${ctx.logTailLines})`], { item: name, subject: name });
          const top = findings[0]!;
          return {
            item: name,
            subject: name,
            status: top.severity,
            summary: `${top.message}${findings.length > 1 ? ` (+${findings.length - 1} more)` : ''}`,
            evidence: findings.flatMap((f) => [`${f.code}: ${f.count} matching ${f.count === 1 ? 'line' : 'lines'}`, ...f.lines.map((l) => `> ${l}`)]),
            hint: findings.map((f) => f.hint).join(' '),
          };
        }),
      );
    },
  };
}

export const proBuilderLogs = logCheck('pro-builder');
export const buildkitLogs = logCheck('buildkit');
