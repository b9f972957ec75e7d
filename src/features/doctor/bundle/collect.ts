import type { V1Deployment, V1Node, V1Pod, V1PodSpec, V1Secret } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { Helm } from '../../../platform/helm/helm.js';
import { KubeError } from '../../../platform/kube/errors.js';
import { stringValue } from '../../../shared/release/release.js';
import { SECRET_NAMES } from '../../../shared/secrets/names.js';
import type { DoctorContext } from '../context.js';
import { toJson, toPlainText, type ReportMeta } from '../format.js';
import { nodeHeadroom, podRequests } from '../headroom.js';
import { eventTime } from '../kubeShapes.js';
import { startEarly } from '../../../platform/startEarly.js';
import { formatCpu, formatMemory } from '../quantities.js';
import type { CheckOutcome } from '../types.js';
import { bundleReadme, type PartRecord } from './readme.js';
import { makeRedactor, secretNeedles, type RedactionCounts, type SecretValue } from './redact.js';
import { tarGz, type TarEntry } from './tar.js';

export const DEFAULT_BUNDLE_LOG_LINES = 2_000;
const MAX_EVENTS = 2_000;
const MAX_REPLICA_SETS = 200;
const MAX_SERVICES = 200;

export interface BundleOptions {
  ctx: DoctorContext;
  /** helm on this machine, for its version; not asked when absent. */
  helm?: Helm;
  toolVersion: string;
  logLines?: number;
  now: Date;
}

export interface BundleResult {
  archive: Buffer;
  /** The paths inside the archive, README first. */
  files: string[];
  /** How many occurrences were replaced, all files together. */
  redactions: number;
}

/** One part of the bundle: its files, or why it could not be collected. */
interface Part {
  name: string;
  files: { path: string; content: string }[];
  notes: string[];
  error?: string;
}

export type ProgressLine = (line: string) => void;

const toYaml = (v: unknown) => stringify(v, { lineWidth: 0, aliasDuplicateObjects: false });

/** Objects without the fields that only add noise (managedFields). */
function trimObject<T extends { metadata?: { managedFields?: unknown } }>(o: T): T {
  if (!o.metadata) return o;
  const { managedFields: _drop, ...metadata } = o.metadata;
  return { ...o, metadata } as T;
}

/** The error as a clause, without its final full stop (these are joined into sentences). */
function reasonOf(e: unknown): string {
  const text = ((e as Error)?.message ?? String(e)).trim().replace(/\.$/, '');
  return e instanceof KubeError && e.reason === 'forbidden' ? `not allowed: ${text}` : text;
}

/** Secrets a pod spec mounts or references, by name. */
function referencedSecrets(spec: V1PodSpec | undefined): string[] {
  const names = new Set<string>();
  for (const v of spec?.volumes ?? []) {
    if (v.secret?.secretName) names.add(v.secret.secretName);
    for (const s of v.projected?.sources ?? []) if (s.secret?.name) names.add(s.secret.name);
  }
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef?.name) names.add(e.valueFrom.secretKeyRef.name);
    for (const e of c.envFrom ?? []) if (e.secretRef?.name) names.add(e.secretRef.name);
  }
  for (const s of spec?.imagePullSecrets ?? []) if (s.name) names.add(s.name);
  return [...names];
}

function secretValues(s: V1Secret): SecretValue[] {
  const name = s.metadata?.name ?? '(unnamed)';
  return Object.entries(s.data ?? {}).map(([key, b64]) => ({ secret: name, key, value: Buffer.from(b64, 'base64') }));
}

function describeSecret(s: V1Secret): string {
  const keys = Object.entries(s.data ?? {}).map(([k, v]) => `  ${k}: ${Buffer.from(v, 'base64').length} bytes`);
  return [`${s.metadata?.name} (type ${s.type ?? 'Opaque'})`, ...(keys.length ? keys : ['  (no keys)'])].join('\n');
}

function nodeSummary(n: V1Node) {
  return {
    name: n.metadata?.name,
    labels: n.metadata?.labels,
    unschedulable: n.spec?.unschedulable ?? false,
    taints: n.spec?.taints ?? [],
    capacity: n.status?.capacity,
    allocatable: n.status?.allocatable,
    conditions: (n.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason })),
    nodeInfo: n.status?.nodeInfo
      ? {
          kubeletVersion: n.status.nodeInfo.kubeletVersion,
          containerRuntimeVersion: n.status.nodeInfo.containerRuntimeVersion,
          architecture: n.status.nodeInfo.architecture,
        }
      : undefined,
  };
}

const res = (r: { cpuMillis: number; memoryBytes: number }) => `${formatCpu(r.cpuMillis)} CPU, ${formatMemory(r.memoryBytes)}`;

function requestsText(
  pods: readonly V1Pod[],
  deployment: V1Deployment | undefined,
  nodes: readonly V1Node[],
  podsOnNodes: ReadonlyMap<string, readonly V1Pod[]> | undefined,
): string {
  const lines: string[] = ['# Requests of the release', ''];
  const template = deployment?.spec?.template?.spec;
  if (template) {
    lines.push(`Deployment ${deployment?.metadata?.name} (per pod): ${res(podRequests(template))}`);
    for (const c of [...(template.initContainers ?? []), ...(template.containers ?? [])]) {
      lines.push(
        `  container ${c.name}: requests ${JSON.stringify(c.resources?.requests ?? {})}, limits ${JSON.stringify(c.resources?.limits ?? {})}`,
      );
    }
  }
  for (const p of pods) lines.push(`Pod ${p.metadata?.name} on ${p.spec?.nodeName ?? '(not scheduled)'}: ${res(podRequests(p))}`);
  lines.push('', '# Node headroom (allocatable − requests of the pods on each node)', '');
  if (!podsOnNodes) lines.push('(the pods on each node could not be listed; see README)');
  for (const h of nodeHeadroom(nodes, podsOnNodes ?? new Map())) {
    lines.push(
      `${h.node}: allocatable ${res(h.allocatable)}; requested ${h.inspected ? res(h.requested) : '(not inspected)'}; free ${h.inspected ? res(h.free) : '?'}; pods ${h.podCount}/${h.maxPods}${h.ready ? '' : '; NOT READY'}${h.unschedulable ? '; unschedulable' : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Starts the bundle's own reads at once (they need no check's result), so they share the doctor's
 * round trips: the namespace's events, its ReplicaSets and Services, helm's version; the logs and
 * the Secrets the workload references start as soon as the pods and the Deployment are known
 * (reads the checks make too, memoized in the context). finish() waits for them and packs.
 */
export function startBundle(o: BundleOptions) {
  const { ctx } = o;
  const ns = ctx.namespace;
  const logLines = o.logLines ?? DEFAULT_BUNDLE_LOG_LINES;
  const settle = <T>(p: Promise<T>) =>
    p.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );

  const events = settle(ctx.kube.listEvents(ns, { max: MAX_EVENTS, pageSize: 500 }));
  const replicaSets = settle(ctx.kube.listReplicaSets(ns, { max: MAX_REPLICA_SETS }));
  const services = settle(ctx.kube.listServices(ns, { max: MAX_SERVICES }));
  const helmVersion = o.helm ? settle(o.helm.version()) : undefined;
  const serverVersion = settle(ctx.serverVersion());
  const release = settle(ctx.release());
  const userValues = settle(ctx.releaseUserValues());
  const computedValues = settle(ctx.releaseValues());
  const writtenBy = settle(ctx.releaseWrittenBy());
  const deployment = settle(ctx.deployment());
  const pods = settle(ctx.pods());
  const nodes = settle(ctx.nodes());
  const podsOnNodes = settle(ctx.podsOnNodes());

  // Every container's log, current and previous, as soon as the pods are known.
  const logs = pods.then((r) => {
    if (!r.ok) return [];
    const reads = [];
    for (const p of r.value) {
      const pod = p.metadata?.name ?? '';
      const statuses = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
      for (const c of [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])]) {
        const restarted = statuses.some((st) => st.name === c.name && (st.restartCount > 0 || st.lastState?.terminated));
        for (const previous of [false, true]) {
          reads.push(
            settle(ctx.kube.readPodLog(ns, pod, c.name, logLines, previous)).then((x) => ({
              pod,
              container: c.name,
              previous,
              restarted,
              result: x,
            })),
          );
        }
      }
    }
    return Promise.all(reads);
  });

  // The Secrets the doctor reads, and those the release's values and pod template name; the
  // well-known ones are asked for at once (the checks share the reads).
  for (const name of Object.values(SECRET_NAMES)) startEarly(ctx.secret(name));
  const secretNames = (async () => {
    const names = new Set<string>(Object.values(SECRET_NAMES));
    const values = await computedValues;
    if (values.ok) {
      for (const path of ['awsCredentialsSecret', 'buildSecrets.privateKeySecret']) {
        const v = stringValue(values.value, path);
        if (v) names.add(v);
      }
    }
    const d = await deployment;
    if (d.ok) for (const n of referencedSecrets(d.value?.spec?.template?.spec)) names.add(n);
    const p = await pods;
    if (p.ok) for (const pod of p.value) for (const n of referencedSecrets(pod.spec)) names.add(n);
    return [...names].sort();
  })();
  const secrets = secretNames.then((names) => Promise.all(names.map(async (name) => ({ name, result: await settle(ctx.secret(name)) }))));

  async function finish(
    outcomes: readonly CheckOutcome[],
    meta: ReportMeta,
    onProgress: ProgressLine = () => undefined,
  ): Promise<BundleResult> {
    const parts: Part[] = [];
    const add = (p: Part) => {
      parts.push(p);
      const size = p.files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
      onProgress(
        p.error && !p.files.length
          ? `bundle: ${p.name}: not collected: ${p.error}`
          : `bundle: ${p.name}: ${p.files.length} file${p.files.length === 1 ? '' : 's'}, ${formatBytes(size)}${p.error ? ` (partly: ${p.error})` : ''}`,
      );
    };

    // Knowledge first: everything below is redacted with it.
    const read = await secrets;
    const known: SecretValue[] = [];
    const secretLines: string[] = [];
    const secretNotes: string[] = [];
    for (const { name, result } of read) {
      if (!result.ok) {
        secretNotes.push(`Secret ${name} could not be read, so its values could not be searched for: ${reasonOf(result.error)}.`);
        continue;
      }
      if (!result.value) continue;
      known.push(...secretValues(result.value));
      secretLines.push(describeSecret(result.value));
    }
    const { needles, skippedShort } = secretNeedles(known);
    const redactor = makeRedactor(needles);
    // Objects are redacted string by string before they are written (a YAML writer may quote or
    // wrap a value), then every file once more as text.
    const yaml = (v: unknown) => toYaml(redactor.redactDeep(v));

    add({
      name: 'doctor report',
      files: [
        { path: 'doctor/report.json', content: toJson(outcomes, meta) },
        { path: 'doctor/report.txt', content: toPlainText(outcomes, { color: false }) },
      ],
      notes: [],
    });

    const [sv, rel, wb, hv] = await Promise.all([serverVersion, release, writtenBy, helmVersion]);
    const versions = {
      tool: `probuilder-setup ${o.toolVersion}`,
      kubernetes: sv.ok ? { gitVersion: sv.value.gitVersion, platform: sv.value.platform } : `unknown: ${reasonOf(sv.error)}`,
      helm: hv === undefined ? 'not asked' : hv.ok ? hv.value.raw : `unknown: ${reasonOf(hv.error)}`,
      releaseWrittenBy: wb.ok && wb.value ? `helm ${wb.value}` : 'unknown (the release was not read from its storage Secret)',
      chart:
        rel.ok && rel.value
          ? { name: rel.value.chartName, version: rel.value.chartVersion, appVersion: rel.value.appVersion }
          : rel.ok
            ? 'no release'
            : `unknown: ${reasonOf(rel.error)}`,
      release:
        rel.ok && rel.value
          ? {
              name: rel.value.name,
              revision: rel.value.revision,
              status: rel.value.status,
              description: rel.value.description,
              firstDeployed: rel.value.firstDeployed,
              lastDeployed: rel.value.lastDeployed,
            }
          : undefined,
    };
    add({ name: 'versions', files: [{ path: 'versions.yaml', content: yaml(versions) }], notes: [] });

    const [uv, cv] = await Promise.all([userValues, computedValues]);
    {
      const files = [];
      const errors = [];
      if (uv.ok) files.push({ path: 'release/user-supplied-values.yaml', content: yaml(uv.value ?? null) });
      else errors.push(`user-supplied values: ${reasonOf(uv.error)}`);
      if (cv.ok) files.push({ path: 'release/computed-values.yaml', content: yaml(cv.value ?? null) });
      else errors.push(`computed values: ${reasonOf(cv.error)}`);
      add({ name: 'release values', files, notes: [], error: errors.join('; ') || undefined });
    }

    const [dep, rs, svc, pl] = await Promise.all([deployment, replicaSets, services, pods]);
    {
      const files = [];
      const errors = [];
      const depName = await ctx.deploymentName().catch(() => undefined);
      if (dep.ok)
        files.push({ path: 'kubernetes/deployment.yaml', content: dep.value ? yaml(trimObject(dep.value)) : '# no Deployment found\n' });
      else errors.push(`Deployment: ${reasonOf(dep.error)}`);
      if (rs.ok) {
        const owned = rs.value.filter((r) =>
          (r.metadata?.ownerReferences ?? []).some((x) => x.kind === 'Deployment' && x.name === depName),
        );
        files.push({ path: 'kubernetes/replicasets.yaml', content: yaml(owned.map(trimObject)) });
      } else errors.push(`ReplicaSets: ${reasonOf(rs.error)}`);
      if (pl.ok) files.push({ path: 'kubernetes/pods.yaml', content: yaml(pl.value.map(trimObject)) });
      else errors.push(`Pods: ${reasonOf(pl.error)}`);
      if (svc.ok) {
        const release = meta.release;
        const mine = svc.value.filter(
          (s) => s.metadata?.name === 'pro-builder' || s.metadata?.name === depName || s.metadata?.labels?.['release'] === release,
        );
        files.push({ path: 'kubernetes/service.yaml', content: yaml(mine.map(trimObject)) });
      } else errors.push(`Service: ${reasonOf(svc.error)}`);
      add({ name: 'workload', files, notes: [], error: errors.join('; ') || undefined });
    }

    const ev = await events;
    if (ev.ok) {
      const sorted = [...ev.value].sort((a, b) => (eventTime(a)?.getTime() ?? 0) - (eventTime(b)?.getTime() ?? 0));
      add({
        name: 'events',
        files: [{ path: 'kubernetes/events.yaml', content: yaml(sorted.map(trimObject)) }],
        notes: ev.value.length >= MAX_EVENTS ? [`The first ${MAX_EVENTS} events only.`] : [],
      });
    } else add({ name: 'events', files: [], notes: [], error: reasonOf(ev.error) });

    {
      const files = [];
      const notes = [];
      for (const l of await logs) {
        const path = `logs/${l.pod}/${l.container}${l.previous ? '.previous' : ''}.log`;
        if (l.result.ok) files.push({ path, content: l.result.value });
        // Asked of every container (a kubelet may keep a previous log the status no longer counts); a
        // container that never restarted has none, which needs no error message.
        else if (l.previous && !l.restarted) notes.push(`${l.pod}/${l.container}: no previous run`);
        else notes.push(`${l.pod}/${l.container}${l.previous ? ' (previous run)' : ''}: no log: ${reasonOf(l.result.error)}`);
      }
      add({ name: 'logs', files, notes, error: pl.ok ? undefined : `no pods: ${reasonOf(pl.error)}` });
    }

    const [nd, pon] = await Promise.all([nodes, podsOnNodes]);
    if (nd.ok) {
      add({
        name: 'node capacity and requests',
        files: [
          { path: 'resources/nodes.yaml', content: yaml(nd.value.map(nodeSummary)) },
          {
            path: 'resources/requests.txt',
            content: requestsText(pl.ok ? pl.value : [], dep.ok ? dep.value : undefined, nd.value, pon.ok ? pon.value : undefined),
          },
        ],
        notes: pon.ok ? [] : [`Pods on each node: ${reasonOf(pon.error)}`],
      });
    } else add({ name: 'node capacity and requests', files: [], notes: [], error: reasonOf(nd.error) });

    add({
      name: 'secrets (names, keys and lengths)',
      files: [{ path: 'secrets.txt', content: `${secretLines.join('\n\n') || '(no Secret of the release could be read)'}\n` }],
      notes: secretNotes,
    });

    // Redact every file: structured values were written from the objects above; the text pass covers everything.
    const perFile = new Map<string, RedactionCounts>();
    const entries: TarEntry[] = [];
    const root = `probuilder-bundle-${ctx.namespace}-${stamp(o.now)}`;
    let total = 0;
    for (const p of parts) {
      for (const f of p.files) {
        const content = redactor.redact(f.content);
        const counts = countMarks(content);
        if (counts.size) perFile.set(f.path, counts);
        for (const n of counts.values()) total += n;
        entries.push({ path: `${root}/${f.path}`, content });
      }
    }
    const records: PartRecord[] = parts.map((p) => ({ name: p.name, files: p.files.map((f) => f.path), notes: p.notes, error: p.error }));
    const readme = bundleReadme({
      meta,
      now: o.now,
      toolVersion: o.toolVersion,
      logLines,
      parts: records,
      secretsSearched: read.filter((r) => r.result.ok && r.result.value).map((r) => r.name),
      valuesSearched: known.length,
      skippedShort,
      redactions: perFile,
    });
    // The README is redacted too: it quotes error messages from the cluster.
    entries.unshift({ path: `${root}/README.md`, content: redactor.redact(readme) });
    onProgress(`bundle: README: ${total} occurrence${total === 1 ? '' : 's'} of secrets and tokens removed`);
    return { archive: tarGz(entries, o.now), files: entries.map((e) => e.path), redactions: total };
  }

  return { finish };
}

/** What was removed from a file, by what each mark says it stood for. */
function countMarks(text: string): RedactionCounts {
  const counts: RedactionCounts = new Map();
  for (const m of text.matchAll(/\[REDACTED ([^\]\n]{1,200})\]/g)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  return counts;
}

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
