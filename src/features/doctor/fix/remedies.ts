import { join } from 'node:path';
import { BUILDKIT_SECURITY_CONTEXT } from '../../../shared/chart/generations.js';
import { SECRET_NAMES } from '../../../shared/secrets/index.js';
import { LOCAL_FILES } from '../../../shared/snapshot/snapshot.js';
import { buildkitImageForMode, isRootlessImage } from '../../../shared/values/buildkitImage.js';
import type { FixChange, FixFacts, PlannedFix, Remedy, ValueEdit } from './types.js';

const notOurs = (name: string) => `replaces secret ${name}, which probuilder-setup did not make`;

function restart(f: FixFacts, why: string): FixChange {
  return { kind: 'Deployment', name: f.deploymentName ?? f.release, action: 'restart', detail: `rolling restart so the pods ${why}` };
}

function backupNote(exists: boolean): string {
  return exists ? `; the current one is saved to ${LOCAL_FILES.backupsDir}/ (0600) first` : '';
}

/** The values-file line and the pinned upgrade that every values remedy shares. */
function valuesChanges(f: FixFacts, edits: ValueEdit[]): FixChange[] {
  const shown = (v: unknown) => (v === undefined ? '(unset)' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return [
    ...edits.map((e): FixChange => ({
      kind: 'Values',
      name: f.valuesFile,
      action: 'set',
      detail: `${e.path.join('.')}: ${shown(e.before)} → ${shown(e.value)}`,
    })),
    {
      kind: 'Helm',
      name: f.release,
      action: 'upgrade',
      detail: `helm upgrade pinned to the installed chart${f.chartVersion ? ` ${f.chartVersion}` : ''} with ${f.valuesFile} (the release's other values are kept)`,
    },
  ];
}

function valuesFix(f: FixFacts, base: Omit<PlannedFix, 'changes' | 'actions' | 'rollsDeployment'>, edits: ValueEdit[]): PlannedFix {
  return { ...base, changes: valuesChanges(f, edits), actions: [{ op: 'values', edits }], rollsDeployment: false };
}

export const stuckReleaseRemedy: Remedy = {
  id: 'stuck-release',
  checkIds: ['helm.release'],
  plan({ facts: f, findings }) {
    const r = f.releaseStatus;
    if (!r || (r.status !== 'pending-upgrade' && r.status !== 'pending-rollback')) return undefined;
    const recent = findings.every((o) => o.status !== 'fail');
    return {
      remedy: 'stuck-release',
      findings: findings.map((o) => o.id),
      checks: ['helm.release', 'helm.values', 'workload.deployment'],
      title: `Free release ${f.release}, left in ${r.status} (revision ${r.revision}) by a helm that stopped mid-way`,
      changes: [
        { kind: 'Helm', name: f.release, action: 'upgrade', detail: `helm rollback to the revision before ${r.revision}` },
        ...valuesChanges(f, []),
      ],
      actions: [{ op: 'release-rollback', revision: r.revision }],
      needsConsent: recent ? `rolls back a helm operation that started less than 10 minutes ago and may still be running` : undefined,
      rollsDeployment: false,
    };
  },
};

export const payloadSecretRemedy: Remedy = {
  id: 'payload-secret',
  checkIds: ['secrets.payload'],
  plan({ facts: f, findings }) {
    const exists = f.payloadSecret !== undefined;
    const reuse = f.localPayload === 'sound';
    const payloadPath = join(f.outputDir, LOCAL_FILES.payload);
    const changes: FixChange[] = [];
    if (!reuse)
      changes.push({
        kind: 'File',
        name: payloadPath,
        action: 'write',
        detail: `new signing secret, 32 random bytes (0600)${f.localPayload === 'unsound' ? '; the unusable copy is kept beside it' : ''}`,
      });
    changes.push({
      kind: 'Secret',
      name: SECRET_NAMES.payload,
      action: exists ? 'replace' : 'create',
      detail: `${reuse ? `from ${payloadPath}, which holds a sound signing secret` : 'from the new payload.txt'}${backupNote(exists)}`,
    });
    changes.push(restart(f, 'load the signing secret'));
    return {
      remedy: 'payload-secret',
      findings: findings.map((o) => o.id),
      checks: ['secrets.payload', 'workload.deployment', 'workload.pods'],
      title: exists ? `Replace ${SECRET_NAMES.payload}` : `Create the missing ${SECRET_NAMES.payload}`,
      changes,
      actions: [{ op: 'payload-secret', reuseLocalFile: reuse, replace: exists }],
      needsConsent: exists && !f.payloadSecret!.ours ? notOurs(SECRET_NAMES.payload) : undefined,
      rollsDeployment: true,
    };
  },
};

export const registrySecretRemedy: Remedy = {
  id: 'registry-secret',
  checkIds: ['secrets.registry'],
  plan({ facts: f, findings }) {
    if (!findings.some((o) => o.status === 'fail')) return undefined;
    const source = f.dockerConfig;
    if (!source)
      return {
        unfixable: `No config.json to create it from: pass --docker-config <file>, or keep the install's ${join(f.outputDir, LOCAL_FILES.registryConfig)} in --output-dir.`,
      };
    if (!source.usable) return { unfixable: `${source.path} cannot be used: ${source.problem ?? 'it is not a usable Docker config.json'}` };
    const exists = f.registrySecret !== undefined;
    return {
      remedy: 'registry-secret',
      findings: findings.map((o) => o.id),
      checks: ['secrets.registry', 'workload.deployment', 'workload.pods'],
      title: exists
        ? `Replace ${SECRET_NAMES.registry} from ${source.path}`
        : `Create the missing ${SECRET_NAMES.registry} from ${source.path}`,
      changes: [
        {
          kind: 'Secret',
          name: SECRET_NAMES.registry,
          action: exists ? 'replace' : 'create',
          detail: `key config.json from ${source.path}${backupNote(exists)}`,
        },
        restart(f, 'load the registry credentials'),
      ],
      actions: [{ op: 'registry-secret', source: source.path, replace: exists }],
      needsConsent: exists && !f.registrySecret!.ours ? notOurs(SECRET_NAMES.registry) : undefined,
      rollsDeployment: true,
    };
  },
};

export const certificatesRemedy: Remedy = {
  id: 'certificates',
  checkIds: ['secrets.certificates'],
  plan({ facts: f, findings }) {
    if (f.generation !== 'mtls')
      return { unfixable: 'The chart version is unknown or uses a unix socket: there are no certificates to re-issue.' };
    const { daemon, client } = f.certSecrets;
    const foreign = [
      daemon && !daemon.ours ? SECRET_NAMES.daemonCerts : undefined,
      client && !client.ours ? SECRET_NAMES.clientCerts : undefined,
    ].filter(Boolean);
    const certsDir = join(f.outputDir, LOCAL_FILES.certsDir);
    return {
      remedy: 'certificates',
      findings: findings.map((o) => o.id),
      checks: ['secrets.certificates', 'workload.deployment', 'workload.pods'],
      title: 'Re-issue the BuildKit mTLS certificates (a new CA, server and client pair)',
      changes: [
        {
          kind: 'File',
          name: certsDir,
          action: 'write',
          detail: 'new CA, server and client certificates (keys 0600); previous files kept beside them',
        },
        {
          kind: 'Secret',
          name: SECRET_NAMES.daemonCerts,
          action: daemon ? 'replace' : 'create',
          detail: `CA and BuildKit server pair (IP SAN 127.0.0.1)${backupNote(Boolean(daemon))}`,
        },
        {
          kind: 'Secret',
          name: SECRET_NAMES.clientCerts,
          action: client ? 'replace' : 'create',
          detail: `CA and pro-builder client pair${backupNote(Boolean(client))}`,
        },
        restart(f, 'load the new certificates'),
      ],
      actions: [{ op: 'certificates', replace: Boolean(daemon || client) }],
      needsConsent: foreign.length ? `replaces ${foreign.join(' and ')}, which probuilder-setup did not make` : undefined,
      rollsDeployment: true,
    };
  },
};

export const irsaAnnotationRemedy: Remedy = {
  id: 'irsa-annotation',
  checkIds: ['irsa.service-account'],
  plan({ facts: f, findings }) {
    if (!findings.some((o) => o.status === 'fail') || !f.irsa) return undefined;
    if (!f.irsa.roleArn)
      return {
        unfixable:
          'The IAM role is not known: pass --aws-role-arn arn:aws:iam::<account-id>:role/<role-name> to annotate the service account.',
      };
    const sa = f.irsa.serviceAccount;
    return {
      remedy: 'irsa-annotation',
      findings: findings.map((o) => o.id),
      checks: ['irsa.service-account', 'irsa.token', 'irsa.pod-env', 'workload.deployment', 'workload.pods'],
      title: `${f.irsa.exists ? 'Annotate' : 'Create and annotate'} service account ${sa} with the IAM role`,
      changes: [
        {
          kind: 'ServiceAccount',
          name: sa,
          action: f.irsa.exists ? 'annotate' : 'create',
          detail: `eks.amazonaws.com/role-arn: ${f.irsa.roleArn}`,
        },
        restart(f, 'get the role injected'),
      ],
      actions: [{ op: 'irsa-annotate', serviceAccount: sa, roleArn: f.irsa.roleArn, create: !f.irsa.exists }],
      rollsDeployment: true,
    };
  },
};

export const hmacRemedy: Remedy = {
  id: 'hmac',
  checkIds: ['helm.values'],
  plan({ facts: f, findings }) {
    if (!f.values?.disableHmac) return undefined;
    return valuesFix(
      f,
      {
        remedy: 'hmac',
        findings: findings.map((o) => o.id),
        checks: ['helm.values', 'helm.release', 'workload.deployment'],
        title: 'Turn request signing (HMAC) back on',
      },
      [{ path: ['disableHmac'], value: false, before: true }],
    );
  },
};

export const buildkitModeRemedy: Remedy = {
  id: 'buildkit-mode',
  checkIds: ['helm.values'],
  plan({ facts: f, findings }) {
    const v = f.values;
    if (!v || f.generation !== 'mtls') return undefined;
    const edits: ValueEdit[] = [];
    if (v.rootless && v.image && !isRootlessImage(v.image)) {
      try {
        edits.push({ path: ['buildkit', 'image'], value: buildkitImageForMode(v.image, 'rootless'), before: v.image });
      } catch {
        return {
          unfixable: `buildkit.image (${v.image}) is pinned to a digest, so its rootless variant cannot be derived: set a -rootless image in ${f.valuesFile}.`,
        };
      }
    }
    if (!v.rootless && v.privileged !== true) {
      edits.push({
        path: ['buildkit', 'securityContext'],
        value: structuredClone(BUILDKIT_SECURITY_CONTEXT.root),
        before: v.securityContext,
      });
    }
    if (!edits.length) return undefined;
    return valuesFix(
      f,
      {
        remedy: 'buildkit-mode',
        findings: findings.map((o) => o.id),
        checks: ['helm.values', 'helm.release', 'workload.deployment', 'workload.pods'],
        title: `Make the BuildKit settings match ${v.rootless ? 'rootless' : 'root'} mode`,
      },
      edits,
    );
  },
};

export const requestsRemedy: Remedy = {
  id: 'requests',
  checkIds: ['nodes.fit'],
  plan({ facts: f, findings }) {
    if (!findings.some((o) => o.status === 'fail')) return undefined;
    const r = f.requests;
    if (!r || (!r.cpu && !r.memory))
      return { unfixable: 'No smaller request fits either (no eligible node has room even for a small BuildKit): add a node or free one.' };
    const edits: ValueEdit[] = [];
    if (r.cpu) edits.push({ path: ['buildkit', 'resources', 'requests', 'cpu'], value: r.cpu.to, before: r.cpu.from });
    if (r.memory) edits.push({ path: ['buildkit', 'resources', 'requests', 'memory'], value: r.memory.to, before: r.memory.from });
    const figures = [r.cpu && `CPU ${r.cpu.from} → ${r.cpu.to}`, r.memory && `memory ${r.memory.from} → ${r.memory.to}`]
      .filter(Boolean)
      .join(', ');
    return valuesFix(
      f,
      {
        remedy: 'requests',
        findings: findings.map((o) => o.id),
        checks: ['nodes.fit', 'helm.release', 'workload.deployment', 'workload.pods'],
        title: `Lower BuildKit's requests so the pod fits the largest node (${figures})`,
        needsConsent: `lowers BuildKit's requests (${figures}): builds get less guaranteed CPU and memory`,
      },
      edits,
    );
  },
};

/**
 * Every remedy, keyed by the check it answers, in the order fixes are planned and applied. A check
 * with no entry (or whose entries all decline) keeps its printed fix and is listed as unfixable.
 */
export const REMEDIES: readonly Remedy[] = [
  stuckReleaseRemedy,

  payloadSecretRemedy,
  registrySecretRemedy,
  certificatesRemedy,
  irsaAnnotationRemedy,
  hmacRemedy,
  buildkitModeRemedy,
  requestsRemedy,
];
