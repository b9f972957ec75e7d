import {
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  KubeConfig,
  ServerConfiguration,
  VersionApi,
  createConfiguration,
  wrapHttpLibrary,
  type V1Deployment,
  type CoreV1Event,
  type V1Namespace,
  type V1Node,
  type V1Pod,
  type V1ReplicaSet,
  type V1Secret,
  type V1Service,
  type V1ServiceAccount,
  type VersionInfo,
} from '@kubernetes/client-node';
import { toKubeError, isNotFound, type Attempt } from './errors.js';
import { loadKubeConfig, type ClusterTarget, type KubeConfigRequest } from './config.js';
import { send, SharedConnection } from './transport.js';

export interface AccessCheck {
  verb: string;
  resource: string;
  group?: string;
  namespace?: string;
  subresource?: string;
  /** One object by name: RBAC rules may allow a verb for named objects only (resourceNames). */
  name?: string;
}

export interface AccessResult extends AccessCheck {
  allowed: boolean;
  reason?: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size: lists are always paged so a busy cluster cannot blow up memory. */
  pageSize?: number;
  /** Stop after this many items (the rest are not fetched). */
  max?: number;
}

export interface TokenClaimsRequest {
  namespace: string;
  serviceAccount: string;
  audiences: string[];
  expirationSeconds?: number;
}

/**
 * The narrow interface the rest of the program uses to reach Kubernetes. Screens and commands get
 * it injected, so tests can hand them the real client pointed at the test bed.
 */
export interface Kube {
  readonly target: ClusterTarget;
  serverVersion(): Promise<VersionInfo>;
  getNamespace(name: string): Promise<V1Namespace | undefined>;
  createNamespace(name: string, labels?: Record<string, string>): Promise<V1Namespace>;
  /** With uid: deleted only if it is still that namespace, never one made again since. */
  deleteNamespace(name: string, uid?: string): Promise<boolean>;
  getSecret(namespace: string, name: string): Promise<V1Secret | undefined>;
  listSecrets(namespace: string, opts?: ListOptions): Promise<V1Secret[]>;
  createSecret(namespace: string, secret: V1Secret): Promise<V1Secret>;
  replaceSecret(namespace: string, secret: V1Secret): Promise<V1Secret>;
  /** With uid: deleted only if it is still that object (a precondition), never one made again since. */
  deleteSecret(namespace: string, name: string, uid?: string): Promise<boolean>;
  getServiceAccount(namespace: string, name: string): Promise<V1ServiceAccount | undefined>;
  createServiceAccount(namespace: string, sa: V1ServiceAccount): Promise<V1ServiceAccount>;
  replaceServiceAccount(namespace: string, sa: V1ServiceAccount): Promise<V1ServiceAccount>;
  deleteServiceAccount(namespace: string, name: string, uid?: string): Promise<boolean>;
  getDeployment(namespace: string, name: string): Promise<V1Deployment | undefined>;
  listDeployments(namespace: string, opts?: ListOptions): Promise<V1Deployment[]>;
  listReplicaSets(namespace: string, opts?: ListOptions): Promise<V1ReplicaSet[]>;
  listServices(namespace: string, opts?: ListOptions): Promise<V1Service[]>;
  /** Sets a pod-template annotation, which makes the Deployment roll its pods (kubectl rollout restart). */
  restartDeployment(namespace: string, name: string, at?: Date): Promise<V1Deployment>;
  listPods(namespace: string | undefined, opts?: ListOptions): Promise<V1Pod[]>;
  listEvents(namespace: string, opts?: ListOptions): Promise<CoreV1Event[]>;
  listNodes(opts?: ListOptions): Promise<V1Node[]>;
  /** previous: the log of the container's previous run (kubectl logs --previous). */
  readPodLog(namespace: string, pod: string, container: string, tailLines?: number, previous?: boolean): Promise<string>;
  /** Mints a service-account token through the TokenRequest API and returns the raw JWT. */
  createToken(req: TokenClaimsRequest): Promise<string>;
  /** SelfSubjectAccessReview for each check, in parallel. */
  canI(checks: AccessCheck[]): Promise<AccessResult[]>;
}

export interface KubeClientOptions extends KubeConfigRequest {
  /** Per-request timeout; a hung API server must never hang the tool. */
  timeoutMs?: number;
}

export const RESTART_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

export class KubeClient implements Kube {
  readonly target: ClusterTarget;
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly authz: AuthorizationV1Api;
  private readonly versionApi: VersionApi;
  private readonly connection: SharedConnection;

  constructor(kc: KubeConfig, target: ClusterTarget, timeoutMs = 15_000) {
    this.target = target;
    this.connection = new SharedConnection(kc);
    // Built like KubeConfig.makeApiClient, with one shared connection, undici's request API in
    // place of fetch, and a middleware that gives every request a deadline.
    const config = createConfiguration({
      baseServer: new ServerConfiguration(target.server, {}),
      authMethods: { default: this.connection },
      httpApi: wrapHttpLibrary({ send }),
      promiseMiddleware: [
        {
          pre: async (ctx) => {
            ctx.setSignal(AbortSignal.timeout(timeoutMs));
            return ctx;
          },
          post: async (res) => res,
        },
      ],
    });
    this.core = new CoreV1Api(config);
    this.apps = new AppsV1Api(config);
    this.authz = new AuthorizationV1Api(config);
    this.versionApi = new VersionApi(config);
  }

  static fromKubeconfig(opts: KubeClientOptions = {}): KubeClient {
    const { kc, target } = loadKubeConfig(opts);
    return new KubeClient(kc, target, opts.timeoutMs);
  }

  /**
   * Closes the kept-alive connection once running requests finish. Optional: an idle connection
   * never keeps the process alive; this is for long-lived processes that drop a client.
   */
  close(): Promise<void> {
    return this.connection.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private async call<T>(attempt: Attempt, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toKubeError(e, { server: this.target.server, ...attempt });
    }
  }

  /** Reads that answer "absent" instead of throwing on 404. */
  private async getOrUndefined<T>(attempt: Attempt, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw toKubeError(e, { server: this.target.server, ...attempt });
    }
  }

  private async deleteIfPresent(attempt: Attempt, fn: () => Promise<unknown>): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw toKubeError(e, { server: this.target.server, ...attempt });
    }
  }

  serverVersion(): Promise<VersionInfo> {
    return this.call({ verb: 'get', resource: 'version' }, () => this.versionApi.getCode());
  }

  getNamespace(name: string) {
    return this.getOrUndefined({ verb: 'get', resource: 'namespace', name }, () => this.core.readNamespace({ name }));
  }

  createNamespace(name: string, labels?: Record<string, string>) {
    return this.call({ verb: 'create', resource: 'namespace', name }, () =>
      this.core.createNamespace({ body: { metadata: { name, labels } } }),
    );
  }

  deleteNamespace(name: string, uid?: string) {
    return this.deleteIfPresent({ verb: 'delete', resource: 'namespace', name }, () =>
      this.core.deleteNamespace({ name, body: uid ? { preconditions: { uid } } : undefined }),
    );
  }

  getSecret(namespace: string, name: string) {
    return this.getOrUndefined({ verb: 'get', resource: 'secret', namespace, name }, () =>
      this.core.readNamespacedSecret({ namespace, name }),
    );
  }

  listSecrets(namespace: string, opts: ListOptions = {}) {
    const { labelSelector, fieldSelector } = opts;
    return this.paged<V1Secret>({ verb: 'list', resource: 'secrets', namespace }, opts, (_continue, limit) =>
      this.core.listNamespacedSecret({ namespace, labelSelector, fieldSelector, limit, _continue }),
    );
  }

  createSecret(namespace: string, secret: V1Secret) {
    return this.call({ verb: 'create', resource: 'secret', namespace, name: secret.metadata?.name }, () =>
      this.core.createNamespacedSecret({ namespace, body: secret }),
    );
  }

  replaceSecret(namespace: string, secret: V1Secret) {
    const name = secret.metadata?.name ?? '';
    return this.call({ verb: 'update', resource: 'secret', namespace, name }, () =>
      this.core.replaceNamespacedSecret({ namespace, name, body: secret }),
    );
  }

  deleteSecret(namespace: string, name: string, uid?: string) {
    return this.deleteIfPresent({ verb: 'delete', resource: 'secret', namespace, name }, () =>
      this.core.deleteNamespacedSecret({ namespace, name, body: uid ? { preconditions: { uid } } : undefined }),
    );
  }

  getServiceAccount(namespace: string, name: string) {
    return this.getOrUndefined({ verb: 'get', resource: 'serviceaccount', namespace, name }, () =>
      this.core.readNamespacedServiceAccount({ namespace, name }),
    );
  }

  createServiceAccount(namespace: string, sa: V1ServiceAccount) {
    return this.call({ verb: 'create', resource: 'serviceaccount', namespace, name: sa.metadata?.name }, () =>
      this.core.createNamespacedServiceAccount({ namespace, body: sa }),
    );
  }

  replaceServiceAccount(namespace: string, sa: V1ServiceAccount) {
    const name = sa.metadata?.name ?? '';
    return this.call({ verb: 'update', resource: 'serviceaccount', namespace, name }, () =>
      this.core.replaceNamespacedServiceAccount({ namespace, name, body: sa }),
    );
  }

  deleteServiceAccount(namespace: string, name: string, uid?: string) {
    return this.deleteIfPresent({ verb: 'delete', resource: 'serviceaccount', namespace, name }, () =>
      this.core.deleteNamespacedServiceAccount({ namespace, name, body: uid ? { preconditions: { uid } } : undefined }),
    );
  }

  getDeployment(namespace: string, name: string) {
    return this.getOrUndefined({ verb: 'get', resource: 'deployment', namespace, name }, () =>
      this.apps.readNamespacedDeployment({ namespace, name }),
    );
  }

  listDeployments(namespace: string, opts: ListOptions = {}) {
    const { labelSelector, fieldSelector } = opts;
    return this.paged<V1Deployment>({ verb: 'list', resource: 'deployments', namespace }, opts, (_continue, limit) =>
      this.apps.listNamespacedDeployment({ namespace, labelSelector, fieldSelector, limit, _continue }),
    );
  }

  listReplicaSets(namespace: string, opts: ListOptions = {}) {
    const { labelSelector, fieldSelector } = opts;
    return this.paged<V1ReplicaSet>({ verb: 'list', resource: 'replicasets', namespace }, opts, (_continue, limit) =>
      this.apps.listNamespacedReplicaSet({ namespace, labelSelector, fieldSelector, limit, _continue }),
    );
  }

  listServices(namespace: string, opts: ListOptions = {}) {
    const { labelSelector, fieldSelector } = opts;
    return this.paged<V1Service>({ verb: 'list', resource: 'services', namespace }, opts, (_continue, limit) =>
      this.core.listNamespacedService({ namespace, labelSelector, fieldSelector, limit, _continue }),
    );
  }

  async restartDeployment(namespace: string, name: string, at = new Date()) {
    const attempt = { verb: 'patch', resource: 'deployment', namespace, name };
    return this.call(attempt, async () => {
      // Read-modify-replace keeps this to the typed API (no patch content-type juggling); a 409
      // from a concurrent change surfaces as a plain "changed by someone else" error.
      const dep = await this.apps.readNamespacedDeployment({ namespace, name });
      const template = dep.spec!.template;
      template.metadata = template.metadata ?? {};
      template.metadata.annotations = { ...template.metadata.annotations, [RESTART_ANNOTATION]: at.toISOString() };
      return this.apps.replaceNamespacedDeployment({ namespace, name, body: dep });
    });
  }

  private async paged<T>(
    attempt: Attempt,
    opts: ListOptions,
    page: (cont: string | undefined, limit: number) => Promise<{ items: T[]; metadata?: { _continue?: string } }>,
  ): Promise<T[]> {
    const limit = opts.pageSize ?? 500;
    const out: T[] = [];
    let cont: string | undefined;
    do {
      const res = await this.call(attempt, () => page(cont, limit));
      out.push(...res.items);
      cont = res.metadata?._continue || undefined;
      if (opts.max !== undefined && out.length >= opts.max) return out.slice(0, opts.max);
    } while (cont);
    return out;
  }

  listPods(namespace: string | undefined, opts: ListOptions = {}) {
    const { labelSelector, fieldSelector } = opts;
    return this.paged<V1Pod>({ verb: 'list', resource: 'pods', namespace }, opts, (_continue, limit) =>
      namespace
        ? this.core.listNamespacedPod({ namespace, labelSelector, fieldSelector, limit, _continue })
        : this.core.listPodForAllNamespaces({ labelSelector, fieldSelector, limit, _continue }),
    );
  }

  listEvents(namespace: string, opts: ListOptions = {}) {
    const { labelSelector, fieldSelector } = opts;
    return this.paged<CoreV1Event>({ verb: 'list', resource: 'events', namespace }, opts, (_continue, limit) =>
      this.core.listNamespacedEvent({ namespace, labelSelector, fieldSelector, limit, _continue }),
    );
  }

  listNodes(opts: ListOptions = {}) {
    const { labelSelector, fieldSelector } = opts;
    return this.paged<V1Node>({ verb: 'list', resource: 'nodes' }, opts, (_continue, limit) =>
      this.core.listNode({ labelSelector, fieldSelector, limit, _continue }),
    );
  }

  readPodLog(namespace: string, pod: string, container: string, tailLines = 50, previous = false) {
    return this.call(
      { verb: 'get', resource: 'pods/log', namespace, name: `${pod} (container ${container}${previous ? ', previous' : ''})` },
      () => this.core.readNamespacedPodLog({ namespace, name: pod, container, tailLines, ...(previous ? { previous } : {}) }),
    );
  }

  async createToken(req: TokenClaimsRequest): Promise<string> {
    const { namespace, serviceAccount: name } = req;
    const res = await this.call({ verb: 'create', resource: 'serviceaccounts/token', namespace, name }, () =>
      this.core.createNamespacedServiceAccountToken({
        namespace,
        name,
        body: { spec: { audiences: req.audiences, expirationSeconds: req.expirationSeconds ?? 600 } },
      }),
    );
    const token = res.status?.token;
    if (!token)
      throw toKubeError(new Error('the TokenRequest returned no token'), {
        verb: 'create',
        resource: 'serviceaccounts/token',
        namespace,
        name,
      });
    return token;
  }

  canI(checks: AccessCheck[]): Promise<AccessResult[]> {
    return Promise.all(
      checks.map(async (c) => {
        const res = await this.call({ verb: 'create', resource: 'selfsubjectaccessreviews' }, () =>
          this.authz.createSelfSubjectAccessReview({
            body: {
              spec: {
                resourceAttributes: {
                  verb: c.verb,
                  resource: c.resource,
                  group: c.group,
                  namespace: c.namespace,
                  subresource: c.subresource,
                  name: c.name,
                },
              },
            },
          }),
        );
        return { ...c, allowed: Boolean(res.status?.allowed), reason: res.status?.reason };
      }),
    );
  }
}
