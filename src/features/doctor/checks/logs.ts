import { KubeError } from '../../../platform/kube/errors.js';
import { podName } from '../kubeShapes.js';
import { hasStarted, podsToRead, type LogContainer } from '../logTargets.js';
import { matchLogPatterns } from '../logPatterns.js';
import { notApplicable, pass, plural, truncate, warn } from '../result.js';
import type { Check, CheckResult } from '../types.js';

function logCheck(container: LogContainer): Check {
  return {
    id: `logs.${container}`,
    category: 'Logs',
    description: `${container} container log`,
    needs: ['cluster.namespace'],
    async run(ctx) {
      const pods = podsToRead(await ctx.pods());
      if (!pods.length) return notApplicable('No pods to read logs from.');
      return Promise.all(
        pods.map(async (p): Promise<CheckResult> => {
          const name = podName(p);
          if (!hasStarted(p, container))
            return notApplicable(`Container ${container} has not started yet.`, [], { item: name, subject: name });
          let text: string;
          try {
            text = await ctx.podLog(name, container);
          } catch (e) {
            // Refused by RBAC: let the runner report the missing permission.
            if (e instanceof KubeError && e.reason === 'forbidden') throw e;
            return warn(`Could not read the log of ${container}: ${e instanceof KubeError ? e.message : truncate(String(e))}`, [], {
              item: name,
              subject: name,
            });
          }
          const lines = text.split('\n').filter((l) => l.trim()).length;
          const findings = matchLogPatterns(container, text);
          if (!findings.length)
            return pass(
              `No known error in the last ${plural(lines, 'line')}.`,
              [`${plural(lines, 'line')} read (tail ${ctx.logTailLines})`],
              { item: name, subject: name },
            );
          const top = findings[0]!;
          return {
            item: name,
            subject: name,
            status: top.severity,
            summary: `${top.message}${findings.length > 1 ? ` (+${findings.length - 1} more)` : ''}`,
            evidence: findings.flatMap((f) => [
              `${f.code}: ${f.count} matching ${f.count === 1 ? 'line' : 'lines'}`,
              ...f.lines.map((l) => `> ${l}`),
            ]),
            hint: findings.map((f) => f.hint).join(' '),
          };
        }),
      );
    },
  };
}

export const proBuilderLogs = logCheck('pro-builder');
export const buildkitLogs = logCheck('buildkit');
