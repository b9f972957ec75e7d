/**
 * How KubeClient's requests travel: one kept-alive connection per client (SharedConnection) and
 * undici's request API in place of fetch (send). Both plug into client-node's public extension
 * points (an authentication method and an HTTP library); see each for why.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import {
  IsomorphicFetchHttpLibrary,
  ResponseContext,
  SelfDecodingBody,
  type KubeConfig,
  type RequestContext,
  type SecurityAuthentication,
} from '@kubernetes/client-node';
import { CLOSED_BEFORE_ANSWER, Http2Connection, type Requester } from './http2Connection.js';

/** undici's Dispatcher, named through client-node's types (undici is not a direct dependency). */
type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;
type Cluster = ReturnType<KubeConfig['getCurrentCluster']>;
type AgentOptions = Parameters<KubeConfig['createDispatcherOptions']>[1];
/** KubeConfig's per-request dispatcher factory: private in its typings, the hook this module needs. */
type DispatcherFactory = (cluster: Cluster, agentOptions: AgentOptions) => Dispatcher | undefined;

/**
 * A digest of a dispatcher's settings (TLS material included), so a change (say an exec plugin
 * handing out a new client certificate) gets a new connection. Hashed: the key is kept in memory
 * for the life of the client and must not hold a private key or passphrase in clear.
 */
export function dispatcherFingerprint(options: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Buffer.isBuffer(v)) return `buffer:${createHash('sha256').update(v).digest('hex')}`;
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(options)) ?? '')
    .digest('hex');
}

/**
 * How to open another connection with a shared dispatcher's settings: send() asks a dropped read
 * again on one of its own (see there). Weak: a dispatcher the client let go takes its entry along.
 */
const freshConnections = new WeakMap<object, () => Dispatcher | undefined>();

/** client-node's dispatcher settings for a cluster reached directly (no proxy): TLS options for undici's connector. */
interface DirectOptions {
  type: 'agent';
  connect: Record<string, unknown>;
}

/**
 * The connection for one cluster: for a direct https server, one HTTP/2 connection on node:http2
 * (Http2Connection, see there why), which falls back to the KubeConfig's own undici dispatcher when
 * the server does not offer h2; through a proxy (HTTP or SOCKS), the KubeConfig's own dispatcher.
 */
function connectionFor(cluster: Cluster, options: unknown, original: () => Dispatcher | undefined): Dispatcher | undefined {
  const direct = options as Partial<DirectOptions>;
  if (direct?.type !== 'agent' || !direct.connect || !cluster?.server?.startsWith('https:')) return original();
  // keepAlive and its delay are socket settings undici applies; Http2Connection sets its own.
  const { keepAlive: _keepAlive, keepAliveInitialDelay: _delay, ...tls } = direct.connect;
  const connection = new Http2Connection(new URL(cluster.server).origin, tls, () => original() as unknown as Requester | undefined);
  // It stands where client-node puts a dispatcher; only send() below uses it.
  return connection as unknown as Dispatcher;
}

/**
 * client-node 2 authenticates every request through KubeConfig.applySecurityAuthentication, which
 * builds a brand-new undici Agent (createDispatcher) each time, so every request paid for its own
 * TCP connection and TLS handshake. This authentication does exactly what the KubeConfig does
 * (headers, tokens, exec and token-file auth, client certificates, proxies) but hands every request
 * the same Agent while the TLS settings stay the same: one kept-alive connection (HTTP/2 where the
 * server offers it) for all APIs. undici unrefs idle sockets, so a kept-alive connection never holds
 * the process open; close() ends it at once.
 */
export class SharedConnection implements SecurityAuthentication {
  private current: { fingerprint: string; dispatcher: Dispatcher | undefined } | undefined;
  private readonly auth: SecurityAuthentication;

  constructor(kc: KubeConfig) {
    const original = (kc as unknown as { createDispatcher?: DispatcherFactory }).createDispatcher;
    if (typeof original !== 'function') {
      // A client-node without the hook: requests still work, one connection each as before.
      this.auth = kc;
      return;
    }
    // A view of the KubeConfig whose dispatcher factory reuses; everything else is the KubeConfig's own.
    const view = Object.create(kc) as KubeConfig;
    (view as unknown as { createDispatcher: DispatcherFactory }).createDispatcher = (cluster, agentOptions) => {
      const options = kc.createDispatcherOptions(cluster, agentOptions);
      return this.dispatcherFor(options, () => connectionFor(cluster, options, () => original.call(kc, cluster, agentOptions)));
    };
    this.auth = view;
  }

  private dispatcherFor(options: unknown, create: () => Dispatcher | undefined): Dispatcher | undefined {
    const fingerprint = dispatcherFingerprint(options);
    if (this.current?.fingerprint === fingerprint) return this.current.dispatcher;
    const previous = this.current?.dispatcher;
    this.current = { fingerprint, dispatcher: create() };
    if (this.current.dispatcher) freshConnections.set(this.current.dispatcher, create);
    // Requests still running on the old connection finish; it closes after them.
    previous?.close().catch(() => undefined);
    return this.current.dispatcher;
  }

  getName(): string {
    return this.auth.getName();
  }

  applySecurityAuthentication(context: RequestContext): Promise<void> {
    return Promise.resolve(this.auth.applySecurityAuthentication(context));
  }

  async close(): Promise<void> {
    const dispatcher = this.current?.dispatcher;
    this.current = undefined;
    await dispatcher?.close().catch(() => undefined);
  }
}

const gunzipAsync = promisify(gunzip);

/**
 * `work`, or the signal's reason as soon as it aborts. undici acts on an abort only once the
 * request has a connection, so a request still waiting for one (an API server that accepts TCP
 * and never answers) would otherwise outlive its deadline by the whole connect timeout; fetch
 * rejected at once, and so does this.
 */
function untilAborted<T>(signal: AbortSignal | undefined, work: Promise<T>): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const fetchLibrary = new IsomorphicFetchHttpLibrary();

/** Methods that only read: sending one twice changes nothing, so a request the server dropped may be sent again. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** undici's errors for a connection or stream that closed under a request (not a refused connect or a timeout). */
const CLOSED_CODES = new Set([
  'UND_ERR_INFO',
  'UND_ERR_SOCKET',
  // node:http2 (Http2Connection): a stream that ended unanswered, refused or reset, a session gone.
  CLOSED_BEFORE_ANSWER,
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_INVALID_SESSION',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_STREAM_CANCEL',
]);

/**
 * The server ended the connection before answering this request: an HTTP/2 GOAWAY (kube-apiserver
 * sends one after refusing a client's credentials, and when it restarts or rebalances) or the
 * stream or socket closing after it. Requests in flight learn only that, not why; undici itself
 * resends only the streams the server says it never saw, once.
 */
export function closedBeforeAnswer(e: unknown): boolean {
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    if (/GOAWAY/.test(String((cur as { message?: unknown }).message ?? ''))) return true;
    if (CLOSED_CODES.has(String((cur as { code?: unknown }).code))) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * client-node sends every request through undici's fetch, whose WHATWG layer (Request, Headers,
 * Response, web streams) costs more CPU than the request itself when the API server is near. A
 * request that carries its dispatcher (the shared connection above) goes through undici's plain
 * request API on that same dispatcher instead; anything else (no dispatcher, a form body) still
 * goes through fetch. What fetch adds that matters is kept: gzip is accepted and undone, and
 * failures keep fetch's shape (TypeError "fetch failed" with the cause; the abort reason when the
 * deadline passed), so toKubeError explains them as before.
 */
export async function send(request: RequestContext): Promise<ResponseContext> {
  const dispatcher = request.getDispatcher() as unknown as Requester | undefined;
  const body = request.getBody();
  if (!dispatcher || (body !== undefined && typeof body !== 'string')) {
    // fetch cannot use an Http2Connection: it gets the undici dispatcher behind it.
    if (dispatcher instanceof Http2Connection) {
      const fallback = dispatcher.fallbackDispatcher();
      if (fallback) request.setDispatcher(fallback as unknown as Dispatcher);
    }
    return fetchLibrary.send(request).toPromise();
  }
  const url = new URL(request.getUrl());
  const signal = request.getSignal();
  const method = request.getHttpMethod();
  const ask = (via: Requester) =>
    untilAborted(
      signal,
      via.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method,
        headers: { 'accept-encoding': 'gzip', ...request.getHeaders() },
        body,
        signal,
      }),
    );
  // A read the server dropped before answering is asked once more, on a connection of its own:
  // its answer (often the 401 that made the server hang up) says what to do. Not on the shared
  // connection: kube-apiserver hangs up again after its next refusal, and every other read that
  // went out with this one (the preflight's reads go out together) would learn only that again.
  let retryVia: Requester | undefined;
  try {
    const res = await ask(dispatcher).catch((e: unknown) => {
      if (!SAFE_METHODS.has(String(method)) || signal?.aborted || !closedBeforeAnswer(e)) throw e;
      retryVia = freshConnections.get(dispatcher)?.() as unknown as Requester | undefined;
      return ask(retryVia ?? dispatcher);
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const raw = Buffer.from(await untilAborted(signal, res.body.arrayBuffer()));
    const data = headers['content-encoding'] === 'gzip' && raw.length ? await gunzipAsync(raw) : raw;
    return new ResponseContext(res.statusCode, headers, new SelfDecodingBody(Promise.resolve(data)));
  } catch (e) {
    throw signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: e });
  } finally {
    // Its one answer read, the retry's own connection closes.
    retryVia?.close().catch(() => undefined);
  }
}
