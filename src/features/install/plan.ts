import { join } from 'node:path';
import type { V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import type { ClusterTarget } from '../../platform/kube/config.js';
import { InstallInputError, type InstallAnswers } from './answers.js';
import { type RegistryAnswer } from '../../shared/registry/answer.js';
import { podIdentityAssociationCommand } from '../../shared/registry/podIdentity.js';
import type { ClusterSnapshot, LocalSnapshot } from '../../shared/snapshot/snapshot.js';
import { LOCAL_FILES } from '../../shared/snapshot/snapshot.js';
import {
  SECRET_NAMES,
  SECRET_KEYS,
  IRSA_SERVICE_ACCOUNT,
  IRSA_ROLE_ANNOTATION,
  secretManifest,
  irsaServiceAccountManifest,
  secretDataEqual,
  describeSecret,
  decodeSecretData,
} from '../../shared/secrets/index.js';
import { ttlshConfig, privateRegistryConfig, ecrConfig, serializeDockerConfig, ecrIamPolicyJson } from '../../shared/registry/index.js';
import { assessSigningSecret } from '../../shared/signing/index.js';
import { auditCertificateSecrets, certSecretData, CERTIFICATE_FILES, type CertificateSet } from '../../shared/certs/index.js';
import type { ResolvedChart } from '../../shared/chart/resolve.js';
import { chartChange, type ChartChange } from '../../shared/chart/chartChange.js';
import type { ValueChange } from '../../shared/values/apply.js';
import {
  displayCommand,
  helmTargetFor,
  rollbackArgs,
  uninstallArgs,
  upgradeInstallArgs,
  type HelmTarget,
  type ReleaseStatus,
} from '../../platform/helm/helm.js';

export type ObjectAction = 'create' | 'update' | 'keep' | 'unchanged';

/** One Kubernetes object the install creates, changes or leaves alone, as the review screen lists it. */
export interface ObjectChange {
  kind: 'Namespace' | 'Secret' | 'ServiceAccount';
  name: string;
  action: ObjectAction;
  note?: string;
  /** Key names and byte lengths only: what the review may show of a secret. */
  keys?: { key: string; bytes: number }[];
  desired?: V1Secret | V1ServiceAccount;
  existing?: V1Secret | V1ServiceAccount;
}

export interface FileChange {
  path: string;
  action: 'write' | 'unchanged';
  /** A file with other content is there already: it is replaced, and the old copy kept as a backup. */
  existed?: boolean;
  mode: number;
  content: string;
  description: string;
}

export interface HelmStep {
  args: string[];
  display: string;
  /** Why this command is in the plan, when that is not obvious (e.g. freeing a stuck release). */
  note?: string;
}

export interface InstallPlan {
  target: ClusterTarget;
  namespace: string;
  release: string;
  outputDir: string;
  chart: ResolvedChart;
  /** The installed release's chart → the reviewed one, with what changes across generations. */
  chartChange?: ChartChange;
  objects: ObjectChange[];
  files: FileChange[];
  values: { path: string; text: string; changes: ValueChange[]; existed: boolean };
  helm: HelmStep[];
  /** A revision a killed helm left pending-upgrade/-rollback: its record is removed once the rollback and upgrade succeeded. */
  stalePendingRevision?: number;
  /** Each helm command is stopped after this long (the --timeout answer), so a hung helm never hangs the install. */
  helmTimeoutMs?: number;
  /** Material the apply phase needs but the review never shows. */
  secretsMaterial: { signingSecret: string; certs?: CertificateSet; certsGenerated: boolean };
}

export interface PlanInputs {
  answers: InstallAnswers;
  chart: ResolvedChart;
  target: ClusterTarget;
  cluster: ClusterSnapshot;
  local: LocalSnapshot;
  values: { text: string; changes: ValueChange[] };
  /** Fresh material, made by the caller only when needed (keeps this function pure and fast). */
  fresh: { signingSecret: () => string; certs?: CertificateSet };
  helmBin: string;
  now: Date;
  /** The helm release as found (undefined: none). One stuck in a pending state is freed first. */
  release?: Pick<ReleaseStatus, 'status' | 'revision' | 'chartVersion'>;
}

export function registryConfigText(r: RegistryAnswer): string {
  switch (r.kind) {
    case 'ttlsh':
      return serializeDockerConfig(ttlshConfig());
    case 'private':
      return serializeDockerConfig(privateRegistryConfig(r.server, r.username, r.password));
    case 'docker-config':
      return r.text;
    case 'ecr':
    case 'ecr-irsa':
      return serializeDockerConfig(ecrConfig(r.accountId, r.region));
  }
}

function decodedKey(secret: V1Secret | undefined, key: string): string | undefined {
  if (!secret) return undefined;
  const v = decodeSecretData(secret)[key];
  return v === undefined ? undefined : v.toString('utf8');
}

/** A secret the tool owns: created when absent, replaced (with a backup) when its content differs. */
function ownedSecret(name: string, desired: V1Secret, existing: V1Secret | undefined): ObjectChange {
  const keys = describeSecret(desired).keys;
  if (!existing) return { kind: 'Secret', name, action: 'create', keys, desired };
  if (secretDataEqual(existing, desired)) return { kind: 'Secret', name, action: 'unchanged', keys, existing };
  return { kind: 'Secret', name, action: 'update', keys, desired, existing, note: 'content differs; the current one is backed up first' };
}

/**
 * Decides everything the install will do, from what exists and what was answered. Pure: reads no
 * cluster and no disk, so the review screen, --dry-run and the apply phase all see the same plan.
 */
export function buildInstallPlan(p: PlanInputs): InstallPlan {
  const { answers: a, cluster, local } = p;
  const ns = a.namespace;
  const objects: ObjectChange[] = [];
  const files: FileChange[] = [];
  const out = (name: string) => join(a.outputDir, name);
  const localFile = (path: string, mode: number, content: string, description: string): FileChange => ({
    path,
    action: local.files?.[path] === content ? 'unchanged' : 'write',
    existed: local.files?.[path] !== undefined,
    mode,
    content,
    description,
  });

  if (!cluster.namespaceExists) objects.push({ kind: 'Namespace', name: ns, action: 'create' });

  // License: shared with the rest of OpenFaaS, so an existing one is never replaced.
  const existingLicense = cluster.secrets.license;
  if (existingLicense) {
    objects.push({
      kind: 'Secret',
      name: SECRET_NAMES.license,
      action: 'keep',
      keys: describeSecret(existingLicense).keys,
      existing: existingLicense,
      note: 'already present; other OpenFaaS components use it',
    });
  } else {
    if (!a.license) {
      throw new InstallInputError(
        `Secret ${SECRET_NAMES.license} is not in namespace ${ns} and no license file was found at ~/.openfaas/LICENSE.`,
        'Pass --license-file <path> with your OpenFaaS Pro license.',
        '--license-file',
      );
    }
    const desired = secretManifest(SECRET_NAMES.license, ns, { [SECRET_KEYS.license]: a.license });
    objects.push({
      kind: 'Secret',
      name: SECRET_NAMES.license,
      action: 'create',
      keys: describeSecret(desired).keys,
      desired,
      note: `from ${a.licensePath}`,
    });
  }

  // Registry config: the answer is the truth; the same bytes go to the secret and to config.json.
  const registryText = registryConfigText(a.registry);
  objects.push(
    ownedSecret(
      SECRET_NAMES.registry,
      secretManifest(SECRET_NAMES.registry, ns, { [SECRET_KEYS.registry]: registryText }),
      cluster.secrets.registry,
    ),
  );
  files.push(localFile(out(LOCAL_FILES.registryConfig), 0o600, registryText, 'registry config.json'));

  if (a.registry.kind === 'ecr') {
    const name = SECRET_NAMES.awsCredentials;
    objects.push(ownedSecret(name, secretManifest(name, ns, { [name]: a.registry.credentialsIni }), cluster.secrets.awsCredentials));
  }
  if (a.registry.kind === 'ecr-irsa') {
    const podIdentity = a.registry.podIdentity;
    // With EKS Pod Identity the role comes from an association; an IRSA annotation left on the account would win over it.
    const wanted = podIdentity ? undefined : a.registry.roleArn;
    const desired = irsaServiceAccountManifest(ns, wanted);
    const existing = cluster.irsaServiceAccount;
    const current = existing?.metadata?.annotations?.[IRSA_ROLE_ANNOTATION];
    const association = podIdentity
      ? podIdentityAssociationCommand({
          clusterName: podIdentity.clusterName,
          namespace: ns,
          serviceAccount: IRSA_SERVICE_ACCOUNT,
          roleArn: a.registry.roleArn,
          region: a.registry.region,
        })
      : undefined;
    objects.push({
      kind: 'ServiceAccount',
      name: IRSA_SERVICE_ACCOUNT,
      action: !existing ? 'create' : current === wanted ? 'unchanged' : 'update',
      desired,
      existing,
      note: association
        ? `${current ? `role annotation ${current} is removed; ` : ''}EKS Pod Identity gives it ${a.registry.roleArn} once associated: ${association}`
        : existing && current !== a.registry.roleArn
          ? `role annotation ${current ? `changes from ${current}` : 'is added'}: ${IRSA_ROLE_ANNOTATION}=${a.registry.roleArn}`
          : `${IRSA_ROLE_ANNOTATION}=${a.registry.roleArn}`,
    });
    if (a.registry.policyFile) {
      files.push(
        localFile(
          a.registry.policyFile,
          0o644,
          ecrIamPolicyJson(),
          podIdentity ? 'IAM policy for the Pod Identity role' : 'IAM policy for the IRSA role',
        ),
      );
    }
  }

  // Signing secret: keep the cluster's unless rotating; otherwise reuse a sound payload.txt an
  // interrupted run left behind, so the cluster and the file never disagree.
  const existingPayload = decodedKey(cluster.secrets.payload, SECRET_KEYS.payload);
  let signingSecret: string;
  if (existingPayload !== undefined && !a.rotateSigningSecret) {
    signingSecret = existingPayload;
    objects.push({
      kind: 'Secret',
      name: SECRET_NAMES.payload,
      action: 'keep',
      keys: describeSecret(cluster.secrets.payload!).keys,
      existing: cluster.secrets.payload,
      note: 'kept (use --rotate-signing-secret to replace it)',
    });
  } else {
    const reusable = local.payload !== undefined && existingPayload === undefined && assessSigningSecret(local.payload).length === 0;
    signingSecret = reusable ? local.payload! : p.fresh.signingSecret();
    const desired = secretManifest(SECRET_NAMES.payload, ns, { [SECRET_KEYS.payload]: signingSecret });
    const change = ownedSecret(SECRET_NAMES.payload, desired, cluster.secrets.payload);
    if (reusable) change.note = `from the existing ${LOCAL_FILES.payload}`;
    const distrusted = local.notReused?.find((n) => n.path === out(LOCAL_FILES.payload));
    if (!reusable && distrusted) change.note = `new: ${distrusted.path} was not reused (${distrusted.reason})`;
    if (a.rotateSigningSecret && existingPayload !== undefined) change.note = 'rotated: build clients need the new payload.txt';
    objects.push(change);
  }
  files.push({
    path: out(LOCAL_FILES.payload),
    action: local.payload === signingSecret ? 'unchanged' : 'write',
    existed: local.payload !== undefined,
    mode: 0o600,
    content: signingSecret,
    description: 'HMAC signing secret for build clients',
  });

  // BuildKit mTLS, only for the chart generation that uses it.
  let certs: CertificateSet | undefined;
  let certsGenerated = false;
  if (p.chart.generation === 'mtls') {
    const daemon = cluster.secrets.daemonCerts;
    const client = cluster.secrets.clientCerts;
    const reusable = reusableCertificates(cluster, local, p.now);
    if (reusable === 'cluster') {
      for (const s of [daemon!, client!]) {
        objects.push({
          kind: 'Secret',
          name: s.metadata!.name!,
          action: 'keep',
          keys: describeSecret(s).keys,
          existing: s,
          note: 'valid certificates kept',
        });
      }
    } else {
      const localSound = reusable === 'local';
      certs = localSound ? local.certs! : p.fresh.certs;
      if (!certs) throw new Error('internal: the plan needs new certificates but none were generated');
      certsGenerated = !localSound;

      const data = certSecretData(certs);
      objects.push(ownedSecret(SECRET_NAMES.daemonCerts, secretManifest(SECRET_NAMES.daemonCerts, ns, data.daemon), daemon));
      const distrusted = local.notReused?.filter((n) => n.path.startsWith(out(LOCAL_FILES.certsDir)));
      if (certsGenerated && distrusted?.length) {
        objects.at(-1)!.note = `new certificates: ${distrusted.map((n) => `${n.path} was not reused (${n.reason})`).join('; ')}`;
      }
      objects.push(ownedSecret(SECRET_NAMES.clientCerts, secretManifest(SECRET_NAMES.clientCerts, ns, data.client), client));
      for (const [field, file] of Object.entries(CERTIFICATE_FILES) as [keyof CertificateSet, string][]) {
        files.push({
          path: join(out(LOCAL_FILES.certsDir), file),
          action: localSound ? 'unchanged' : 'write',
          mode: 0o600,
          content: certs[field],
          description: `BuildKit mTLS ${file}`,
        });
      }
    }
  }

  const helm: HelmStep[] = [];
  const isLocalChart = p.chart.source === 'local';
  const helmTarget = helmTargetFor(p.target, ns);
  const stuck = stuckReleaseStep(a.release, p.release, helmTarget);
  if (stuck) helm.push(stuck);
  const upgrade = upgradeInstallArgs({
    ...helmTarget,
    release: a.release,
    chart: a.chart,
    valuesFiles: [a.valuesFile],
    // The version the review showed, so helm installs exactly that chart (the repository was refreshed while planning).
    chartVersion: isLocalChart ? undefined : p.chart.metadata.version,
  });
  helm.push({ args: upgrade, display: displayCommand('helm', upgrade) });

  return {
    target: p.target,
    namespace: ns,
    release: a.release,
    outputDir: a.outputDir,
    chart: p.chart,
    chartChange: chartChange(p.release?.chartVersion, p.chart.traits),
    objects,
    files,
    values: { path: a.valuesFile, text: p.values.text, changes: p.values.changes, existed: local.valuesText !== undefined },
    helm,
    stalePendingRevision: stuck && p.release?.status !== 'pending-install' ? p.release?.revision : undefined,
    helmTimeoutMs: a.timeoutMs,
    secretsMaterial: { signingSecret, certs, certsGenerated },
  };
}

/**
 * A helm killed mid-operation (Ctrl+C twice, a closed laptop, SIGKILL) leaves its release in a
 * pending state, and every later upgrade fails with "another operation is in progress". A release
 * that never finished installing is removed (the chart's objects only: the secrets are not helm's);
 * one stuck upgrading or rolling back goes back to its previous revision. The review shows this.
 */
export function stuckReleaseStep(release: string, found: PlanInputs['release'], target: HelmTarget): HelmStep | undefined {
  if (!found) return undefined;
  const left = `release ${release} is stuck in ${found.status} (revision ${found.revision}), as a helm that was stopped mid-way leaves it`;
  if (found.status === 'pending-install') {
    const args = uninstallArgs(release, target);
    return { args, display: displayCommand('helm', args), note: `${left}; it never finished installing, so it is removed first` };
  }
  if (found.status === 'pending-upgrade' || found.status === 'pending-rollback') {
    const args = rollbackArgs(release, target);
    return {
      args,
      display: displayCommand('helm', args),
      note: `${left}; it is rolled back to the previous revision first, and the stale ${found.status} record is removed from helm's history after the upgrade`,
    };
  }
  return undefined;
}

/**
 * Which BuildKit certificates an install can keep instead of making new ones: the cluster's when
 * both secrets pass the audit, else a sound set an earlier (perhaps interrupted) run left on disk.
 */
export function reusableCertificates(cluster: ClusterSnapshot, local: LocalSnapshot, now: Date): 'cluster' | 'local' | undefined {
  const sound = (data: { daemon?: Record<string, Buffer | string>; client?: Record<string, Buffer | string> }) =>
    auditCertificateSecrets(data, now).every((f) => f.severity !== 'fail');
  const { daemonCerts, clientCerts } = cluster.secrets;
  if (daemonCerts && clientCerts && sound({ daemon: decodeSecretData(daemonCerts), client: decodeSecretData(clientCerts) }))
    return 'cluster';
  if (local.certs && sound(certSecretData(local.certs))) return 'local';
  return undefined;
}

/** Files besides payload.txt, the certificates and the values file whose current content the plan compares. */
export function plannedLocalFiles(a: InstallAnswers): string[] {
  const files = [join(a.outputDir, LOCAL_FILES.registryConfig)];
  if (a.registry.kind === 'ecr-irsa' && a.registry.policyFile) files.push(a.registry.policyFile);
  return files;
}
