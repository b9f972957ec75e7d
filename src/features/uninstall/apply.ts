import { rm, rmdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Kube } from '../../platform/kube/client.js';
import { problemOf } from '../../platform/errors.js';
import { HelmError, helmTargetFor, uninstallArgs, type Helm } from '../../platform/helm/helm.js';
import { isReleaseNotFound } from '../../shared/release/release.js';
import type { StepEvent } from '../../shared/steps/stepEvent.js';
import { LOCAL_FILES } from '../../shared/snapshot/snapshot.js';
import { kindOf } from '../../platform/files/safeRead.js';
import { notRegularReason, type UninstallItem, type UninstallPlan } from './plan.js';

export type ItemOutcomeKind = 'removed' | 'already-gone' | 'kept' | 'failed' | 'not-attempted';

export interface ItemOutcome {
  id: string;
  item: UninstallItem;
  outcome: ItemOutcomeKind;
  detail?: string;
}

export interface UninstallDeps {
  kube: Kube;
  helm: Helm;
  onStep?: (e: StepEvent) => void;
  onHelmLine?: (line: string) => void;
  /** Asked before each removal; true stops the run there (Ctrl+C). */
  shouldStop?: () => boolean;
  helmTimeoutMs?: number;
  /**
   * Deletes a file; false when it was not there, `{ kept }` with why when something other than a
   * regular file is there now (left alone). Injected for tests of failures.
   */
  removeFile?: (path: string) => Promise<boolean | { kept: string }>;
}

export interface UninstallResult {
  ok: boolean;
  /** True when a stop request kept later removals from starting. */
  stopped: boolean;
  steps: StepEvent[];
  outcomes: ItemOutcome[];
}

async function defaultRemoveFile(path: string): Promise<boolean | { kept: string }> {
  try {
    // Checked again here: a FIFO, folder or device put there since the plan is left alone (stat never opens it).
    const s = await stat(path);
    if (!s.isFile()) return { kept: notRegularReason(path, kindOf(s)) };
    await rm(path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw e;
  }
}

const VERB: Record<UninstallItem['kind'], string> = {
  HelmRelease: 'Uninstall helm release',
  Secret: 'Delete secret',
  ServiceAccount: 'Delete service account',
  Namespace: 'Delete namespace',
  File: 'Delete file',
  Folder: 'Delete folder',
};

function title(item: UninstallItem, ns: string): string {
  const where = item.kind === 'Secret' || item.kind === 'ServiceAccount' || item.kind === 'HelmRelease' ? `${ns}/${item.name}` : item.name;
  return `${VERB[item.kind]} ${where}`;
}

/** Release first (its pods stop using the secrets), then objects, then files, the namespace last. */
function order(item: UninstallItem): number {
  return { HelmRelease: 0, Secret: 1, ServiceAccount: 2, File: 3, Folder: 3, Namespace: 4 }[item.kind];
}

/**
 * Carries out a reviewed uninstall plan: each removal is a step event, and every item (kept and
 * absent ones too) gets an outcome. Safe to re-run: what is
 * already gone is reported as such and is not an error. A failed `helm uninstall` stops the run
 * (removing the secrets of a running release would only break it); any other failure is reported
 * and the rest still runs.
 */
export async function applyUninstallPlan(plan: UninstallPlan, deps: UninstallDeps): Promise<UninstallResult> {
  const steps: StepEvent[] = [];
  const outcomes: ItemOutcome[] = [];
  const ns = plan.namespace;
  const removeFile = deps.removeFile ?? defaultRemoveFile;
  const emit = (e: StepEvent) => {
    const i = steps.findIndex((s) => s.id === e.id);
    if (i >= 0) steps[i] = e;
    else steps.push(e);
    deps.onStep?.(e);
  };
  let stopped = false;
  let halted: string | undefined;
  const certsDirs = new Set<string>();

  const items = [...plan.items].sort((a, b) => order(a) - order(b));
  for (const item of items) {
    const t = title(item, ns);
    // Absent and kept items were shown with the plan: they get an outcome, not a step.
    if (item.action === 'absent') {
      outcomes.push({ id: item.id, item, outcome: 'already-gone', detail: item.reason });
      continue;
    }
    if (item.action === 'keep') {
      outcomes.push({ id: item.id, item, outcome: 'kept', detail: item.reason });
      continue;
    }
    if (!halted && !stopped && deps.shouldStop?.()) stopped = true;
    if (halted || stopped) {
      const detail = halted ?? 'not attempted: stopped';
      emit({ id: item.id, title: t, status: 'skipped', detail });
      outcomes.push({ id: item.id, item, outcome: 'not-attempted', detail });
      continue;
    }
    emit({ id: item.id, title: t, status: 'running' });
    try {
      const removed = await removeItem(item);
      if (typeof removed === 'object') {
        emit({ id: item.id, title: t, status: 'skipped', detail: removed.kept });
        outcomes.push({ id: item.id, item, outcome: 'kept', detail: removed.kept });
        continue;
      }
      const detail = removed ? undefined : 'already gone';
      emit({ id: item.id, title: t, status: removed ? 'done' : 'skipped', detail });
      outcomes.push({ id: item.id, item, outcome: removed ? 'removed' : 'already-gone', detail });
    } catch (e) {
      const { message, nextStep } = problemOf(e);
      const detail = nextStep ? `${message} ${nextStep}` : message;
      emit({ id: item.id, title: t, status: 'failed', detail });
      outcomes.push({ id: item.id, item, outcome: 'failed', detail });
      if (item.kind === 'HelmRelease') halted = `not attempted: helm uninstall ${plan.release} failed`;
    }
  }

  // Leave no empty certs/ folder behind once its files are gone.
  for (const dir of certsDirs) await rmdir(dir).catch(() => undefined);

  return { ok: outcomes.every((o) => o.outcome !== 'failed') && !stopped, stopped, steps, outcomes };

  async function removeItem(item: UninstallItem): Promise<boolean | { kept: string }> {
    switch (item.kind) {
      case 'HelmRelease': {
        const args = uninstallArgs(item.name, helmTargetFor(deps.kube.target, ns));
        const r = await deps.helm.run(args, { onLine: (l) => deps.onHelmLine?.(l), timeoutMs: deps.helmTimeoutMs ?? 300_000 });
        if (r.exitCode === 0) return true;
        if (isReleaseNotFound(r.stderr)) return false;
        throw new HelmError(
          `helm uninstall ${item.name} failed (exit ${r.exitCode}): ${r.stderr.trim().split('\n').pop() ?? ''}`.trim(),
          `Read helm's message, fix the cause, and run the uninstall again: what is already removed is skipped.`,
          r.stderr.trim(),
          r.exitCode,
        );
      }
      case 'Secret':
        return deps.kube.deleteSecret(ns, item.name, item.uid);
      case 'ServiceAccount':
        return deps.kube.deleteServiceAccount(ns, item.name, item.uid);
      case 'Namespace':
        return deps.kube.deleteNamespace(item.name, item.uid);
      case 'File': {
        const removed = await removeFile(item.path ?? item.name);
        if (item.id.startsWith(`file/${LOCAL_FILES.certsDir}/`)) certsDirs.add(dirname(item.path ?? item.name));
        return removed;
      }
      case 'Folder':
        throw new Error(`${item.name} is never removed by the uninstall.`);
    }
  }
}

export function outcomesOf(result: UninstallResult, kind: ItemOutcomeKind): ItemOutcome[] {
  return result.outcomes.filter((o) => o.outcome === kind);
}
