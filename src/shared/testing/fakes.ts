// Test doubles for the features that write (uninstall, rotate): an in-memory Kube that records the writes these commands
// make (and can fail chosen ones), and a helm that knows one release (get metadata / uninstall).
import type { CoreV1Event, V1Deployment, V1Namespace, V1Node, V1Pod, V1ReplicaSet, V1Secret, V1Service, V1ServiceAccount, VersionInfo } from '@kubernetes/client-node';
import { matchesLabelSelector } from '../../platform/kube/testing/fakeKube.js';
import type { AccessCheck, AccessResult, Kube, ListOptions } from '../../platform/kube/client.js';
import type { ClusterTarget } from '../../platform/kube/config.js';
import type { Helm, HelmVersion, RunOptions, RunResult } from '../../platform/helm/helm.js';
import { RESTART_ANNOTATION } from '../../platform/kube/client.js';
import { KubeError } from '../../platform/kube/errors.js';
import { TEST_TARGET } from './cluster.js';

/** The objects of a snapshot the fake can hold (an uninstall snapshot has this shape). */
export interface FakeClusterObjects {
  namespace: string;
  namespaceExists: boolean;
  secrets: Partial<Record<string, V1Secret>>;
  irsaServiceAccount?: V1ServiceAccount;
}

/** As the API server answers a delete whose uid precondition does not match: 409 Conflict. */
function preconditionHolds(current: { metadata?: { uid?: string } } | undefined, uid: string | undefined): void {
  if (uid && current && current.metadata?.uid !== uid) {
    throw new KubeError('conflict', 'Precondition failed: UID in precondition does not match the object (409).', 'Run it again.', 409);
  }
}

export class WritableFakeKube implements Kube {
  readonly target: ClusterTarget = TEST_TARGET;
  namespaces = new Map<string, V1Namespace>();
  secrets = new Map<string, V1Secret>();
  serviceAccounts = new Map<string, V1ServiceAccount>();
  deployments = new Map<string, V1Deployment>();
  events: CoreV1Event[] = [];
  /** Every write, as "method name". */
  writes: string[] = [];
  /** "method name" → error to throw instead of writing. */
  failures = new Map<string, Error>();
  private nextVersion = 100;

  private write(method: string, name: string) {
    this.writes.push(`${method} ${name}`);
    const f = this.failures.get(`${method} ${name}`);
    if (f) throw f;
  }

  async serverVersion(): Promise<VersionInfo> {
    return { major: '1', minor: '31', gitVersion: 'v1.31.2' } as VersionInfo;
  }
  async getNamespace(name: string) {
    return this.namespaces.get(name);
  }
  async getSecret(namespace: string, name: string) {
    return this.secrets.get(`${namespace}/${name}`);
  }
  async getServiceAccount(namespace: string, name: string) {
    return this.serviceAccounts.get(`${namespace}/${name}`);
  }
  async getDeployment(namespace: string, name: string) {
    return this.deployments.get(`${namespace}/${name}`);
  }
  async listSecrets(namespace: string, opts: ListOptions = {}) {
    return [...this.secrets.entries()]
      .filter(([key, secret]) => key.startsWith(`${namespace}/`) && matchesLabelSelector(secret.metadata?.labels, opts.labelSelector))
      .map(([, secret]) => secret);
  }
  async listDeployments(namespace: string, opts: ListOptions = {}) {
    return [...this.deployments.values()].filter((d) => d.metadata?.namespace === namespace && matchesLabelSelector(d.metadata?.labels, opts.labelSelector));
  }
  async listReplicaSets(): Promise<V1ReplicaSet[]> {
    return [];
  }
  async listServices(): Promise<V1Service[]> {
    return [];
  }
  async listEvents(namespace: string) {
    return this.events.filter((e) => e.metadata?.namespace === namespace);
  }
  async listPods(): Promise<V1Pod[]> {
    return [];
  }
  async listNodes(): Promise<V1Node[]> {
    return [];
  }
  async readPodLog(): Promise<string> {
    return '';
  }
  async createToken(): Promise<string> {
    throw new Error('fake: not used');
  }
  async canI(checks: AccessCheck[]): Promise<AccessResult[]> {
    return checks.map((c) => ({ ...c, allowed: true }));
  }
  async replaceServiceAccount(namespace: string, sa: V1ServiceAccount) {
    this.write('replaceServiceAccount', sa.metadata?.name ?? '');
    this.serviceAccounts.set(`${namespace}/${sa.metadata?.name}`, sa);
    return sa;
  }

  async deleteSecret(namespace: string, name: string, uid?: string) {
    this.write('deleteSecret', name);
    preconditionHolds(this.secrets.get(`${namespace}/${name}`), uid);
    return this.secrets.delete(`${namespace}/${name}`);
  }
  async deleteServiceAccount(namespace: string, name: string, uid?: string) {
    this.write('deleteServiceAccount', name);
    preconditionHolds(this.serviceAccounts.get(`${namespace}/${name}`), uid);
    return this.serviceAccounts.delete(`${namespace}/${name}`);
  }
  async deleteNamespace(name: string) {
    this.write('deleteNamespace', name);
    return this.namespaces.delete(name);
  }
  async createNamespace(name: string): Promise<V1Namespace> {
    this.write('createNamespace', name);
    const ns = { metadata: { name } };
    this.namespaces.set(name, ns);
    return ns;
  }
  async createSecret(namespace: string, secret: V1Secret): Promise<V1Secret> {
    const name = secret.metadata?.name ?? '';
    this.write('createSecret', name);
    const stored = { ...secret, metadata: { ...secret.metadata, namespace, resourceVersion: String(this.nextVersion++) } };
    this.secrets.set(`${namespace}/${name}`, stored);
    return stored;
  }
  async replaceSecret(namespace: string, secret: V1Secret): Promise<V1Secret> {
    const name = secret.metadata?.name ?? '';
    this.write('replaceSecret', name);
    const current = this.secrets.get(`${namespace}/${name}`);
    if (current && secret.metadata?.resourceVersion && current.metadata?.resourceVersion !== secret.metadata.resourceVersion) {
      throw new Error(`fake: stale resourceVersion for ${name}`);
    }
    return this.createSecretQuietly(namespace, secret);
  }
  private createSecretQuietly(namespace: string, secret: V1Secret): V1Secret {
    const stored = { ...secret, metadata: { ...secret.metadata, namespace, resourceVersion: String(this.nextVersion++) } };
    this.secrets.set(`${namespace}/${secret.metadata?.name}`, stored);
    return stored;
  }
  async createServiceAccount(namespace: string, sa: V1ServiceAccount) {
    this.write('createServiceAccount', sa.metadata?.name ?? '');
    this.serviceAccounts.set(`${namespace}/${sa.metadata?.name}`, sa);
    return sa;
  }
  async restartDeployment(namespace: string, name: string, at = new Date()): Promise<V1Deployment> {
    this.write('restartDeployment', name);
    const d = this.deployments.get(`${namespace}/${name}`);
    if (!d) throw new Error(`fake: no deployment ${name}`);
    const template = d.spec!.template;
    template.metadata = { ...template.metadata, annotations: { ...template.metadata?.annotations, [RESTART_ANNOTATION]: at.toISOString() } };
    return d;
  }

  /** Puts the objects of a snapshot (an uninstall snapshot, say) into this fake cluster. */
  load(s: FakeClusterObjects): this {
    if (s.namespaceExists) this.namespaces.set(s.namespace, { metadata: { name: s.namespace } });
    for (const secret of Object.values(s.secrets)) if (secret) this.secrets.set(`${s.namespace}/${secret.metadata?.name}`, secret);
    if (s.irsaServiceAccount) this.serviceAccounts.set(`${s.namespace}/${s.irsaServiceAccount.metadata?.name}`, s.irsaServiceAccount);
    return this;
  }

  addDeployment(namespace: string, name: string, release = name): this {
    this.deployments.set(`${namespace}/${name}`, {
      metadata: { name, namespace, generation: 1, labels: { 'app.kubernetes.io/instance': release } },
      spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [] } } },
      status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 },
    });
    return this;
  }
}

/** helm with one release (or none): answers get metadata and uninstall as helm 3 does. */
export class ReleaseHelm implements Helm {
  readonly bin = 'helm';
  runs: string[][] = [];
  release?: { name: string; namespace: string; chartName: string; chartVersion: string };
  /** stderr of a failing uninstall. */
  uninstallFailure?: string;
  /** Lines printed by uninstall. */
  output = ['release "pro-builder" uninstalled'];

  constructor(release?: { name?: string; namespace?: string; chartVersion?: string; chartName?: string }) {
    if (release) this.release = { name: 'pro-builder', namespace: 'openfaas', chartName: 'pro-builder', chartVersion: '0.6.10', ...release };
  }

  async version(): Promise<HelmVersion> {
    return { raw: 'v3.16.2', major: 3, minor: 16, patch: 2 };
  }

  async run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    this.runs.push(args);
    const ns = args[args.indexOf('--namespace') + 1];
    const found = this.release && this.release.namespace === ns && args.includes(this.release.name) ? this.release : undefined;
    if (args[0] === 'get' && args[1] === 'metadata') {
      if (!found) return { exitCode: 1, stdout: '', stderr: 'Error: release: not found\n' };
      const md = { name: found.name, chart: found.chartName, version: found.chartVersion, appVersion: '0.5.0', namespace: found.namespace, revision: 1, status: 'deployed', deployedAt: '2026-01-02T03:04:05Z' };
      return { exitCode: 0, stdout: JSON.stringify(md), stderr: '' };
    }
    if (args[0] === 'uninstall') {
      if (this.uninstallFailure) return { exitCode: 1, stdout: '', stderr: this.uninstallFailure };
      if (!found) return { exitCode: 1, stdout: '', stderr: `Error: uninstall: Release not loaded: ${args[1]}: release: not found\n` };
      for (const l of this.output) opts.onLine?.(l, 'stdout');
      this.release = undefined;
      return { exitCode: 0, stdout: this.output.join('\n'), stderr: '' };
    }
    return { exitCode: 1, stdout: '', stderr: `Error: unknown command "${args[0]}"\n` };
  }
}
