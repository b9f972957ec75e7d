/**
 * A small in-memory Kube for unit tests of the doctor. It filters lists by the field and label
 * selectors the doctor sends (the subset it uses), raises the same KubeErrors as the real client
 * (through toKubeError) and counts calls, so tests can prove reads are shared.
 */
import { ApiException, type CoreV1Event, type V1Deployment, type V1Namespace, type V1Node, type V1Pod, type V1ReplicaSet, type V1Secret, type V1Service, type V1ServiceAccount, type VersionInfo } from '@kubernetes/client-node';
import type { AccessCheck, AccessResult, Kube, ListOptions, TokenClaimsRequest } from '../client.js';
import type { ClusterTarget } from '../config.js';
import { toKubeError, type Attempt } from '../errors.js';

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
  return new ApiException(code, `HTTP-Code: ${code}\nMessage: Unknown API Status Code!\nBody: ${JSON.stringify(body)}`, JSON.stringify(body), { 'content-type': 'application/json' });
}

export const TEST_TARGET: ClusterTarget = {
  contextName: 'kind-doctor',
  clusterName: 'kind-doctor',
  server: 'https://127.0.0.1:6443',
  user: 'kind-doctor',
  source: '/home/test/.kube/config',
  kubeconfigFile: '/home/test/.kube/config',
};

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
  /** "verb resource[/sub]" pairs RBAC refuses, e.g. "get secrets", "list nodes". */
  denied = new Set<string>();
  /** Every call fails as if the API server could not be reached. */
  unreachable = false;
  /** Artificial latency, to observe concurrency. */
  delayMs = 0;

  calls: Record<string, number> = {};
  listCalls: { method: string; namespace?: string; opts: ListOptions }[] = [];
  inFlight = 0;
  maxInFlight = 0;

  private key(ns: string, name: string) {
    return `${ns}/${name}`;
  }

  private async enter<T>(method: Method, attempt: Attempt, permission: string, fn: () => T): Promise<T> {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      else await Promise.resolve();
      const withServer = { ...attempt, server: this.target.server };
      if (this.unreachable) {
        throw toKubeError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' }), withServer);
      }
      if (this.denied.has(permission)) {
        const body = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: `${permission.split(' ')[1]} is forbidden: User "dev" cannot ${permission} in the namespace "${attempt.namespace ?? ''}"` };
        throw toKubeError(apiError(403, body), withServer);
      }
      return fn();
    } finally {
      this.inFlight--;
    }
  }

  serverVersion() {
    return this.enter('serverVersion', { verb: 'get', resource: 'version' }, 'get version', () => this.version);
  }
  getNamespace(name: string) {
    return this.enter('getNamespace', { verb: 'get', resource: 'namespace', name }, 'get namespaces', () => this.namespaces.get(name));
  }
  getSecret(namespace: string, name: string) {
    return this.enter('getSecret', { verb: 'get', resource: 'secret', namespace, name }, 'get secrets', () => this.secrets.get(this.key(namespace, name)));
  }
  listSecrets(namespace: string, opts: ListOptions = {}) {
    this.listCalls.push({ method: 'listSecrets', namespace, opts });
    return this.enter('listSecrets', { verb: 'list', resource: 'secrets', namespace }, 'list secrets', () =>
      [...this.secrets.values()].filter((s) => s.metadata?.namespace === namespace && matchesLabelSelector(s.metadata?.labels, opts.labelSelector)),
    );
  }
  getServiceAccount(namespace: string, name: string) {
    return this.enter('getServiceAccount', { verb: 'get', resource: 'serviceaccount', namespace, name }, 'get serviceaccounts', () => this.serviceAccounts.get(this.key(namespace, name)));
  }
  getDeployment(namespace: string, name: string) {
    return this.enter('getDeployment', { verb: 'get', resource: 'deployment', namespace, name }, 'get deployments', () => this.deployments.get(this.key(namespace, name)));
  }
  listDeployments(namespace: string, opts: ListOptions = {}) {
    return this.enter('listDeployments', { verb: 'list', resource: 'deployments', namespace }, 'list deployments', () =>
      [...this.deployments.values()].filter((d) => d.metadata?.namespace === namespace && matchesLabelSelector(d.metadata?.labels, opts.labelSelector)),
    );
  }
  listReplicaSets(namespace: string, opts: ListOptions = {}) {
    return this.enter('listReplicaSets', { verb: 'list', resource: 'replicasets', namespace }, 'list replicasets', () =>
      this.replicaSets.filter((r) => r.metadata?.namespace === namespace && matchesLabelSelector(r.metadata?.labels, opts.labelSelector)),
    );
  }
  listServices(namespace: string, opts: ListOptions = {}) {
    return this.enter('listServices', { verb: 'list', resource: 'services', namespace }, 'list services', () =>
      this.services.filter((r) => r.metadata?.namespace === namespace && matchesLabelSelector(r.metadata?.labels, opts.labelSelector)),
    );
  }
  listPods(namespace: string | undefined, opts: ListOptions = {}) {
    this.listCalls.push({ method: 'listPods', namespace, opts });
    return this.enter('listPods', { verb: 'list', resource: 'pods', namespace }, 'list pods', () => {
      const out = this.pods.filter(
        (p) => (!namespace || p.metadata?.namespace === namespace) && matchesLabelSelector(p.metadata?.labels, opts.labelSelector) && matchesFieldSelector(p, opts.fieldSelector),
      );
      return opts.max !== undefined ? out.slice(0, opts.max) : out;
    });
  }
  listEvents(namespace: string, opts: ListOptions = {}) {
    this.listCalls.push({ method: 'listEvents', namespace, opts });
    return this.enter('listEvents', { verb: 'list', resource: 'events', namespace }, 'list events', () => {
      const out = this.events.filter((e) => (e.metadata?.namespace ?? e.involvedObject?.namespace) === namespace && matchesFieldSelector(e, opts.fieldSelector));
      return opts.max !== undefined ? out.slice(0, opts.max) : out;
    });
  }
  listNodes(opts: ListOptions = {}) {
    this.listCalls.push({ method: 'listNodes', opts });
    return this.enter('listNodes', { verb: 'list', resource: 'nodes' }, 'list nodes', () => this.nodes.filter((n) => matchesLabelSelector(n.metadata?.labels, opts.labelSelector)));
  }
  readPodLog(namespace: string, pod: string, container: string, _tailLines?: number, previous = false) {
    return this.enter('readPodLog', { verb: 'get', resource: 'pods/log', namespace, name: `${pod} (container ${container})` }, 'get pods/log', () => {
      const text = (previous ? this.previousLogs : this.logs).get(`${pod}/${container}`);
      if (text === undefined) {
        const body = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'BadRequest', code: 400, message: `container "${container}" in pod "${pod}" is waiting to start: ContainerCreating` };
        throw toKubeError(apiError(400, body), { verb: 'get', resource: 'pods/log', namespace, name: pod });
      }
      return text;
    });
  }
  createToken(req: TokenClaimsRequest) {
    return this.enter('createToken', { verb: 'create', resource: 'serviceaccounts/token', namespace: req.namespace, name: req.serviceAccount }, 'create serviceaccounts/token', () => {
      this.tokenAudiences.push(req.audiences);
      const token = this.tokens.get(req.serviceAccount);
      if (!token) throw toKubeError(apiError(404, { kind: 'Status', code: 404, reason: 'NotFound', message: `serviceaccounts "${req.serviceAccount}" not found` }), { verb: 'create', resource: 'serviceaccounts/token', namespace: req.namespace, name: req.serviceAccount });
      return token;
    });
  }
  canI(checks: AccessCheck[]) {
    return this.enter('canI', { verb: 'create', resource: 'selfsubjectaccessreviews' }, 'create selfsubjectaccessreviews', () =>
      checks.map((c): AccessResult => ({ ...c, allowed: !this.denied.has(`${c.verb} ${c.resource}${c.subresource ? `/${c.subresource}` : ''}`) })),
    );
  }

  // Writes are not used by the doctor.
  private unused(): never {
    throw new Error('fake: the doctor must not write to the cluster');
  }
  createNamespace(): Promise<V1Namespace> {
    return this.unused();
  }
  deleteNamespace(): Promise<boolean> {
    return this.unused();
  }
  createSecret(): Promise<V1Secret> {
    return this.unused();
  }
  replaceSecret(): Promise<V1Secret> {
    return this.unused();
  }
  deleteSecret(): Promise<boolean> {
    return this.unused();
  }
  createServiceAccount(): Promise<V1ServiceAccount> {
    return this.unused();
  }
  replaceServiceAccount(): Promise<V1ServiceAccount> {
    return this.unused();
  }
  deleteServiceAccount(): Promise<boolean> {
    return this.unused();
  }
  restartDeployment(): Promise<V1Deployment> {
    return this.unused();
  }
}
