import { join } from 'node:path';
import type { V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { Kube } from '../../platform/kube/client.js';
import { IRSA_ROLE_ANNOTATION, labelsForUpdate } from '../../shared/secrets/index.js';
import { problemOf } from '../../platform/errors.js';
import { isConflict, KubeError } from '../../platform/kube/errors.js';
import { HelmError, type Helm, type RunResult } from '../../platform/helm/helm.js';
import { RELEASE_SECRET_TYPE } from '../../platform/helm/storedRelease.js';
import { writeFileSafely, backupName } from '../../platform/files/secureWrite.js';
import type { InstallPlan, ObjectChange } from './plan.js';
import { LOCAL_FILES } from '../../shared/snapshot/snapshot.js';
import type { StepEvent } from '../../shared/steps/stepEvent.js';

export interface ApplyDeps {
  kube: Kube;
  helm: Helm;
  now?: () => Date;
  onStep?: (e: StepEvent) => void;
  /** helm's live output, line by line. */
  onHelmLine?: (line: string) => void;
  helmTimeoutMs?: number;
  /**
   * Stops the apply between steps: once aborted, no further step starts and the result says
   * `stopped`. The step in progress always finishes (a half-written secret or an interrupted helm
   * upgrade is worse than one more finished step); every step is safe to repeat on the next run.
   */
  signal?: AbortSignal;
}

export interface ApplyResult {
  ok: boolean;
  steps: StepEvent[];
  backups: string[];
  /** `cause`: the error itself, for --debug. */
  error?: { message: string; nextStep?: string; helmOutput?: string; cause?: unknown };
  /** The signal stopped it before a step: `steps` holds what ran, none of them failed. */
  stopped?: boolean;
}

/** Raised inside applyInstallPlan when the signal stops it; never leaves it. */
class StoppedBeforeStep extends Error {}

/** Strips server-owned fields so an object read from the cluster can be written back or saved. */
/** Without a role annotation in the desired account (EKS Pod Identity), an old IRSA one is removed: it would win over the association. */
function withoutDroppedRole(annotations: Record<string, string>, desired: V1ServiceAccount): Record<string, string> {
  if (desired.metadata?.annotations?.[IRSA_ROLE_ANNOTATION]) return annotations;
  const { [IRSA_ROLE_ANNOTATION]: _dropped, ...rest } = annotations;
  return rest;
}

function forBackup<T extends V1Secret | V1ServiceAccount>(o: T): T {
  const { metadata, ...rest } = o;
  return {
    ...rest,
    metadata: { name: metadata?.name, namespace: metadata?.namespace, labels: metadata?.labels, annotations: metadata?.annotations },
  } as T;
}

/**
 * Carries out a reviewed plan, one step at a time, reporting each. Every step is idempotent
 * (create-or-keep, replace only what differs, files written atomically), so an interrupted run is
 * finished by running again.
 */
export async function applyInstallPlan(plan: InstallPlan, deps: ApplyDeps): Promise<ApplyResult> {
  const steps: StepEvent[] = [];
  const backups: string[] = [];
  const now = deps.now ?? (() => new Date());
  const ns = plan.namespace;
  const emit = (e: StepEvent) => {
    const i = steps.findIndex((s) => s.id === e.id);
    if (i >= 0) steps[i] = e;
    else steps.push(e);
    deps.onStep?.(e);
  };
  const step = async (id: string, title: string, fn: () => Promise<string | undefined | void>) => {
    if (deps.signal?.aborted) throw new StoppedBeforeStep();
    emit({ id, title, status: 'running' });
    const detail = await fn();
    emit({ id, title, status: 'done', detail: detail || undefined });
  };

  try {
    for (const o of plan.objects.filter((x) => x.kind === 'Namespace')) {
      await step(`namespace/${o.name}`, `Create namespace ${o.name}`, async () => {
        try {
          await deps.kube.createNamespace(o.name);
        } catch (e) {
          if (isConflict(e)) return 'already existed';
          throw e;
        }
      });
    }

    for (const f of plan.files) {
      if (f.action === 'unchanged') {
        emit({ id: `file/${f.path}`, title: `Write ${f.path}`, status: 'skipped', detail: 'already up to date' });
        continue;
      }
      await step(`file/${f.path}`, `Write ${f.path} (${f.description})`, async () => {
        const r = await writeFileSafely(f.path, f.content, { mode: f.mode, backup: true, now });
        if (r.backupPath) backups.push(r.backupPath);
        return r.backupPath ? `previous copy kept as ${r.backupPath}` : undefined;
      });
    }

    for (const o of plan.objects.filter((x) => x.kind !== 'Namespace')) {
      const id = `${o.kind.toLowerCase()}/${o.name}`;
      if (o.action === 'keep' || o.action === 'unchanged') {
        emit({ id, title: `${o.kind} ${o.name}`, status: 'skipped', detail: o.note ?? 'already up to date' });
        continue;
      }
      await step(id, `${o.action === 'create' ? 'Create' : 'Update'} ${o.kind.toLowerCase()} ${ns}/${o.name}`, () => applyObject(o));
    }

    if (plan.values.changes.length > 0 || !plan.values.existed) {
      await step('values', `Write ${plan.values.path}`, async () => {
        const r = await writeFileSafely(plan.values.path, plan.values.text, { mode: 0o644, backup: true, now });
        if (r.backupPath) backups.push(r.backupPath);
        return r.backupPath ? `previous copy kept as ${r.backupPath}` : undefined;
      });
    } else {
      emit({ id: 'values', title: `Write ${plan.values.path}`, status: 'skipped', detail: 'already up to date' });
    }

    for (const [i, h] of plan.helm.entries()) {
      await step(`helm/${i}`, h.display, async () => {
        const r = await deps.helm.run(h.args, { onLine: (l) => deps.onHelmLine?.(l), timeoutMs: deps.helmTimeoutMs ?? plan.helmTimeoutMs });
        if (r.signal || r.exitCode !== 0) throw helmFailure(h.args, r);
      });
    }
    if (plan.stalePendingRevision !== undefined) {
      const revision = plan.stalePendingRevision;
      await step('helm/stale-pending', `Remove helm's stale pending record of ${plan.release} (revision ${revision})`, () =>
        removeStalePendingRecord(revision),
      );
    }
    return { ok: true, steps, backups };
  } catch (e) {
    if (e instanceof StoppedBeforeStep) return { ok: false, stopped: true, steps, backups };
    const running = steps.find((s) => s.status === 'running');
    const { message, nextStep } = problemOf(e);
    if (running) emit({ ...running, status: 'failed', detail: message });
    return {
      ok: false,
      steps,
      backups,
      error: { message, nextStep, helmOutput: e instanceof HelmError ? e.helmOutput : undefined, cause: e },
    };
  }

  async function applyObject(o: ObjectChange): Promise<string | undefined> {
    if (o.kind === 'Secret') {
      const desired = o.desired as V1Secret;
      if (o.action === 'create') {
        try {
          await deps.kube.createSecret(ns, desired);
          return undefined;
        } catch (e) {
          // Someone created it since the plan was made: never replace it blindly.
          if (isConflict(e)) {
            throw new KubeError(
              'conflict',
              `Secret ${ns}/${o.name} appeared while installing.`,
              'Run the install again: it will show the new secret and ask before replacing it.',
              409,
            );
          }
          throw e;
        }
      }
      const backup = await backupSecret(o.existing as V1Secret);
      const existing = o.existing as V1Secret;
      await deps.kube.replaceSecret(ns, {
        ...desired,
        metadata: {
          ...desired.metadata,
          resourceVersion: existing.metadata?.resourceVersion,
          labels: labelsForUpdate(existing.metadata?.labels, desired.metadata?.labels),
        },
      });
      return `previous content kept in ${backup}`;
    }
    const desired = o.desired as V1ServiceAccount;
    if (o.action === 'create') {
      await deps.kube.createServiceAccount(ns, desired);
      return undefined;
    }
    const existing = o.existing as V1ServiceAccount;
    await deps.kube.replaceServiceAccount(ns, {
      ...existing,
      metadata: {
        ...existing.metadata,
        labels: labelsForUpdate(existing.metadata?.labels, {}),
        annotations: withoutDroppedRole({ ...existing.metadata?.annotations, ...desired.metadata?.annotations }, desired),
      },
    });
    return undefined;
  }

  /**
   * helm keeps the revision a killed helm left pending in its history for good, even after the
   * rollback and upgrade that freed the release; removing that one record (helm's default Secret
   * storage) leaves a history with no pending-* entry. Only a record still labelled pending is removed.
   */
  async function removeStalePendingRecord(revision: number): Promise<string | undefined> {
    if (!['', 'secret', 'secrets'].includes((process.env['HELM_DRIVER'] ?? '').trim().toLowerCase())) {
      return `helm keeps its history in ${process.env['HELM_DRIVER']} storage; remove revision ${revision} there if helm history still lists it as pending`;
    }
    const name = `sh.helm.release.v1.${plan.release}.v${revision}`;
    const record = await deps.kube.getSecret(ns, name);
    if (!record) return 'already gone';
    const labels = record.metadata?.labels ?? {};
    if (record.type !== RELEASE_SECRET_TYPE || labels['owner'] !== 'helm' || !labels['status']?.startsWith('pending-'))
      return `kept: it is no longer pending (${labels['status'] ?? 'no status'})`;
    // Only the record read above (its uid): one deleted and written again since is not removed unseen.
    try {
      await deps.kube.deleteSecret(ns, name, record.metadata?.uid);
    } catch (e) {
      if (isConflict(e)) return 'kept: it was written again since it was read';
      throw e;
    }
    return undefined;
  }

  async function backupSecret(s: V1Secret): Promise<string> {
    const dir = join(plan.outputDir, LOCAL_FILES.backupsDir);
    const path = backupName(join(dir, `secret-${s.metadata?.name}.yaml`), now());
    await writeFileSafely(path, stringify(forBackup(s)), { mode: 0o600, backup: false });
    backups.push(path);
    return path;
  }
}

/** A failed helm run as an error that says what happened: a helm killed by a signal printed nothing to read. */
function helmFailure(args: string[], r: RunResult): HelmError {
  if (r.signal) {
    return new HelmError(
      `helm ${args[0]} was stopped by signal ${r.signal} before it finished${r.stderr.trim() ? '' : ' and printed no error'}: it was killed from outside (e.g. kill, the out-of-memory killer), it did not fail on its own.`,
      'Re-run the install: it finds a release the killed helm left pending and rolls it back before upgrading again.',
      r.stderr.trim(),
    );
  }
  return new HelmError(`helm ${args[0]} failed (exit ${r.exitCode}).`, helmNextStep(args, r.stderr), r.stderr.trim(), r.exitCode);
}

function helmNextStep(args: string[], stderr: string): string {
  if (/no repo named|repo .* not found|could not find/i.test(stderr))
    return 'Run `helm repo add openfaas https://openfaas.github.io/faas-netes/` or pass --chart <folder> for a local chart.';
  if (/UPGRADE FAILED: another operation|in progress/i.test(stderr))
    return 'Another helm operation is still running on this release; wait for it, or roll it back with `helm rollback`, then retry.';
  if (/cannot re-use a name|invalid ownership metadata|exists and cannot be imported/i.test(stderr))
    return 'An object from another release or made by hand is in the way; helm names it above. Remove or rename it, then retry.';
  if (/values|yaml|parse error|cannot unmarshal/i.test(stderr)) return 'Check the values file helm names above; fix the value and retry.';
  if (/timed out|deadline exceeded|i\/o timeout/i.test(stderr)) return 'The cluster was slow to answer helm; check its health and retry.';
  if (/forbidden|unauthorized/i.test(stderr))
    return 'Your credentials lack a permission helm needs (named above); use a context with more rights.';
  return `Read helm's message above; after fixing the cause, re-run: the install picks up where it stopped.`;
}
