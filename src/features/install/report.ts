import { join } from 'node:path';
import type { CoreV1Event } from '@kubernetes/client-node';
import type { ValueChange } from '../../shared/values/apply.js';
import type { MissingAnswer } from './flags.js';
import type { FileChange, InstallPlan, ObjectAction, ObjectChange } from './plan.js';
import type { RolloutOutcome, RolloutProgress } from '../../shared/rollout/rollout.js';
import { LOCAL_FILES } from '../../shared/snapshot/snapshot.js';
import { cleanLine } from '../../shared/text/cleanLine.js';
import { targetLine } from '../../shared/text/targetLine.js';

/**
 * Plain-text renderings of the install's plan and progress, shared by the non-interactive runner
 * and the wizard's screens. Pure: every function returns text and prints nothing. None of them
 * can show a secret value: objects are described by key names and byte lengths only.
 */

export const ACTION_MARKER: Record<ObjectAction, string> = { create: '+', update: '~', keep: '=', unchanged: '=' };

const ACTION_WORD: Record<ObjectAction, string> = {
  create: 'create',
  update: 'update (backup kept)',
  keep: 'keep',
  unchanged: 'unchanged',
};

export function formatBytes(n: number): string {
  return n === 1 ? '1 byte' : `${n} bytes`;
}

export function keysSummary(keys: { key: string; bytes: number }[] | undefined): string {
  if (!keys || keys.length === 0) return '';
  return keys.map((k) => `${k.key}: ${formatBytes(k.bytes)}`).join(', ');
}

/** "+ create Secret openfaas/registry-secret (config.json: 120 bytes)". */
export function objectLine(o: ObjectChange, namespace: string): string {
  const name = o.kind === 'Namespace' ? o.name : `${namespace}/${o.name}`;
  const keys = keysSummary(o.keys);
  const note = o.note ? ` — ${o.note}` : '';
  return `${ACTION_MARKER[o.action]} ${ACTION_WORD[o.action]} ${o.kind} ${name}${keys ? ` (${keys})` : ''}${note}`;
}

export function fileLine(f: FileChange): string {
  const mode = `0${f.mode.toString(8)}`;
  if (f.action === 'unchanged') return `= unchanged ${f.path} — ${f.description}`;
  return f.existed ? `~ replace (backup kept) ${f.path} (${mode}) — ${f.description}` : `+ write ${f.path} (${mode}) — ${f.description}`;
}

function shortValue(v: unknown): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  const flat = cleanLine(text ?? 'null');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

/** "+ buildkit.rootless: true", "~ replicas: 1 → 2", "- buildkit.securityContext.privileged". */
export function valueChangeLine(c: ValueChange): string {
  switch (c.kind) {
    case 'add':
      return `+ ${c.path}: ${shortValue(c.after)}`;
    case 'change':
      return `~ ${c.path}: ${shortValue(c.before)} → ${shortValue(c.after)}`;
    case 'remove':
      return `- ${c.path}`;
  }
}

/** The whole plan, as the review screen and --dry-run show it. */
/** True when applying would change nothing at all (a converged re-run). */
export function planIsNoop(plan: InstallPlan): boolean {
  return (
    plan.helm.every((h) => h.note === undefined) &&
    plan.objects.every((o) => o.action === 'keep' || o.action === 'unchanged') &&
    plan.files.every((f) => f.action === 'unchanged') &&
    plan.values.changes.length === 0
  );
}

export function formatPlan(plan: InstallPlan): string {
  const out: string[] = [targetLine(plan.target, plan.namespace)];
  // The version in its own brackets: a local folder's path often ends in a version of its own.
  out.push(
    `Chart: ${plan.chart.ref} (version ${plan.chart.metadata.version}, ${plan.chart.source === 'local' ? 'local folder' : 'helm repository'})`,
  );
  if (plan.chartChange) {
    out.push(`Upgrade: chart ${plan.chartChange.from} → ${plan.chartChange.to}`);
    for (const n of plan.chartChange.notes) out.push(`  ! ${n}`);
  }
  out.push('');
  out.push('Kubernetes objects:');
  for (const o of plan.objects) out.push(`  ${objectLine(o, plan.namespace)}`);
  out.push('', 'Local files:');
  for (const f of plan.files) out.push(`  ${fileLine(f)}`);
  const verb = plan.values.existed ? (plan.values.changes.length ? 'update' : 'unchanged') : 'create';
  out.push('', `Values file ${plan.values.path} (${verb}):`);
  if (plan.values.changes.length === 0) out.push('  = no changes');
  for (const c of plan.values.changes) out.push(`  ${valueChangeLine(c)}`);
  out.push('', 'Helm:');
  for (const h of plan.helm) {
    out.push(`  $ ${h.display}`);
    if (h.note) out.push(`    ! ${h.note}`);
  }
  return `${out.join('\n')}\n`;
}

export function progressLine(p: RolloutProgress): string {
  return `rollout: ${p.message} (${p.available}/${p.desired} available)`;
}

export function warningLine(e: CoreV1Event): string {
  const obj = e.involvedObject ? `${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''}` : '';
  const count = e.count && e.count > 1 ? ` (×${e.count})` : '';
  return `! ${obj} ${e.reason ?? 'Warning'}: ${cleanLine(e.message ?? '').trim()}${count}`;
}

/** For a terminal-less run that lacks answers: each flag with the question it answers. */
export function formatMissingAnswers(missing: readonly MissingAnswer[]): string {
  const lines = [`probuilder-setup: missing answers without a terminal: ${missing.map((m) => m.flag).join(', ')}`];
  for (const m of missing) lines.push(`  ${m.flag}: ${m.question}`);
  lines.push('Pass these flags, or run in a terminal to be asked.');
  return `${lines.join('\n')}\n`;
}

/** How to reach the builder once it runs: port-forward, then faas-cli or curl signed with payload.txt. */
export function builderUsage(o: { namespace: string; deployment?: string; outputDir: string }): string[] {
  const payload = join(o.outputDir, LOCAL_FILES.payload);
  const deploy = o.deployment ?? 'pro-builder';
  return [
    `Signing secret for build clients: ${payload} (keep it private)`,
    'Reach the builder from this machine:',
    `  kubectl port-forward -n ${o.namespace} deploy/${deploy} 8081:8080`,
    'Build and push functions with faas-cli:',
    `  faas-cli publish --remote-builder http://127.0.0.1:8081 --payload-secret ${payload} -f stack.yaml`,
    'Or call the API with a build context tar, signed with the secret:',
    `  HMAC=$(openssl dgst -sha256 -hmac "$(cat ${payload})" req.tar | sed 's/^.* //')`,
    '  curl -s -X POST --data-binary @req.tar -H "X-Build-Signature: sha256=$HMAC" http://127.0.0.1:8081/build',
  ];
}

/**
 * The closing summary: what changed, where the files are, and how to use the builder. Lines indented
 * by two are a command or a path on its own, for copying; the rest are sentences.
 */
export function doneSummary(
  plan: InstallPlan,
  rollout: Pick<RolloutOutcome, 'deploymentName'> | undefined,
  backups: readonly string[] = [],
): string[] {
  const changed = plan.objects.filter((o) => o.action === 'create' || o.action === 'update');
  const kept = plan.objects.filter((o) => o.action === 'keep' || o.action === 'unchanged');
  const lines: string[] = [`The pro-builder is running in namespace ${plan.namespace} (release ${plan.release}).`];
  if (changed.length) lines.push(`Created or updated: ${changed.map((o) => `${o.kind.toLowerCase()}/${o.name}`).join(', ')}.`);
  if (kept.length) lines.push(`Kept as they were: ${kept.map((o) => `${o.kind.toLowerCase()}/${o.name}`).join(', ')}.`);
  lines.push(`Values file: ${plan.values.path}`);
  // One path a line, indented: a list of paths joined on one line wraps in the middle of one.
  if (backups.length) lines.push('Backups of replaced content:', ...backups.map((b) => `  ${b}`));
  lines.push('', ...builderUsage({ namespace: plan.namespace, deployment: rollout?.deploymentName, outputDir: plan.outputDir }));
  return lines;
}
