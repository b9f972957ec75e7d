import { targetLine } from '../../shared/text/targetLine.js';
import { cleanLine } from '../../shared/text/cleanLine.js';
import type { UninstallResult, ItemOutcome } from './apply.js';
import { removalCount, type UninstallAction, type UninstallItem, type UninstallPlan } from './plan.js';

/**
 * Plain-text renderings of the uninstall plan and its outcome, for --dry-run, the non-interactive
 * runner and the summary screen. Pure. Items carry key names and sizes only, never a value.
 */

export const UNINSTALL_MARKER: Record<UninstallAction, string> = { remove: '-', keep: '=', absent: '·' };

export function itemLabel(item: UninstallItem, namespace: string): string {
  if (item.kind === 'File' || item.kind === 'Folder') return `${item.kind} ${item.name}`;
  if (item.kind === 'Namespace') return `Namespace ${item.name}`;
  return `${item.kind} ${namespace}/${item.name}`;
}

/** "- remove Secret openfaas/registry-secret (config.json: 120 bytes) — made by probuilder-setup". */
export function itemLine(item: UninstallItem, namespace: string): string {
  const detail = item.detail ? ` (${item.detail})` : '';
  return `${UNINSTALL_MARKER[item.action]} ${item.action.padEnd(6)} ${itemLabel(item, namespace)}${detail} — ${item.reason}`;
}

export function isLocal(item: UninstallItem): boolean {
  return item.kind === 'File' || item.kind === 'Folder';
}

/** "Remove 5 objects and 2 files from kind-x/openfaas?" */
export function confirmQuestion(plan: UninstallPlan): string {
  const { objects, files } = removalCount(plan);
  const parts = [
    objects && `${objects} ${objects === 1 ? 'object' : 'objects'}`,
    files && `${files} ${files === 1 ? 'file' : 'files'}`,
  ].filter(Boolean);
  return `Remove ${parts.join(' and ') || 'nothing'} from ${plan.target.contextName}/${plan.namespace}?`;
}

export function formatUninstallPlan(plan: UninstallPlan): string {
  const out = [targetLine(plan.target, plan.namespace), `Release: ${plan.release}`, '', 'In the cluster:'];
  for (const i of plan.items.filter((x) => !isLocal(x))) out.push(`  ${itemLine(i, plan.namespace)}`);
  out.push('', `On this machine (${plan.outputDir}):`);
  for (const i of plan.items.filter(isLocal)) out.push(`  ${itemLine(i, plan.namespace)}`);
  out.push(
    '',
    'To change this: --keep <kind/name> keeps an item, --include <kind/name> removes one kept by default,',
    '--remove-license, --remove-namespace and --remove-files remove those.',
  );
  if (plan.warnings.length) {
    out.push('', 'Before you go on:');
    for (const w of plan.warnings) out.push(`  ! ${w}`);
  }
  return `${out.join('\n')}\n`;
}

function ids(list: ItemOutcome[]): string {
  return list.map((o) => o.id).join(', ');
}

/** The closing lines: what went, what was already gone, what stayed and why, what failed. */
export function uninstallSummary(plan: UninstallPlan, result: UninstallResult): string[] {
  const by = (k: ItemOutcome['outcome']) => result.outcomes.filter((o) => o.outcome === k);
  const removed = by('removed');
  const gone = by('already-gone');
  const kept = by('kept');
  const failed = by('failed');
  const skipped = by('not-attempted');
  const lines: string[] = [];
  if (failed.length)
    lines.push(`The uninstall did not finish: ${failed.length} ${failed.length === 1 ? 'item' : 'items'} could not be removed.`);
  else if (result.stopped)
    lines.push('Stopped before every item was removed. Run the same command again to finish: every step is safe to repeat.');
  else if (removed.length) lines.push(`Removed the pro-builder from ${plan.target.contextName}/${plan.namespace}.`);
  else lines.push(`Nothing to remove in ${plan.target.contextName}/${plan.namespace}: everything chosen is already gone.`);
  if (removed.length) lines.push(`Removed: ${ids(removed)}.`);
  // Files that never existed are not news, nor are the ECR-only objects a ttl.sh or private-registry
  // install never made; other objects already gone are (a re-run says so).
  const goneObjects = gone.filter((o) => !isLocal(o.item) && !o.item.optional);
  if (goneObjects.length) lines.push(`Already gone: ${ids(goneObjects)}.`);
  for (const o of kept) lines.push(`Kept ${o.id}: ${o.detail ?? o.item.reason}.`);
  for (const o of failed) lines.push(`Failed ${o.id}: ${cleanLine(o.detail ?? '')}`);
  if (skipped.length) lines.push(`Not attempted: ${ids(skipped)}.`);
  const keptSensitive = kept.filter((o) => o.item.kind === 'File' && o.item.sensitive);
  if (keptSensitive.length)
    lines.push(`Files holding keys or secrets stay in ${plan.outputDir}; delete them once no build client needs them.`);
  return lines;
}
