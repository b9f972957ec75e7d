import https from 'node:https';

/**
 * Fills the test bed with objects that have nothing to do with the pro-builder: pods in other
 * namespaces (spread over many fake nodes), events there and in the pro-builder's own namespace.
 * The doctor must not slow down or grow with them.
 */

/** Runs fn over items with at most `limit` in flight; the first failure stops it. */
async function inParallel(items, limit, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function retry(fn, attempts = 5) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 200 * i));
    }
  }
}

/**
 * A bare JSON client over one keep-alive agent: client-node opens a new TLS connection per call,
 * which makes thousands of creates about seven times slower on a small machine.
 */
async function apiClient(kubeconfig) {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const tls = {};
  await kc.applyToHTTPSOptions(tls);
  const server = new URL(kc.getCurrentCluster().server);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(server.hostname))
    throw new Error(`refusing to send bench traffic to ${server.host}: the test bed listens on loopback only`);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 32, ca: tls.ca, cert: tls.cert, key: tls.key });
  const call = (method, path, body) =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const headers = {
        accept: 'application/json',
        ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
      };
      const req = https.request({ host: server.hostname, port: server.port, path, method, agent, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          // 409 on a create: an earlier attempt went through after all.
          if (res.statusCode < 300 || (method === 'POST' && res.statusCode === 409)) resolve(text ? JSON.parse(text) : undefined);
          else
            reject(Object.assign(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 300)}`), { status: res.statusCode }));
        });
      });
      req.on('error', reject);
      req.end(data);
    });
  return {
    post: (path, body) => call('POST', path, body),
    get: (path) => call('GET', path),
    close: () => agent.destroy(),
  };
}

function event(namespace, name, kind, objectName, warning, at) {
  return {
    metadata: { name, namespace },
    involvedObject: { kind, name: objectName, namespace, apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1' },
    reason: warning ? 'BackOff' : 'Pulled',
    message: warning
      ? `Back-off restarting failed container app in ${objectName}`
      : `Container image already present on machine for ${objectName}`,
    type: warning ? 'Warning' : 'Normal',
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
    source: { component: 'bench-noise' },
  };
}

/**
 * Creates `pods` pods across `namespaces` namespaces, bound to `nodeNames` round robin (no
 * scheduler round trip), `events` events in those namespaces and `ownEvents` more in the
 * pro-builder namespace, about other objects. Returns counts and the time it took.
 */
export async function createNoise({
  kubeconfig,
  namespace,
  nodeNames,
  namespaces = 10,
  pods = 2000,
  events = 4000,
  ownEvents = 1000,
  concurrency = 32,
}) {
  const api = await apiClient(kubeconfig);
  try {
    const started = Date.now();
    const nsNames = Array.from({ length: namespaces }, (_, i) => `bench-noise-${i}`);
    await inParallel(nsNames, namespaces, (name) => retry(() => api.post('/api/v1/namespaces', { metadata: { name } })));
    // Pod admission needs each namespace's default service account, which a controller creates.
    for (const ns of nsNames) {
      for (let i = 0; ; i++) {
        try {
          await api.get(`/api/v1/namespaces/${ns}/serviceaccounts/default`);
          break;
        } catch (e) {
          if (e.status !== 404 || i > 300) throw new Error(`service account default never appeared in ${ns}: ${e.message}`, { cause: e });
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }

    const podCreates = Array.from({ length: pods }, (_, i) => {
      const ns = nsNames[i % namespaces];
      return {
        path: `/api/v1/namespaces/${ns}/pods`,
        body: {
          metadata: { name: `noise-${i}`, labels: { app: 'bench-noise' } },
          spec: {
            nodeName: nodeNames[i % nodeNames.length],
            automountServiceAccountToken: false,
            containers: [{ name: 'app', image: 'registry.invalid/bench/noise:1', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
          },
        },
      };
    });
    const at = new Date().toISOString();
    const eventCreates = [
      ...Array.from({ length: events }, (_, i) => {
        const ns = nsNames[i % namespaces];
        return { path: `/api/v1/namespaces/${ns}/events`, body: event(ns, `noise-${i}`, 'Pod', `noise-${i % pods}`, i % 2 === 0, at) };
      }),
      ...Array.from({ length: ownEvents }, (_, i) => {
        // Other workloads in the same namespace: pods, a ReplicaSet and a Deployment of another app.
        const kind = i % 10 < 6 ? 'Pod' : i % 10 < 9 ? 'ReplicaSet' : 'Deployment';
        const name =
          kind === 'Pod'
            ? `other-app-5d9f8c7b6-${String(i).padStart(5, '0').slice(-5)}`
            : kind === 'ReplicaSet'
              ? 'other-app-5d9f8c7b6'
              : 'other-app';
        return { path: `/api/v1/namespaces/${namespace}/events`, body: event(namespace, `bench-other-${i}`, kind, name, i % 2 === 0, at) };
      }),
    ];
    await inParallel([...podCreates, ...eventCreates], concurrency, (o) => retry(() => api.post(o.path, o.body)));
    return { namespaces: nsNames, pods, events: events + ownEvents, ms: Date.now() - started };
  } finally {
    api.close();
  }
}

/** Waits until kwok has marked every noise pod Running, so the doctor runs on a settled cluster. */
export async function waitForNoisePods(kubeconfig, expected, timeoutMs = 180_000) {
  const api = await apiClient(kubeconfig);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let running = 0;
      let token = '';
      do {
        const q = new URLSearchParams({ labelSelector: 'app=bench-noise', fieldSelector: 'status.phase=Running', limit: '1000' });
        if (token) q.set('continue', token);
        const page = await api.get(`/api/v1/pods?${q}`);
        running += page.items.length;
        token = page.metadata?.continue ?? '';
      } while (token);
      if (running >= expected) return;
      if (Date.now() > deadline) throw new Error(`only ${running} of ${expected} noise pods Running after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    api.close();
  }
}
