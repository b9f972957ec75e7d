/**
 * The one in-memory Kube for unit tests (every feature's and every screen's): objects in maps keyed
 * "namespace/name", list filters for the field and label selectors the code sends (the subset it uses),
 * the same KubeErrors as the real client (through toKubeError, or the API server's 409 for a stale
 * write), and a record of every call and every write, so a test can prove reads are shared and that
 * nothing was changed. Never in place of the real cluster in integration tests.
 */
import {
  ApiException,
  type CoreV1Event,
  type V1Deployment,
  type V1Namespace,
  type V1Node,
  type V1Pod,
  type V1ReplicaSet,
  type V1Secret,
  type V1Service,
  type V1ServiceAccount,
  type VersionInfo,
} from '@kubernetes/client-node';
import {
  RESTART_ANNOTATION,
  type AccessCheck,
  type AccessResult,
  type Kube,
  type ListOptions,
  type TokenClaimsRequest,
} from '../kube/client.js';
import type { ClusterTarget } from '../kube/config.js';
import { KubeError, toKubeError, type Attempt } from '../kube/errors.js';

type Method = Exclude<keyof Kube, 'target'>;

function get(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

export function matchesFieldSelector(obj: unknown, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(term.trim());
    if (!m) throw new Error(`fake: unsupported field selector ${term}`);
    const value = String(get(obj, m[1]!) ?? '');
    return m[2] === '!=' ? value !== m[3] : value === m[3];
  });
}

export function matchesLabelSelector(labels: Record<string, string> | undefined, selector: string | undefined): boolean {
  if (!selector) return true;
  const l = labels ?? {};
  return selector.split(/,(?![^(]*\))/).every((term) => {
    const t = term.trim();
    let m = /^([^!=\s]+)\s*(!=|==|=)\s*(.*)$/.exec(t);
    if (m) return m[2] === '!=' ? l[m[1]!] !== m[3] : l[m[1]!] === m[3];
    m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(t);
    if (m) {
      const set = m[3]!.split(',').map((s) => s.trim());
      return m[2] === 'in' ? set.includes(l[m[1]!] ?? '\u0000') : !set.includes(l[m[1]!] ?? '\u0000');
    }
    if (t.startsWith('!')) return !(t.slice(1) in l);
    return t in l;
  });
}

/** What client-node throws for a non-2xx answer. */
function apiError(code: number, body: Record<string, unknown>): ApiException<string> {
  return new ApiException(
    code,
    `HTTP-Code: ${code}\nMessage: Unknown API Status Code!\nBody: ${JSON.stringify(body)}`,
    JSON.stringify(body),
    { 'content-type': 'application/json' },
  );
}

/** The made-up cluster every unit test talks to. */
export const TEST_TARGET: ClusterTarget = {
  contextName: 'kind-builders',
  clusterName: 'kind-builders',
  server: 'https://127.0.0.1:6443',
  user: 'kind-admin',
  source: '/home/test/.kube/config',
  kubeconfigFile: '/home/test/.kube/config',
};

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

const inNamespace = <T>(map: Map<string, T>, namespace: string): T[] =>
  [...map.entries()].filter(([key]) => key.startsWith(`${namespace}/`)).map(([, value]) => value);

export class FakeKube implements Kube {
  readonly target: ClusterTarget = TEST_TARGET;
  version: VersionInfo = {
    major: '1',
    minor: '31',
    gitVersion: 'v1.31.2',
    gitCommit: '5864a4677267e6adeae276ad85882a8714d69d9d',
    gitTreeState: 'clean',
    buildDate: '2024-10-22T20:28:14Z',
    goVersion: 'go1.22.8',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
  namespaces = new Map<string, V1Namespace>();
  /** "namespace/name" → object, for secrets, service accounts and deployments. */
  secrets = new Map<string, V1Secret>();
  serviceAccounts = new Map<string, V1ServiceAccount>();
  deployments = new Map<string, V1Deployment>();
  pods: V1Pod[] = [];
  events: CoreV1Event[] = [];
  nodes: V1Node[] = [];
  /** `${pod}/${container}` → log text */
  logs = new Map<string, string>();
  /** Logs of containers' previous runs, by pod/container. */
  previousLogs = new Map<string, string>();
  replicaSets: V1ReplicaSet[] = [];
  services: V1Service[] = [];
  tokens = new Map<string, string>();
  /** The audiences of each token requested, in order. */
  tokenAudiences: string[][] = [];
  /** "verb resource[/sub]" pairs RBAC refuses, e.g. "get secrets", "list nodes": the call fails with 403 and canI answers denied. */
  denied = new Set<string>();
  /** Every call fails as if the API server could not be reached. */
  unreachable = false;
  /** Every call throws this error instead (a test's own failure). */
  failWith?: Error;
  /** "method name" → error a write throws instead of writing, e.g. "replaceSecret payload-secret". */
  failures = new Map<string, Error>();
  /** Every write fails the test: for code that must only read (the doctor). */
  readOnly = false;
  /** Artificial latency, to observe concurrency. */
  delayMs = 0;

  /** Calls per method. */
  calls: Record<string, number> = {};
  /** Every call in order, with its arguments. */
  callLog: { method: string; args: unknown[] }[] = [];
  listCalls: { method: string; namespace?: string; opts: ListOptions }[] = [];
  /** Every write, as "method name". */
  writes: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private nextVersion = 100;

  /** Adds an (empty) namespace. */
  addNamespace(name: string): this {
    this.namespaces.set(name, { metadata: { name } });
    return this;
  }

  /** Puts the objects of a snapshot (an uninstall snapshot, say) into this fake cluster. */
  load(s: FakeClusterObjects): this {
    if (s.namespaceExists) this.addNamespace(s.namespace);
    for (const secret of Object.values(s.secrets)) if (secret) this.secrets.set(`${s.namespace}/${secret.metadata?.name}`, secret);
    if (s.irsaServiceAccount) this.serviceAccounts.set(`${s.namespace}/${s.irsaServiceAccount.metadata?.name}`, s.irsaServiceAccount);
    return this;
  }

  /** Adds a rolled-out one-replica deployment of a release. */
  addDeployment(namespace: string, name: string, release = name): this {
    this.deployments.set(`${namespace}/${name}`, {
      metadata: { name, namespace, generation: 1, labels: { 'app.kubernetes.io/instance': release } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [] } },
      },
      status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 },
    });
    return this;
  }

  private async enter<T>(method: Method, args: unknown[], attempt: Attempt, permission: string, fn: () => T): Promise<T> {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
    this.callLog.push({ method, args });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      else await Promise.resolve();
      if (this.failWith) throw this.failWith;
      const withServer = { ...attempt, server: this.target.server };
      if (this.unreachable) {
        throw toKubeError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' }), withServer);
      }
      if (this.denied.has(permission)) {
        const body = {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'Forbidden',
          code: 403,
          message: `${permission.split(' ')[1]} is forbidden: User "dev" cannot ${permission} in the namespace "${attempt.namespace ?? ''}"`,
        };
        throw toKubeError(apiError(403, body), withServer);
      }
      return fn();
    } finally {
      this.inFlight--;
    }
  }

  private write<T>(method: Method, args: unknown[], attempt: Attempt & { name: string }, permission: string, fn: () => T): Promise<T> {
    return this.enter(method, args, attempt, permission, () => {
      if (this.readOnly) throw new Error(`fake: this code must not write to the cluster (${method} ${attempt.name})`);
      this.writes.push(`${method} ${attempt.name}`);
      const failure = this.failures.get(`${method} ${attempt.name}`);
      if (failure) throw failure;
      return fn();
    });
  }

  /** As the API server stores it: a new resourceVersion, and a uid (the one it had, else a new one). */
  private stored<T extends { metadata?: { uid?: string } }>(namespace: string, object: T, current?: T): T {
    const uid = current?.metadata?.uid ?? object.metadata?.uid ?? `fake-uid-${this.nextVersion}`;
    return { ...object, metadata: { ...object.metadata, namespace, uid, resourceVersion: String(this.nextVersion++) } };
  }

  serverVersion() {
    return this.enter('serverVersion', [], { verb: 'get', resource: 'version' }, 'get version', () => this.version);
  }
  getNamespace(name: string) {
    return this.enter('getNamespace', [name], { verb: 'get', resource: 'namespace', name }, 'get namespaces', () =>
      this.namespaces.get(name),
    );
  }
  getSecret(namespace: string, name: string) {
    return this.enter('getSecret', [namespace, name], { verb: 'get', resource: 'secret', namespace, name }, 'get secrets', () =>
      this.secrets.get(`${namespace}/${name}`),
    );
  }
  listSecrets(namespace: string, opts: ListOptions = {}) {
    this.listCalls.push({ method: 'listSecrets', namespace, opts });
    return this.enter('listSecrets', [namespace, opts], { verb: 'list', resource: 'secrets', namespace }, 'list secrets', () =>
      inNamespace(this.secrets, namespace).filter((s) => matchesLabelSelector(s.metadata?.labels, opts.labelSelector)),
    );
  }
  getServiceAccount(namespace: string, name: string) {
    return this.enter(
      'getServiceAccount',
      [namespace, name],
      { verb: 'get', resource: 'serviceaccount', namespace, name },
      'get serviceaccounts',
      () => this.serviceAccounts.get(`${namespace}/${name}`),
    );
  }
  getDeployment(namespace: string, name: string) {
    return this.enter('getDeployment', [namespace, name], { verb: 'get', resource: 'deployment', namespace, name }, 'get deployments', () =>
      this.deployments.get(`${namespace}/${name}`),
    );
  }
  listDeployments(namespace: string, opts: ListOptions = {}) {
    return this.enter('listDeployments', [namespace, opts], { verb: 'list', resource: 'deployments', namespace }, 'list deployments', () =>
      inNamespace(this.deployments, namespace).filter((d) => matchesLabelSelector(d.metadata?.labels, opts.labelSelector)),
    );
  }
  listReplicaSets(namespace: string, opts: ListOptions = {}) {
    return this.enter('listReplicaSets', [namespace, opts], { verb: 'list', resource: 'replicasets', namespace }, 'list replicasets', () =>
      this.replicaSets.filter((r) => r.metadata?.namespace === namespace && matchesLabelSelector(r.metadata?.labels, opts.labelSelector)),
    );
  }
  listServices(namespace: string, opts: ListOptions = {}) {
    return this.enter('listServices', [namespace, opts], { verb: 'list', resource: 'services', namespace }, 'list services', () =>
      this.services.filter((r) => r.metadata?.namespace === namespace && matchesLabelSelector(r.metadata?.labels, opts.labelSelector)),
    );
  }
  listPods(namespace: string | undefined, opts: ListOptions = {}) {
    this.listCalls.push({ method: 'listPods', namespace, opts });
    return this.enter('listPods', [namespace, opts], { verb: 'list', resource: 'pods', namespace }, 'list pods', () => {
      const out = this.pods.filter(
        (p) =>
          (!namespace || p.metadata?.namespace === namespace) &&
          matchesLabelSelector(p.metadata?.labels, opts.labelSelector) &&
          matchesFieldSelector(p, opts.fieldSelector),
      );
      return opts.max !== undefined ? out.slice(0, opts.max) : out;
    });
  }
  listEvents(namespace: string, opts: ListOptions = {}) {
    this.listCalls.push({ method: 'listEvents', namespace, opts });
    return this.enter('listEvents', [namespace, opts], { verb: 'list', resource: 'events', namespace }, 'list events', () => {
      const out = this.events.filter(
        (e) => (e.metadata?.namespace ?? e.involvedObject?.namespace) === namespace && matchesFieldSelector(e, opts.fieldSelector),
      );
      return opts.max !== undefined ? out.slice(0, opts.max) : out;
    });
  }
  listNodes(opts: ListOptions = {}) {
    this.listCalls.push({ method: 'listNodes', opts });
    return this.enter('listNodes', [opts], { verb: 'list', resource: 'nodes' }, 'list nodes', () =>
      this.nodes.filter((n) => matchesLabelSelector(n.metadata?.labels, opts.labelSelector)),
    );
  }
  readPodLog(namespace: string, pod: string, container: string, _tailLines?: number, previous = false) {
    return this.enter(
      'readPodLog',
      [namespace, pod, container],
      { verb: 'get', resource: 'pods/log', namespace, name: `${pod} (container ${container})` },
      'get pods/log',
      () => {
        const text = (previous ? this.previousLogs : this.logs).get(`${pod}/${container}`);
        if (text === undefined) {
          const body = {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            reason: 'BadRequest',
            code: 400,
            message: `container "${container}" in pod "${pod}" is waiting to start: ContainerCreating`,
          };
          throw toKubeError(apiError(400, body), { verb: 'get', resource: 'pods/log', namespace, name: pod });
        }
        return text;
      },
    );
  }
  createToken(req: TokenClaimsRequest) {
    const attempt = { verb: 'create', resource: 'serviceaccounts/token', namespace: req.namespace, name: req.serviceAccount };
    return this.enter('createToken', [req], attempt, 'create serviceaccounts/token', () => {
      this.tokenAudiences.push(req.audiences);
      const token = this.tokens.get(req.serviceAccount);
      if (!token)
        throw toKubeError(
          apiError(404, { kind: 'Status', code: 404, reason: 'NotFound', message: `serviceaccounts "${req.serviceAccount}" not found` }),
          attempt,
        );
      return token;
    });
  }
  canI(checks: AccessCheck[]) {
    return this.enter('canI', [checks], { verb: 'create', resource: 'selfsubjectaccessreviews' }, 'create selfsubjectaccessreviews', () =>
      checks.map((c): AccessResult => ({
        ...c,
        allowed: !this.denied.has(`${c.verb} ${c.resource}${c.subresource ? `/${c.subresource}` : ''}`),
      })),
    );
  }

  createNamespace(name: string) {
    return this.write('createNamespace', [name], { verb: 'create', resource: 'namespace', name }, 'create namespaces', (): V1Namespace => {
      const ns = { metadata: { name } };
      this.namespaces.set(name, ns);
      return ns;
    });
  }
  deleteNamespace(name: string, uid?: string) {
    return this.write('deleteNamespace', [name, uid], { verb: 'delete', resource: 'namespace', name }, 'delete namespaces', () => {
      preconditionHolds(this.namespaces.get(name), uid);
      return this.namespaces.delete(name);
    });
  }
  createSecret(namespace: string, secret: V1Secret) {
    const name = secret.metadata?.name ?? '';
    return this.write('createSecret', [namespace, name], { verb: 'create', resource: 'secret', namespace, name }, 'create secrets', () => {
      if (this.secrets.has(`${namespace}/${name}`))
        throw new KubeError('conflict', `Secret ${namespace}/${name} exists (409).`, 'Re-run.', 409);
      const stored = this.stored(namespace, secret);
      this.secrets.set(`${namespace}/${name}`, stored);
      return stored;
    });
  }
  replaceSecret(namespace: string, secret: V1Secret) {
    const name = secret.metadata?.name ?? '';
    return this.write('replaceSecret', [namespace, name], { verb: 'update', resource: 'secret', namespace, name }, 'update secrets', () => {
      const current = this.secrets.get(`${namespace}/${name}`);
      if (current && secret.metadata?.resourceVersion && current.metadata?.resourceVersion !== secret.metadata.resourceVersion) {
        throw new KubeError('conflict', `Secret ${namespace}/${name} changed since it was read (409).`, 'Run it again.', 409);
      }
      const stored = this.stored(namespace, secret, current);
      this.secrets.set(`${namespace}/${name}`, stored);
      return stored;
    });
  }
  deleteSecret(namespace: string, name: string, uid?: string) {
    return this.write(
      'deleteSecret',
      [namespace, name, uid],
      { verb: 'delete', resource: 'secret', namespace, name },
      'delete secrets',
      () => {
        preconditionHolds(this.secrets.get(`${namespace}/${name}`), uid);
        return this.secrets.delete(`${namespace}/${name}`);
      },
    );
  }
  createServiceAccount(namespace: string, sa: V1ServiceAccount) {
    const name = sa.metadata?.name ?? '';
    return this.write(
      'createServiceAccount',
      [namespace, name],
      { verb: 'create', resource: 'serviceaccount', namespace, name },
      'create serviceaccounts',
      () => {
        this.serviceAccounts.set(`${namespace}/${name}`, sa);
        return sa;
      },
    );
  }
  replaceServiceAccount(namespace: string, sa: V1ServiceAccount) {
    const name = sa.metadata?.name ?? '';
    return this.write(
      'replaceServiceAccount',
      [namespace, name],
      { verb: 'update', resource: 'serviceaccount', namespace, name },
      'update serviceaccounts',
      () => {
        this.serviceAccounts.set(`${namespace}/${name}`, sa);
        return sa;
      },
    );
  }
  deleteServiceAccount(namespace: string, name: string, uid?: string) {
    return this.write(
      'deleteServiceAccount',
      [namespace, name, uid],
      { verb: 'delete', resource: 'serviceaccount', namespace, name },
      'delete serviceaccounts',
      () => {
        preconditionHolds(this.serviceAccounts.get(`${namespace}/${name}`), uid);
        return this.serviceAccounts.delete(`${namespace}/${name}`);
      },
    );
  }
  restartDeployment(namespace: string, name: string, at = new Date()) {
    return this.write(
      'restartDeployment',
      [namespace, name],
      { verb: 'patch', resource: 'deployment', namespace, name },
      'patch deployments',
      (): V1Deployment => {
        const d = this.deployments.get(`${namespace}/${name}`);
        if (!d) throw new Error(`fake: no deployment ${namespace}/${name}`);
        const template = d.spec!.template;
        template.metadata = {
          ...template.metadata,
          annotations: { ...template.metadata?.annotations, [RESTART_ANNOTATION]: at.toISOString() },
        };
        return d;
      },
    );
  }
}
