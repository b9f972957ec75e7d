import { spawn } from 'node:child_process';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';

/**
 * Makes kwok's fake pods answer on a port: a ClusterPortForward (the test bed enables the CRD) tells
 * the kwok controller, which plays every node's kubelet, to dial `target` whenever the API server's
 * pods/portforward reaches that port of a pod in `namespace`. So `kubectl port-forward` (or client-node's
 * PortForward) goes through the real API server and ends at a local server.
 */
export async function forwardPodPortTo(opts: {
  kubeconfig: string;
  namespace: string;
  /** Pod names to match; default every pod of the namespace. */
  podNames?: string[];
  port: number;
  target: { address: '127.0.0.1'; port: number };
  /** Object name (cluster-scoped); default pbs-forward-<namespace>-<port>. */
  name?: string;
}): Promise<{ name: string; remove(): Promise<void> }> {
  const kc = new KubeConfig();
  kc.loadFromFile(opts.kubeconfig);
  const api = kc.makeApiClient(CustomObjectsApi);
  const name = opts.name ?? `pbs-forward-${opts.namespace}-${opts.port}`;
  const group = 'kwok.x-k8s.io';
  const version = 'v1alpha1';
  const plural = 'clusterportforwards';
  await api.createClusterCustomObject({
    group,
    version,
    plural,
    body: {
      apiVersion: `${group}/${version}`,
      kind: 'ClusterPortForward',
      metadata: { name },
      spec: {
        selector: { matchNamespaces: [opts.namespace], ...(opts.podNames ? { matchNames: opts.podNames } : {}) },
        forwards: [{ ports: [opts.port], target: { address: opts.target.address, port: opts.target.port } }],
      },
    },
  });
  return {
    name,
    async remove() {
      await api.deleteClusterCustomObject({ group, version, plural, name }).catch((e: { code?: number }) => {
        if (e.code !== 404) throw e;
      });
    },
  };
}

export interface KubectlPortForward {
  localPort: number;
  /** http://127.0.0.1:<localPort> */
  url: string;
  /** What kubectl printed so far (its errors, for a failing test). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `kubectl port-forward --address 127.0.0.1 <resource> :<remotePort>` through the real API server;
 * resolves once kubectl says where it listens.
 */
export function kubectlPortForward(opts: {
  kubectl: string;
  kubeconfig: string;
  namespace: string;
  /** pod/NAME, deployment/NAME or service/NAME */
  resource: string;
  remotePort: number;
  timeoutMs?: number;
}): Promise<KubectlPortForward> {
  const child = spawn(
    opts.kubectl,
    ['--kubeconfig', opts.kubeconfig, '-n', opts.namespace, 'port-forward', '--address', '127.0.0.1', opts.resource, `:${opts.remotePort}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  return new Promise((resolveForward, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`kubectl port-forward did not start within ${opts.timeoutMs ?? 30_000} ms:\n${out}`));
    }, opts.timeoutMs ?? 30_000);
    const onData = (c: Buffer) => {
      out += c.toString('utf8');
      const m = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(out);
      if (m) {
        clearTimeout(timer);
        const localPort = Number(m[1]);
        resolveForward({ localPort, url: `http://127.0.0.1:${localPort}`, output: () => out, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kubectl port-forward exited (${code}):\n${out}`));
    });
  });
}
