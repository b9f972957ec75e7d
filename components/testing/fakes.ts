/**
 * Test doubles for screen and runner tests: an in-memory Kube that logs every call (so a test can
 * prove nothing was created or replaced), a helm that answers version and records runs, and a
 * Services bundle built from them.
 */
import type { CoreV1Event, V1Deployment, V1Namespace, V1ReplicaSet, V1Secret, V1Service, V1ServiceAccount, VersionInfo } from '@kubernetes/client-node';
import type { CheckOutcome } from '../../src/features/doctor/types.js';
import type { Helm, HelmVersion, RunOptions, RunResult } from '../../src/platform/helm/helm.js';
import type { ApplyDeps, ApplyResult } from '../../src/features/install/apply.js';
import type { InstallPlan } from '../../src/features/install/plan.js';
import type { RolloutOutcome, RolloutWatch } from '../../src/shared/rollout/rollout.js';
import { TEST_TARGET } from '../../src/shared/testing/cluster.js';
import type { AccessCheck, AccessResult, Kube } from '../../src/platform/kube/client.js';
import type { ClusterTarget } from '../../src/platform/kube/config.js';
import { KubeError } from '../../src/platform/kube/errors.js';
import type { Services, WizardFiles } from '../services/ServicesContext.js';

const WRITE_METHODS = new Set(['createNamespace', 'createSecret', 'replaceSecret', 'deleteSecret', 'createServiceAccount', 'replaceServiceAccount', 'deleteServiceAccount', 'deleteNamespace', 'restartDeployment']);

export class FakeKube implements Kube {
  target: ClusterTarget = TEST_TARGET;
  calls: { method: string; args: unknown[] }[] = [];
  version: VersionInfo = { major: '1', minor: '31', gitVersion: 'v1.31.2' } as VersionInfo;
  namespaces = new Set<string>(['openfaas']);
  secrets = new Map<string, V1Secret>();
  serviceAccounts = new Map<string, V1ServiceAccount>();
  deployments: V1Deployment[] = [];
  events: CoreV1Event[] = [];
  /** Access checks that answer "denied", as "verb resource". */
  denied = new Set<string>();
  /** Throw this from every call, e.g. an unreachable cluster. */
  failWith?: Error;

  private log(method: string, ...args: unknown[]) {
    this.calls.push({ method, args });
    if (this.failWith) throw this.failWith;
  }

  /** Calls that would change the cluster. */
  writes(): string[] {
    return this.calls.filter((c) => WRITE_METHODS.has(c.method)).map((c) => c.method);
  }

  async serverVersion() {
    this.log('serverVersion');
    return this.version;
  }
  async getNamespace(name: string): Promise<V1Namespace | undefined> {
    this.log('getNamespace', name);
    return this.namespaces.has(name) ? { metadata: { name } } : undefined;
  }
  async createNamespace(name: string) {
    this.log('createNamespace', name);
    this.namespaces.add(name);
    return { metadata: { name } };
  }
  async deleteNamespace(name: string) {
    this.log('deleteNamespace', name);
    return this.namespaces.delete(name);
  }
  async getSecret(namespace: string, name: string) {
    this.log('getSecret', namespace, name);
    return this.secrets.get(`${namespace}/${name}`);
  }
  async createSecret(namespace: string, secret: V1Secret) {
    this.log('createSecret', namespace, secret.metadata?.name);
    const key = `${namespace}/${secret.metadata?.name}`;
    if (this.secrets.has(key)) throw new KubeError('conflict', `Secret ${key} exists (409).`, 'Re-run.', 409);
    this.secrets.set(key, secret);
    return secret;
  }
  async replaceSecret(namespace: string, secret: V1Secret) {
    this.log('replaceSecret', namespace, secret.metadata?.name);
    this.secrets.set(`${namespace}/${secret.metadata?.name}`, secret);
    return secret;
  }
  async deleteSecret(namespace: string, name: string) {
    this.log('deleteSecret', namespace, name);
    return this.secrets.delete(`${namespace}/${name}`);
  }
  async getServiceAccount(namespace: string, name: string) {
    this.log('getServiceAccount', namespace, name);
    return this.serviceAccounts.get(`${namespace}/${name}`);
  }
  async createServiceAccount(namespace: string, sa: V1ServiceAccount) {
    this.log('createServiceAccount', namespace, sa.metadata?.name);
    this.serviceAccounts.set(`${namespace}/${sa.metadata?.name}`, sa);
    return sa;
  }
  async replaceServiceAccount(namespace: string, sa: V1ServiceAccount) {
    this.log('replaceServiceAccount', namespace, sa.metadata?.name);
    this.serviceAccounts.set(`${namespace}/${sa.metadata?.name}`, sa);
    return sa;
  }
  async deleteServiceAccount(namespace: string, name: string) {
    this.log('deleteServiceAccount', namespace, name);
    return this.serviceAccounts.delete(`${namespace}/${name}`);
  }
  async getDeployment(namespace: string, name: string) {
    this.log('getDeployment', namespace, name);
    return this.deployments.find((d) => d.metadata?.name === name);
  }
  async listSecrets(namespace: string) {
    this.log('listSecrets', namespace);
    return [...this.secrets.entries()].filter(([key]) => key.startsWith(`${namespace}/`)).map(([, secret]) => secret);
  }
  async listDeployments(namespace: string) {
    this.log('listDeployments', namespace);
    return this.deployments;
  }
  async restartDeployment(namespace: string, name: string): Promise<V1Deployment> {
    this.log('restartDeployment', namespace, name);
    throw new Error('not used');
  }
  async listPods() {
    this.log('listPods');
    return [];
  }
  async listReplicaSets(): Promise<V1ReplicaSet[]> {
    this.log('listReplicaSets');
    return [];
  }
  async listServices(): Promise<V1Service[]> {
    this.log('listServices');
    return [];
  }
  async listEvents(namespace: string) {
    this.log('listEvents', namespace);
    return this.events;
  }
  async listNodes() {
    this.log('listNodes');
    return [];
  }
  async readPodLog() {
    this.log('readPodLog');
    return '';
  }
  async createToken(): Promise<string> {
    this.log('createToken');
    throw new Error('not used');
  }
  async canI(checks: AccessCheck[]): Promise<AccessResult[]> {
    this.log('canI', checks.length);
    return checks.map((c) => ({ ...c, allowed: !this.denied.has(`${c.verb} ${c.resource}`) }));
  }
}

export class FakeHelm implements Helm {
  readonly bin = 'helm';
  runs: string[][] = [];
  versionInfo: HelmVersion = { raw: 'v3.16.2', major: 3, minor: 16, patch: 2 };
  /** Lines "printed" by every run, streamed to onLine. */
  output: string[] = [];
  exitCode = 0;
  async version() {
    return this.versionInfo;
  }
  async run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    this.runs.push(args);
    for (const line of this.output) opts.onLine?.(line, 'stdout');
    return { exitCode: this.exitCode, stdout: this.output.join('\n'), stderr: this.exitCode ? 'Error: failed' : '' };
  }
}

/** An in-memory disk for the screens' file checks: path → content. */
export function fakeFiles(contents: Record<string, string> = {}): WizardFiles & { written: Record<string, string> } {
  const written: Record<string, string> = {};
  const enoent = () => Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  return {
    written,
    stat: async (p) => {
      const folder = p.replace(/\/+$/, '');
      if (!(p in contents) && Object.keys(contents).some((f) => f.startsWith(`${folder}/`))) {
        return { isFile: () => false, isDirectory: () => true, size: 0 };
      }
      if (!(p in contents)) throw enoent();
      return { isFile: () => true, isDirectory: () => false, size: Buffer.byteLength(contents[p]!) };
    },
    access: async (p) => {
      if (!(p in contents)) throw enoent();
    },
    readFile: async (p) => {
      if (!(p in contents)) throw enoent();
      return contents[p]!;
    },
    writeText: async (p, text) => {
      written[p] = text;
      contents[p] = text;
    },
  };
}

export interface FakeServices extends Services {
  kube: FakeKube;
  fakeHelm: FakeHelm;
  files: ReturnType<typeof fakeFiles>;
}

/** Services over fakes. prepare/apply/waitForRollout default to instant stand-ins; override per test. */
export function fakeServices(over: Partial<Omit<Services, 'files'>> & { kube?: FakeKube; files?: ReturnType<typeof fakeFiles>; plan?: InstallPlan } = {}): FakeServices {
  const kube = over.kube ?? new FakeKube();
  const helm = new FakeHelm();
  const files = over.files ?? fakeFiles();
  const base: FakeServices = {
    kube,
    fakeHelm: helm,
    makeKube: () => kube,
    helm,
    flagIo: {
      readFile: async (p) => Buffer.from(await files.readFile(p, 'utf8')),
      homeDir: '/home/test',
      readStdin: async () => '',
    },
    files,
    prepare: async () => {
      if (!over.plan) throw new Error('fakeServices: no plan given');
      return over.plan;
    },
    apply: async (_plan: InstallPlan, _deps: ApplyDeps): Promise<ApplyResult> => ({ ok: true, steps: [], backups: [] }),
    waitForRollout: async (_k: Kube, _ns: string, _r: string, _w: RolloutWatch): Promise<RolloutOutcome> => ({ ok: true, timedOut: false, deploymentName: 'pro-builder', warnings: [] }),
    runDoctor: async (): Promise<CheckOutcome[]> => [],
    now: () => new Date('2026-01-02T03:04:05Z'),
  };
  const { kube: _k, files: _f, plan: _p, ...rest } = over;
  return { ...base, ...rest };
}
