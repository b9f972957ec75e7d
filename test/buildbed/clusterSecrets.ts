import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { ClientTls } from './buildkitd.js';

/**
 * What pro-builder reads from its mounted secrets, read here from the real API server instead: the
 * chart's names (payload-secret/payload-secret, registry-secret/config.json,
 * buildkit-client-certs/{ca.crt,client.crt,client.key}).
 */
export interface ClusterSecretSource {
  payloadSecret(): Promise<string>;
  dockerConfigJson(): Promise<string>;
  /** The client pair for a TCP BuildKit (chart 0.4/0.5); undefined when the secret is absent. */
  clientTls(): Promise<ClientTls | undefined>;
}

export function clusterSecretSource(opts: { kubeconfig: string; namespace: string }): ClusterSecretSource {
  const kc = new KubeConfig();
  kc.loadFromFile(opts.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const read = async (name: string): Promise<Record<string, string> | undefined> => {
    try {
      const s = await core.readNamespacedSecret({ name, namespace: opts.namespace });
      return Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
    } catch (e) {
      if ((e as { code?: number }).code === 404) return undefined;
      throw e;
    }
  };
  const key = async (name: string, k: string) => {
    const data = await read(name);
    const v = data?.[k];
    if (v === undefined) throw new Error(`secret ${opts.namespace}/${name} has no key ${k}`);
    return v;
  };
  return {
    payloadSecret: () => key('payload-secret', 'payload-secret'),
    dockerConfigJson: () => key('registry-secret', 'config.json'),
    async clientTls() {
      const d = await read('buildkit-client-certs');
      if (!d) return undefined;
      return { caCert: d['ca.crt'] ?? '', clientCert: d['client.crt'] ?? '', clientKey: d['client.key'] ?? '' };
    },
  };
}
