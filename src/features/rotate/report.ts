import { join } from 'node:path';
import { targetLine } from '../../shared/text/targetLine.js';
import { cleanLine } from '../../shared/text/cleanLine.js';
import { LOCAL_FILES } from '../../shared/snapshot/snapshot.js';
import type { RotationChange, RotationPlan } from './plan.js';
import type { RotationResult } from './result.js';

/** Plain-text renderings of a rotation, for --dry-run, the plain runner and the result screen. Pure; never a value. */

const MARKER: Record<RotationChange['action'], string> = { replace: '~', create: '+', write: '+', restart: '↻' };

export function rotationTitle(plan: Pick<RotationPlan, 'rotate'>): string {
  return plan.rotate === 'signing-secret' ? 'the signing secret' : 'the BuildKit mTLS certificates';
}

export function changeLine(c: RotationChange, namespace: string): string {
  const name = c.kind === 'File' ? c.name : `${namespace}/${c.name}`;
  return `${MARKER[c.action]} ${c.action} ${c.kind === 'File' ? 'file' : c.kind.toLowerCase()} ${name} — ${c.note}`;
}

export function formatRotationPlan(plan: RotationPlan): string {
  const lines = [
    targetLine(plan.target, plan.namespace),
    `Release: ${plan.release}${plan.chartVersion ? ` (chart ${plan.chartVersion})` : ''}, deployment ${plan.deploymentName}`,
    '',
    `Rotating ${rotationTitle(plan)} changes:`,
    ...plan.changes.map((c) => `  ${changeLine(c, plan.namespace)}`),
  ];
  if (plan.warnings.length) lines.push('', ...plan.warnings.map((w) => `! ${w}`));
  if (plan.rotate === 'signing-secret') lines.push('', 'Build clients signing with the old secret are refused once the new pods run.');
  return `${lines.join('\n')}\n`;
}

export function confirmRotationQuestion(plan: RotationPlan): string {
  return `Rotate ${rotationTitle(plan)} of ${plan.release} in ${plan.target.contextName}/${plan.namespace}? This restarts the pro-builder.`;
}

/** What happened, what to do next: the reminder to hand build clients the new payload.txt. */
export function rotationSummary(plan: RotationPlan, result: RotationResult): string[] {
  const lines: string[] = [];
  if (result.ok) {
    lines.push(`Rotated ${rotationTitle(plan)} of ${plan.release} in ${plan.namespace}; the new pods are running.`);
  } else if (result.watchStopped) {
    lines.push(
      `Rotated ${rotationTitle(plan)}, but stopped watching the rollout. Check it with: probuilder-setup doctor -n ${plan.namespace}`,
    );
  } else {
    lines.push(`The rotation of ${rotationTitle(plan)} did not finish.`);
    if (result.error)
      lines.push(cleanLine(result.error.message), ...(result.error.nextStep ? [`Next: ${cleanLine(result.error.nextStep)}`] : []));
  }
  for (const f of result.audit ?? []) lines.push(`${f.severity === 'fail' ? '×' : '!'} ${f.message}`);
  // One path a line: a list of paths on one line wraps in the middle of one.
  if (result.backups.length) lines.push('Previous copies (0600):', ...result.backups.map((b) => `  ${b}`));
  const secretChanged = result.steps.some((s) => s.id === 'secret' && s.status === 'done');
  if (plan.rotate === 'signing-secret' && secretChanged) {
    lines.push(
      `Update build clients with the new payload.txt: ${join(plan.outputDir, LOCAL_FILES.payload)} (keep it private). Requests signed with the old secret are refused.`,
    );
  }
  return lines;
}
