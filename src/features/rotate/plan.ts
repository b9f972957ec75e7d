import { join } from 'node:path';
import type { RotateTarget } from './options.js';
import type { ClusterTarget } from '../../platform/kube/config.js';
import { chartGeneration } from '../../shared/chart/version.js';
import { ChartError } from '../../shared/chart/errors.js';
import { LOCAL_FILES } from '../../shared/snapshot/snapshot.js';
import { SECRET_NAMES, decodeSecretData } from '../../shared/secrets/index.js';
import { auditCertificateSecrets } from '../../shared/certs/index.js';
import { rotationFiles, type RotationSnapshot } from './snapshot.js';

export interface RotationChange {
  kind: 'Secret' | 'File' | 'Deployment';
  name: string;
  action: 'replace' | 'create' | 'write' | 'restart';
  note: string;
}

export interface RotationPlan {
  rotate: RotateTarget;
  target: ClusterTarget;
  namespace: string;
  release: string;
  outputDir: string;
  deploymentName: string;
  chartVersion?: string;
  changes: RotationChange[];
  /** What the user should know before confirming (two secrets on different CAs). */
  warnings: string[];
  /** Where the previous secrets are saved before they are replaced. */
  backupsDir: string;
}

/** Why there is nothing to do: not installed (a failure) or nothing to rotate (fine, exit 0). */
export interface RotationRefusal {
  kind: 'not-installed' | 'nothing-to-rotate';
  message: string;
  nextStep?: string;
}

export type RotationDecision = { kind: 'plan'; plan: RotationPlan } | RotationRefusal;

export const SOCKET_NOTHING_TO_ROTATE = 'this chart uses a unix socket; there are no certificates to rotate';

function notInstalled(s: RotationSnapshot): RotationRefusal | undefined {
  const install = `Check --release and --namespace, or install first: probuilder-setup install -n ${s.namespace}`;
  if (!s.namespaceExists)
    return {
      kind: 'not-installed',
      message: `Namespace ${s.namespace} does not exist, so there is no pro-builder to rotate.`,
      nextStep: install,
    };
  if (!s.helmRelease)
    return { kind: 'not-installed', message: `There is no helm release ${s.release} in namespace ${s.namespace}.`, nextStep: install };
  if (!s.deployment?.metadata?.name) {
    return {
      kind: 'not-installed',
      message: `Release ${s.release} exists in ${s.namespace} but its Deployment was not found.`,
      nextStep: `Run probuilder-setup doctor -n ${s.namespace} to see what is wrong, or re-run the install.`,
    };
  }
  return undefined;
}

function secretChange(name: string, exists: boolean, what: string): RotationChange {
  return exists
    ? { kind: 'Secret', name, action: 'replace', note: `new ${what}; the current secret is saved to ${LOCAL_FILES.backupsDir}/ first` }
    : { kind: 'Secret', name, action: 'create', note: `new ${what} (the secret was missing)` };
}

function fileChange(s: RotationSnapshot, relative: string, what: string): RotationChange {
  const path = join(s.outputDir, relative);
  const mode = relative.endsWith('.key') || relative === LOCAL_FILES.payload ? '0600' : '0644';
  return {
    kind: 'File',
    name: path,
    action: 'write',
    note: `${what} (${mode})${s.localFiles[relative] ? '; the previous copy is kept beside it' : ''}`,
  };
}

/**
 * Kubernetes cannot replace two secrets at once: a run killed between the two writes leaves them
 * on different CAs (BuildKit and pro-builder then refuse each other). This rotation fixes it; the
 * plan says so, so nobody wonders why the builder was failing.
 */
export function certificateCaWarnings(s: Pick<RotationSnapshot, 'secrets'>): string[] {
  const { daemonCerts, clientCerts } = s.secrets;
  if (!daemonCerts || !clientCerts) return [];
  // The doctor's certificate audit says what "different CAs" means (a missing or unreadable ca.crt is not that);
  // of its findings only this one is read, and it does not depend on the time given.
  const audit = auditCertificateSecrets({ daemon: decodeSecretData(daemonCerts), client: decodeSecretData(clientCerts) }, new Date());
  if (!audit.some((f) => f.code === 'ca-mismatch')) return [];
  return [
    `${SECRET_NAMES.daemonCerts} and ${SECRET_NAMES.clientCerts} hold certificates issued by different CAs (an earlier rotation was probably interrupted between its two writes); both are replaced from one new CA.`,
  ];
}

/**
 * What a rotation would change, from what exists. Pure: --dry-run shows exactly this, and the
 * apply carries it out. Refuses when nothing is installed, and for `certs` on a chart that uses a
 * unix socket (0.6 and later), where there is nothing to rotate.
 */
export function planRotation(rotate: RotateTarget, s: RotationSnapshot): RotationDecision {
  const missing = notInstalled(s);
  if (missing) return missing;
  const base = {
    rotate,
    target: s.target,
    namespace: s.namespace,
    release: s.release,
    outputDir: s.outputDir,
    deploymentName: s.deployment!.metadata!.name!,
    chartVersion: s.helmRelease?.chartVersion,
    backupsDir: join(s.outputDir, LOCAL_FILES.backupsDir),
  };
  const restart: RotationChange = {
    kind: 'Deployment',
    name: base.deploymentName,
    action: 'restart',
    note: 'rolling restart so the pods load the new secret',
  };

  if (rotate === 'signing-secret') {
    return {
      kind: 'plan',
      plan: {
        ...base,
        changes: [
          secretChange(SECRET_NAMES.payload, s.secrets.payload !== undefined, 'HMAC signing secret'),
          fileChange(s, LOCAL_FILES.payload, 'the new signing secret for build clients'),
          restart,
        ],
        warnings: [],
      },
    };
  }

  const version = s.helmRelease?.chartVersion;
  if (!version) {
    return {
      kind: 'not-installed',
      message: `helm did not report the chart version of release ${s.release}.`,
      nextStep: `Check it with: helm get metadata ${s.release} -n ${s.namespace}`,
    };
  }
  let generation;
  try {
    generation = chartGeneration(version);
  } catch (e) {
    if (!(e instanceof ChartError)) throw e;
    return {
      kind: 'not-installed',
      message: `Release ${s.release} reports chart version "${version}", which is not a version this tool understands.`,
      nextStep: e.nextStep,
    };
  }
  if (generation === 'socket') return { kind: 'nothing-to-rotate', message: `Chart ${version}: ${SOCKET_NOTHING_TO_ROTATE}.` };
  return {
    kind: 'plan',
    plan: {
      ...base,
      changes: [
        secretChange(SECRET_NAMES.daemonCerts, s.secrets.daemonCerts !== undefined, 'CA and BuildKit server pair'),
        secretChange(SECRET_NAMES.clientCerts, s.secrets.clientCerts !== undefined, 'CA and pro-builder client pair'),
        ...rotationFiles('certs').map((f) => fileChange(s, f, 'new certificate material')),
        restart,
      ],
      warnings: certificateCaWarnings(s),
    },
  };
}
