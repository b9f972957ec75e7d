import type { V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import type { ClusterTarget } from '../../platform/kube/config.js';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../../platform/kube/labels.js';
import { IRSA_SERVICE_ACCOUNT, SECRET_NAMES, describeSecret, type SecretRole } from '../../shared/secrets/index.js';
import { chartGeneration, type ChartGeneration } from '../../shared/chart/version.js';
import { LOCAL_FILES } from '../../shared/snapshot/snapshot.js';
import { INSTALL_LOCAL_FILES, OTHER_SECRETS_LISTED, type OtherSecret, type UninstallSnapshot } from './snapshot.js';
import { selectorMatches } from './selectors.js';

export type UninstallKind = 'HelmRelease' | 'Secret' | 'ServiceAccount' | 'Namespace' | 'File' | 'Folder';
export type UninstallAction = 'remove' | 'keep' | 'absent';

/** Why an item is, or is not, removed by default. */
export type ItemOrigin =
  /** Made by this tool (labelled), or the release it installed: removed by default. */
  | 'tool'
  /** No managed-by label of ours: never removed without saying so. */
  | 'hand-made'
  /** The license and the namespace: other OpenFaaS components use them. */
  | 'shared'
  /** A release of some other chart under the same name. */
  | 'other-chart'
  /** A file the install wrote on this machine: removed only when chosen. */
  | 'local-file'
  /** Backups of replaced secrets and files: always kept. */
  | 'backups';

export interface ItemChoice {
  action: 'remove' | 'keep';
  /** Where the choice came from: a flag (named) or a toggle on the checklist. */
  by: 'flag' | 'user';
  flag?: string;
}

export interface UninstallItem {
  /** kind/name, as --keep and --include take it: secret/registry-secret, file/certs/ca.key. */
  id: string;
  kind: UninstallKind;
  /** What the user sees: the object name, or the file's path. */
  name: string;
  action: UninstallAction;
  reason: string;
  origin: ItemOrigin;
  /** False for what cannot be toggled (absent items, backups). */
  selectable: boolean;
  choice?: ItemChoice;
  /** Key names and byte lengths, chart version, file size: never a value. */
  detail?: string;
  /** Holds key material or credentials. */
  sensitive?: boolean;
  /** For files: the absolute path. */
  path?: string;
  /** The object's uid when the plan was made: the delete carries it as a precondition, so an object replaced since is kept. */
  uid?: string;
  /** Also in the namespace: deleting the namespace deletes it too. */
  inNamespace: boolean;
  /** For objects not made by this tool: who made it, as the reason says it. */
  ownerNote?: string;
  /** Made only for some registry choices (Amazon ECR): when absent, the install never made it. */
  optional?: boolean;
}

export interface UninstallPlan {
  target: ClusterTarget;
  namespace: string;
  release: string;
  outputDir: string;
  items: UninstallItem[];
  /** Consequences the user should read before confirming (license gone, namespace deletion). */
  warnings: string[];
}

export interface UninstallSelection {
  keep?: readonly string[];
  include?: readonly string[];
  removeLicense?: boolean;
  removeNamespace?: boolean;
  removeFiles?: boolean;
}

/** The secrets the uninstall looks at, in the order it lists them (the license last: it is shared). */
const OWN_SECRETS: readonly SecretRole[] = ['registry', 'payload', 'daemonCerts', 'clientCerts', 'awsCredentials'];

export function releaseId(release: string) {
  return `release/${release}`;
}
export function secretId(name: string) {
  return `secret/${name}`;
}
export function namespaceId(ns: string) {
  return `namespace/${ns}`;
}
export function fileId(relativePath: string) {
  return `file/${relativePath}`;
}

/** Every id an uninstall of this release in this namespace can list: what --keep/--include may name. */
export function knownItemIds(release: string, namespace: string): string[] {
  return [
    releaseId(release),
    ...OWN_SECRETS.map((r) => secretId(SECRET_NAMES[r])),
    `serviceaccount/${IRSA_SERVICE_ACCOUNT}`,
    secretId(SECRET_NAMES.license),
    namespaceId(namespace),
    ...INSTALL_LOCAL_FILES.map((f) => fileId(f.relativePath)),
    fileId(LOCAL_FILES.backupsDir),
  ];
}

function generationOf(version: string): ChartGeneration | undefined {
  try {
    return chartGeneration(version);
  } catch {
    return undefined; // not a version we can read: treat the certificates as any other secret
  }
}

function ownership(obj: V1Secret | V1ServiceAccount): { origin: ItemOrigin; note?: string } {
  const manager = obj.metadata?.labels?.[MANAGED_BY_LABEL];
  if (manager === MANAGED_BY_VALUE) return { origin: 'tool' };
  return {
    origin: 'hand-made',
    note: manager ? `managed by ${manager}, not by probuilder-setup` : 'made by hand, not by probuilder-setup',
  };
}

function keysDetail(s: V1Secret): string {
  return describeSecret(s)
    .keys.map((k) => `${k.key}: ${k.bytes} ${k.bytes === 1 ? 'byte' : 'bytes'}`)
    .join(', ');
}

/** The default for each origin: remove only what is unmistakably this tool's. */
function defaultAction(origin: ItemOrigin): 'remove' | 'keep' {
  return origin === 'tool' ? 'remove' : 'keep';
}

interface Candidate extends Omit<UninstallItem, 'action' | 'reason' | 'selectable' | 'choice'> {
  exists: boolean;
  /** Why absent, when it is. */
  absentNote?: string;
  /** Backups are never removed, nor is anything at a file's path that is not a regular file. */
  locked?: boolean;
  /** Why a locked item stays (the backups' reason when not given). */
  lockedNote?: string;
}

/** The reason shown for a FIFO, folder, socket or device found where the install's file belongs. */
export function notRegularReason(path: string, kind: string): string {
  return `${path} is ${kind}, not a regular file; it is never removed`;
}

function reasonFor(c: Candidate, action: UninstallAction, choice: ItemChoice | undefined): string {
  if (action === 'absent') return c.absentNote ?? 'not found (already gone)';
  if (c.locked) return c.lockedNote ?? 'backups are always kept; delete them by hand when no longer needed';
  const by = choice?.by === 'flag' ? (choice.flag ?? 'a flag') : 'you';
  if (action === 'remove') {
    switch (c.origin) {
      case 'tool':
        return c.kind === 'HelmRelease' ? 'the helm release of the pro-builder' : 'made by probuilder-setup';
      case 'hand-made':
        return `${c.ownerNote ?? 'made by hand'}; removed because ${by === 'you' ? 'you chose it' : `of ${by}`}`;
      case 'shared':
        return `${c.ownerNote ?? 'other OpenFaaS components use it'}; removed because ${by === 'you' ? 'you chose it' : `of ${by}`}`;
      case 'other-chart':
        return `${c.ownerNote}; removed because ${by === 'you' ? 'you chose it' : `of ${by}`}`;
      case 'local-file':
        return `deleted because ${by === 'you' ? 'you chose it' : `of ${by}`}`;
      case 'backups':
        return 'backups are always kept';
    }
  }
  if (choice && defaultAction(c.origin) === 'remove') return by === 'you' ? 'kept by you' : `kept: ${by}`;
  switch (c.origin) {
    case 'hand-made':
    case 'other-chart':
      return c.ownerNote ?? 'made by hand, not by probuilder-setup';
    case 'shared':
      return c.ownerNote ?? 'other OpenFaaS components use it';
    case 'local-file':
      return 'local file, kept unless chosen';
    default:
      return by === 'you' ? 'kept by you' : `kept: ${by}`;
  }
}

function resolveItem(c: Candidate, choice: ItemChoice | undefined): UninstallItem {
  const { exists, absentNote: _a, locked, lockedNote: _l, ...item } = c;
  const action: UninstallAction = !exists ? 'absent' : locked ? 'keep' : (choice?.action ?? defaultAction(c.origin));
  return {
    ...item,
    action,
    reason: reasonFor(c, action, locked || !exists ? undefined : choice),
    selectable: exists && !locked,
    choice: exists && !locked ? choice : undefined,
  };
}

function candidates(s: UninstallSnapshot): Candidate[] {
  const out: Candidate[] = [];
  const nsGone = !s.namespaceExists ? `namespace ${s.namespace} does not exist` : undefined;
  const rel = s.helmRelease;
  const isProBuilder = !rel?.chartName || rel.chartName === 'pro-builder';
  out.push({
    id: releaseId(s.release),
    kind: 'HelmRelease',
    name: s.release,
    exists: rel !== undefined,
    origin: isProBuilder ? 'tool' : 'other-chart',
    ownerNote: isProBuilder ? undefined : `chart ${rel?.chartName} is not the pro-builder`,
    absentNote: nsGone ?? `no helm release ${s.release} in namespace ${s.namespace}`,
    detail: rel
      ? [rel.chartName && `chart ${rel.chartName} ${rel.chartVersion ?? ''}`.trim(), rel.status && `status ${rel.status}`]
          .filter(Boolean)
          .join(', ')
      : undefined,
    inNamespace: true,
  });
  const secretCandidate = (role: SecretRole, forceOrigin?: ItemOrigin): Candidate => {
    const name = SECRET_NAMES[role];
    const secret = s.secrets[role];
    const owner = secret ? ownership(secret) : { origin: 'tool' as const };
    // Secret names are fixed by the chart: another release in this namespace may be reading it.
    const users = s.secretUsers?.[name] ?? [];
    const inUse = users.length > 0 && (forceOrigin ?? owner.origin) === 'tool';
    return {
      id: secretId(name),
      kind: 'Secret',
      name,
      exists: secret !== undefined,
      origin: inUse ? 'shared' : (forceOrigin ?? owner.origin),
      ownerNote: inUse ? `still used by ${users.join(', ')}, which this uninstall leaves in place` : owner.note,
      absentNote: nsGone ?? 'not found (already gone)',
      detail: secret ? keysDetail(secret) : undefined,
      sensitive: true,
      inNamespace: true,
      uid: secret?.metadata?.uid,
    };
  };
  const onlyForEcr = (what: string) => nsGone ?? `not there; ${what} is made only for Amazon ECR`;
  // The 0.6 charts reach BuildKit over a unix socket: an install of one never makes the certificates.
  const socketChart = rel?.chartVersion !== undefined && isProBuilder && generationOf(rel.chartVersion) === 'socket';
  for (const role of OWN_SECRETS) {
    const c = secretCandidate(role);
    if (role === 'awsCredentials') out.push({ ...c, optional: true, absentNote: onlyForEcr('this secret') });
    else if ((role === 'daemonCerts' || role === 'clientCerts') && socketChart)
      out.push({
        ...c,
        optional: true,
        absentNote: nsGone ?? `not there; chart ${rel.chartVersion} uses a unix socket to BuildKit, not certificates`,
      });
    else out.push(c);
  }
  const sa = s.irsaServiceAccount;
  const saOwner = sa ? ownership(sa) : { origin: 'tool' as const };
  out.push({
    id: `serviceaccount/${IRSA_SERVICE_ACCOUNT}`,
    kind: 'ServiceAccount',
    name: IRSA_SERVICE_ACCOUNT,
    exists: sa !== undefined,
    origin: saOwner.origin,
    ownerNote: saOwner.note,
    absentNote: onlyForEcr('this service account (IRSA)'),
    optional: true,
    inNamespace: true,
    uid: sa?.metadata?.uid,
  });
  out.push(secretCandidate('license', 'shared'));
  out.push({
    id: namespaceId(s.namespace),
    kind: 'Namespace',
    name: s.namespace,
    exists: s.namespaceExists && !s.namespaceTerminating,
    origin: 'shared',
    absentNote: s.namespaceTerminating ? 'being deleted by Kubernetes' : 'does not exist',
    inNamespace: false,
    uid: s.namespaceUid,
  });
  for (const f of s.files) {
    out.push({
      id: fileId(f.relativePath),
      kind: 'File',
      name: f.path,
      path: f.path,
      exists: f.exists,
      origin: 'local-file',
      absentNote: 'no such file',
      // A FIFO (or folder, socket, device) where the file belongs: shown as kept with why, never opened or removed.
      ...(f.notRegular ? { locked: true, lockedNote: notRegularReason(f.path, f.notRegular) } : {}),
      detail: f.exists ? `${f.description}${f.bytes !== undefined ? `, ${f.bytes} bytes` : ''}` : undefined,
      sensitive: f.sensitive,
      inNamespace: false,
    });
  }
  const backupsPath = `${s.outputDir.replace(/\/+$/, '')}/${LOCAL_FILES.backupsDir}`;
  out.push({
    id: fileId(LOCAL_FILES.backupsDir),
    kind: 'Folder',
    name: backupsPath,
    path: backupsPath,
    exists: s.backupCount > 0,
    origin: 'backups',
    locked: true,
    absentNote: 'no backups',
    detail: s.backupCount > 0 ? `${s.backupCount} ${s.backupCount === 1 ? 'file' : 'files'}` : undefined,
    sensitive: true,
    inNamespace: false,
  });
  return out;
}

/**
 * Secrets in the namespace the install never makes (a hand-made one, another tool's): listed as
 * kept, with why, so the summary answers "did it take my secret too?". Not choosable: --include
 * names only what this tool manages; kubectl deletes the rest.
 */
function otherSecretItems(others: readonly OtherSecret[]): UninstallItem[] {
  const listed = others.slice(0, OTHER_SECRETS_LISTED);
  const items = listed.map<UninstallItem>((o) => ({
    id: secretId(o.name),
    kind: 'Secret',
    name: o.name,
    action: 'keep',
    origin: 'hand-made',
    reason: `${o.managedBy ? `managed by ${o.managedBy}` : 'not made by probuilder-setup'}; uninstall removes only what probuilder-setup made`,
    ownerNote: o.managedBy ? `managed by ${o.managedBy}` : 'made by hand',
    detail: o.type && o.type !== 'Opaque' ? `type ${o.type}` : undefined,
    selectable: false,
    inNamespace: true,
  }));
  if (others.length > listed.length) {
    const more = others.length - listed.length;
    items.push({
      id: `${more} more secrets`,
      kind: 'Secret',
      name: `${more} more ${more === 1 ? 'secret' : 'secrets'}`,
      action: 'keep',
      origin: 'hand-made',
      reason: 'not made by probuilder-setup; kubectl get secrets lists them',
      selectable: false,
      inNamespace: true,
    });
  }
  return items;
}

function choicesFrom(sel: UninstallSelection, s: UninstallSnapshot, ids: readonly string[]): Map<string, ItemChoice> {
  const choices = new Map<string, ItemChoice>();
  const set = (id: string, c: ItemChoice) => choices.set(id, c);
  for (const id of ids) {
    if (sel.removeFiles && id.startsWith('file/')) set(id, { action: 'remove', by: 'flag', flag: '--remove-files' });
  }
  if (sel.removeLicense) set(secretId(SECRET_NAMES.license), { action: 'remove', by: 'flag', flag: '--remove-license' });
  if (sel.removeNamespace) set(namespaceId(s.namespace), { action: 'remove', by: 'flag', flag: '--remove-namespace' });
  for (const selector of sel.include ?? []) {
    for (const id of ids) if (selectorMatches(selector, id)) set(id, { action: 'remove', by: 'flag', flag: `--include ${selector}` });
  }
  // --keep is applied last: a keep always wins over a broader remove.
  for (const selector of sel.keep ?? []) {
    for (const id of ids) if (selectorMatches(selector, id)) set(id, { action: 'keep', by: 'flag', flag: `--keep ${selector}` });
  }
  return choices;
}

function warningsFor(plan: Omit<UninstallPlan, 'warnings'>): string[] {
  const warnings: string[] = [];
  const byId = (id: string) => plan.items.find((i) => i.id === id);
  const ns = byId(namespaceId(plan.namespace));
  if (ns?.action === 'remove') {
    const keptInside = plan.items.filter((i) => i.inNamespace && i.action === 'keep').map((i) => i.id);
    warnings.push(
      `Deleting namespace ${plan.namespace} deletes everything still in it${keptInside.length ? `, including what is marked keep (${keptInside.join(', ')})` : ''}, and any other OpenFaaS components running there.`,
    );
  }
  if (byId(secretId(SECRET_NAMES.license))?.action === 'remove') {
    warnings.push(`Other OpenFaaS Pro components in ${plan.namespace} stop working without ${SECRET_NAMES.license}.`);
  }
  const release = byId(releaseId(plan.release));
  if (release?.action === 'keep') {
    const mounted = plan.items.filter((i) => i.kind === 'Secret' && i.id !== secretId(SECRET_NAMES.license) && i.action === 'remove');
    if (mounted.length)
      warnings.push(`The release ${plan.release} stays installed while secrets it mounts are removed: its pods will fail to restart.`);
  }
  return warnings;
}

function finish(base: Omit<UninstallPlan, 'warnings'>): UninstallPlan {
  return { ...base, warnings: warningsFor(base) };
}

/**
 * What the uninstall would remove, keep, or find already gone, from what exists. Pure: reads no
 * cluster and no disk, so the checklist, --dry-run and the apply phase all see the same plan.
 * Defaults: the release and this tool's own labelled objects go; anything made by hand, the
 * license, the namespace and local files stay unless chosen.
 */
export function buildUninstallPlan(snapshot: UninstallSnapshot, selection: UninstallSelection = {}): UninstallPlan {
  const list = candidates(snapshot);
  const choices = choicesFrom(
    selection,
    snapshot,
    list.map((c) => c.id),
  );
  return finish({
    target: snapshot.target,
    namespace: snapshot.namespace,
    release: snapshot.release,
    outputDir: snapshot.outputDir,
    items: [...list.map((c) => resolveItem(c, choices.get(c.id))), ...otherSecretItems(snapshot.otherSecrets ?? [])],
  });
}

/**
 * The plan with one item switched by the user (the checklist's space bar). Absent and locked items
 * do not change. Pure; the reason and warnings follow the new choice.
 */
export function setItemAction(plan: UninstallPlan, id: string, action: 'remove' | 'keep'): UninstallPlan {
  const items = plan.items.map((i) => {
    if (i.id !== id || !i.selectable || i.action === action) return i;
    const choice: ItemChoice = { action, by: 'user' };
    const candidate: Candidate = { ...i, exists: true };
    return { ...i, action, choice, reason: reasonFor(candidate, action, choice) };
  });
  return finish({ ...plan, items });
}

export function toggleItem(plan: UninstallPlan, id: string): UninstallPlan {
  const item = plan.items.find((i) => i.id === id);
  if (!item || !item.selectable) return plan;
  return setItemAction(plan, id, item.action === 'remove' ? 'keep' : 'remove');
}

export function itemsToRemove(plan: UninstallPlan): UninstallItem[] {
  return plan.items.filter((i) => i.action === 'remove');
}

/** "Remove 5 objects and 2 files" for the confirmation. */
export function removalCount(plan: UninstallPlan): { objects: number; files: number } {
  const remove = itemsToRemove(plan);
  const files = remove.filter((i) => i.kind === 'File' || i.kind === 'Folder').length;
  return { objects: remove.length - files, files };
}
