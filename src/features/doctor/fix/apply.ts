import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { V1Secret } from '@kubernetes/client-node';
import { writeFileSafely } from '../../../platform/files/secureWrite.js';
import {
  HelmError,
  displayCommand,
  helmTargetFor,
  repoAddArgs,
  repoUpdateArgs,
  rollbackArgs,
  upgradeInstallArgs,
  type Helm,
} from '../../../platform/helm/helm.js';
import type { Kube } from '../../../platform/kube/client.js';
import { KubeError } from '../../../platform/kube/errors.js';
import { certSecretData, generateCertificateSet, writeCertificateFiles } from '../../../shared/certs/index.js';
import { waitForRollout, type RolloutOutcome } from '../../../shared/rollout/rollout.js';
import { backupSecret } from '../../../shared/secrets/backup.js';
import {
  irsaServiceAccountManifest,
  IRSA_ROLE_ANNOTATION,
  labelsForUpdate,
  SECRET_KEYS,
  SECRET_NAMES,
  secretManifest,
} from '../../../shared/secrets/index.js';
import { generateSigningSecret } from '../../../shared/signing/index.js';
import { LOCAL_FILES } from '../../../shared/snapshot/snapshot.js';
import type { StepEvent } from '../../../shared/steps/stepEvent.js';
import { applyValues } from '../../../shared/values/apply.js';
import { readValuesFile, writeValuesFile } from '../../../shared/values/file.js';
import type { FixFacts, PlannedFix, ValueEdit } from './types.js';

export interface FixChart {
  /** The chart reference helm upgrades from (default openfaas/pro-builder). */
  ref: string;
  /** --chart-repo: added as "openfaas" and refreshed before the upgrade. */
  repo?: string;
  /** --chart-version; default the installed chart's version. */
  version?: string;
}

export interface ApplyFixDeps {
  kube: Kube;
  helm: Helm;
  chart: FixChart;
  now?: () => Date;
  onStep?: (e: StepEvent) => void;
  helmTimeoutMs?: number;
  /** How long to watch the restarted or upgraded Deployment before re-checking. */
  rolloutTimeoutMs?: number;
  makeSigningSecret?: () => string;
}

export interface FixApplyResult {
  /** Remedies that finished every step. */
  applied: PlannedFix[];
  failed: { fix: PlannedFix; message: string; nextStep?: string }[];
  steps: StepEvent[];
  backups: string[];
  rollout?: RolloutOutcome;
}

function errorText(e: unknown): { message: string; nextStep?: string } {
  if (e instanceof KubeError || e instanceof HelmError) return { message: e.message, nextStep: e.nextStep };
  const nextStep = (e as { nextStep?: unknown })?.nextStep;
  return { message: (e as Error)?.message ?? String(e), nextStep: typeof nextStep === 'string' ? nextStep : undefined };
}

/**
 * Carries out the accepted fixes with the install's own code, each step create-or-replace so an
 * interrupted run is finished by running again: secrets and files first (files before the secrets
 * they feed, replaced secrets saved to backups/ first), then the values file and one helm upgrade
 * pinned to the installed chart, then one rolling restart when a mounted secret or the service
 * account changed, and a watch of the rollout.
 */
export async function applyFixes(fixes: readonly PlannedFix[], facts: FixFacts, deps: ApplyFixDeps): Promise<FixApplyResult> {
  const now = deps.now ?? (() => new Date());
  const ns = facts.namespace;
  const steps: StepEvent[] = [];
  const backups: string[] = [];
  const emit = (e: StepEvent) => {
    const i = steps.findIndex((s) => s.id === e.id);
    if (i >= 0) steps[i] = e;
    else steps.push(e);
    deps.onStep?.(e);
  };
  const step = async <T>(id: string, title: string, fn: () => Promise<T>, detail?: (v: T) => string | undefined): Promise<T> => {
    emit({ id, title, status: 'running' });
    try {
      const v = await fn();
      emit({ id, title, status: 'done', detail: detail?.(v) });
      return v;
    } catch (e) {
      emit({ id, title, status: 'failed', detail: errorText(e).message });
      throw e;
    }
  };

  /** Creates the secret, or saves the current one to backups/ and replaces it (keeping whose it is). */
  const putSecret = async (desired: V1Secret): Promise<string | undefined> => {
    const name = desired.metadata!.name!;
    const current = await deps.kube.getSecret(ns, name);
    if (!current) {
      await deps.kube.createSecret(ns, desired);
      return undefined;
    }
    const saved = await backupSecret(current, join(facts.outputDir, LOCAL_FILES.backupsDir), now());
    backups.push(saved);
    if ((current.type ?? 'Opaque') !== desired.type) {
      // A secret's type cannot change in place (kubectl create secret docker-registry makes another type):
      // delete and create, the old one saved above. The plan asked for consent, as this tool did not make it.
      // Only the secret saved: one made again since it was read is refused (409), not deleted unseen.
      await deps.kube.deleteSecret(ns, name, current.metadata?.uid);
      await deps.kube.createSecret(ns, {
        ...desired,
        metadata: { ...desired.metadata, labels: labelsForUpdate(current.metadata?.labels, desired.metadata?.labels) },
      });
      return `previous ${current.type} secret saved to ${saved}, then deleted and created as ${desired.type}`;
    }
    await deps.kube.replaceSecret(ns, {
      ...desired,
      metadata: {
        ...desired.metadata,
        resourceVersion: current.metadata?.resourceVersion,
        labels: labelsForUpdate(current.metadata?.labels, desired.metadata?.labels),
        annotations: current.metadata?.annotations,
      },
    });
    return `previous content saved to ${saved}`;
  };

  const writeFile = async (path: string, content: string, mode: number) => {
    const r = await writeFileSafely(path, content, { mode, backup: true, now });
    if (r.backupPath) backups.push(r.backupPath);
    return r.backupPath ? `previous copy kept as ${r.backupPath}` : r.changed ? undefined : 'already up to date';
  };

  const applied: PlannedFix[] = [];
  const failed: FixApplyResult['failed'] = [];
  const edits: ValueEdit[] = [];
  const valueFixes: PlannedFix[] = [];
  let roll = false;
  let upgrade = false;

  for (const fix of fixes) {
    try {
      for (const a of fix.actions) {
        switch (a.op) {
          case 'payload-secret': {
            const path = join(facts.outputDir, LOCAL_FILES.payload);
            let secret: string;
            if (a.reuseLocalFile) {
              secret = await readFile(path, 'utf8');
            } else {
              secret = (deps.makeSigningSecret ?? generateSigningSecret)();
              // The file first: a run stopped after it finds a sound payload.txt and puts the same secret in the cluster.
              await step(
                `file/${path}`,
                `Write ${path}`,
                () => writeFile(path, secret, 0o600),
                (d) => d,
              );
            }
            await step(
              `secret/${SECRET_NAMES.payload}`,
              `${a.replace ? 'Replace' : 'Create'} secret ${ns}/${SECRET_NAMES.payload}`,
              () => putSecret(secretManifest(SECRET_NAMES.payload, ns, { [SECRET_KEYS.payload]: secret })),
              (d) => d,
            );
            break;
          }
          case 'registry-secret': {
            const config = await readFile(a.source);
            await step(
              `secret/${SECRET_NAMES.registry}`,
              `${a.replace ? 'Replace' : 'Create'} secret ${ns}/${SECRET_NAMES.registry} from ${a.source}`,
              () => putSecret(secretManifest(SECRET_NAMES.registry, ns, { [SECRET_KEYS.registry]: config })),
              (d) => d,
            );
            break;
          }
          case 'certificates': {
            const set = await step('certs/generate', 'Generate a new CA, server pair and client pair', () =>
              generateCertificateSet({ now: now() }),
            );
            const certsDir = join(facts.outputDir, LOCAL_FILES.certsDir);
            await step(
              `file/${certsDir}`,
              `Write the certificates to ${certsDir}`,
              async () => {
                const written = await writeCertificateFiles(certsDir, set, { now });
                for (const w of written) if (w.backupPath) backups.push(w.backupPath);
                return written.filter((w) => w.backupPath).length;
              },
              (n) => (n ? `${n} previous files kept beside them` : undefined),
            );
            const data = certSecretData(set);
            // Server side first: until both are written the pods keep the certificates they loaded at start.
            await step(
              `secret/${SECRET_NAMES.daemonCerts}`,
              `Put secret ${ns}/${SECRET_NAMES.daemonCerts}`,
              () => putSecret(secretManifest(SECRET_NAMES.daemonCerts, ns, data.daemon)),
              (d) => d,
            );
            await step(
              `secret/${SECRET_NAMES.clientCerts}`,
              `Put secret ${ns}/${SECRET_NAMES.clientCerts}`,
              () => putSecret(secretManifest(SECRET_NAMES.clientCerts, ns, data.client)),
              (d) => d,
            );
            break;
          }
          case 'irsa-annotate': {
            await step(
              `serviceaccount/${a.serviceAccount}`,
              `Annotate service account ${ns}/${a.serviceAccount} with ${IRSA_ROLE_ANNOTATION}`,
              async () => {
                const current = await deps.kube.getServiceAccount(ns, a.serviceAccount);
                if (!current) {
                  await deps.kube.createServiceAccount(ns, irsaServiceAccountManifest(ns, a.roleArn, a.serviceAccount));
                  return 'created';
                }
                await deps.kube.replaceServiceAccount(ns, {
                  ...current,
                  metadata: {
                    ...current.metadata,
                    labels: labelsForUpdate(current.metadata?.labels, {}),
                    annotations: { ...current.metadata?.annotations, [IRSA_ROLE_ANNOTATION]: a.roleArn },
                  },
                });
                return undefined;
              },
              (d) => d,
            );
            break;
          }
          case 'values':
            edits.push(...a.edits);
            break;
          case 'release-rollback': {
            const args = rollbackArgs(facts.release, helmTargetFor(deps.kube.target, ns));
            await step('helm/rollback', displayCommand('helm', args), () => runHelm(args));
            upgrade = true;
            break;
          }
        }
      }
      if (fix.actions.some((a) => a.op === 'values' || a.op === 'release-rollback')) valueFixes.push(fix);
      else applied.push(fix);
      if (fix.rollsDeployment) roll = true;
    } catch (e) {
      failed.push({ fix, ...errorText(e) });
    }
  }

  if (edits.length || upgrade) {
    try {
      await step(
        'values',
        `Write ${facts.valuesFile}`,
        async () => {
          const before = await readValuesFile(facts.valuesFile);
          const r = applyValues(
            before,
            edits.map((e) => ({ path: e.path, value: e.value })),
            { label: facts.valuesFile },
          );
          if (!r.changes.length && before !== undefined) return 'already up to date';
          const w = await writeValuesFile(facts.valuesFile, r.text, now);
          if (w.backupPath) backups.push(w.backupPath);
          return w.backupPath ? `previous copy kept as ${w.backupPath}` : undefined;
        },
        (d) => d,
      );
      await helmUpgrade();
      applied.push(...valueFixes);
    } catch (e) {
      for (const fix of valueFixes) failed.push({ fix, ...errorText(e) });
    }
  }

  let rollout: RolloutOutcome | undefined;
  if (roll && facts.deploymentName) {
    const name = facts.deploymentName;
    try {
      await step(`restart/${name}`, `Restart deployment ${ns}/${name}`, () => deps.kube.restartDeployment(ns, name, now()));
    } catch (e) {
      const err = errorText(e);
      for (const fix of applied.filter((f) => f.rollsDeployment)) failed.push({ fix, ...err });
    }
  }
  if (roll || edits.length || upgrade) {
    const title = `Wait for the rollout of ${ns}/${facts.deploymentName ?? facts.release}`;
    emit({ id: 'rollout', title, status: 'running' });
    rollout = await waitForRollout(deps.kube, ns, facts.release, { timeoutMs: deps.rolloutTimeoutMs ?? 120_000 });
    emit({
      id: 'rollout',
      title,
      status: rollout.ok ? 'done' : 'failed',
      detail: rollout.progress?.message ?? (rollout.ok ? undefined : 'did not finish in time'),
    });
  }
  const failedSet = new Set(failed.map((f) => f.fix));
  return { applied: applied.filter((f) => !failedSet.has(f)), failed, steps, backups, rollout };

  async function runHelm(args: string[]): Promise<void> {
    const r = await deps.helm.run(args, { timeoutMs: deps.helmTimeoutMs ?? 5 * 60_000 });
    if (r.signal || r.exitCode !== 0) {
      const how = r.signal ? `was stopped by ${r.signal}` : `failed (exit ${r.exitCode})`;
      throw new HelmError(`helm ${args[0]} ${how}.`, helmNextStep(r.stderr), r.stderr.trim(), r.exitCode);
    }
  }

  async function helmUpgrade(): Promise<void> {
    if (deps.chart.repo) {
      for (const args of [repoAddArgs(deps.chart.repo), repoUpdateArgs()])
        await step(`helm/${args[1]}`, displayCommand('helm', args), () => runHelm(args));
    }
    const args = [
      ...upgradeInstallArgs({
        ...helmTargetFor(deps.kube.target, ns),
        release: facts.release,
        chart: deps.chart.ref,
        valuesFiles: [facts.valuesFile],
        chartVersion: deps.chart.version ?? facts.chartVersion,
      }),
      // The chart's defaults, then the release's current values, then the file: nothing else changes.
      '--reset-then-reuse-values',
    ];
    await step('helm/upgrade', displayCommand('helm', args), () => runHelm(args));
  }
}

function helmNextStep(stderr: string): string {
  if (/no repo named|repo .* not found|could not find|failed to download/i.test(stderr)) {
    return 'helm cannot find the chart: pass --chart-repo <url> (the repository the install used), then run doctor --fix again.';
  }
  if (/another operation .* in progress/i.test(stderr))
    return 'Another helm operation is running on this release; wait for it (or roll it back), then run doctor --fix again.';
  return "Read helm's message above; after fixing the cause, run doctor --fix again.";
}
