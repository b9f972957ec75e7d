import type { Helm } from '../../src/platform/helm/helm.js';
import type { Kube } from '../../src/platform/kube/client.js';

/** What doctor, uninstall and rotate take from the machine: the Kubernetes client, helm and the clock. */
export interface MachineServices {
  /** Throws KubeError (reason "config") when the kubeconfig cannot be used. */
  makeKube(opts: { kubeconfig?: string; context?: string; timeoutMs?: number }): Kube;
  helm: Helm;
  now(): Date;
}

/** The real machine, imported when a command starts so --help never loads the Kubernetes client. */
export async function loadMachineServices(): Promise<MachineServices> {
  const [{ KubeClient }, { HelmCli }] = await Promise.all([
    import('../../src/platform/kube/client.js'),
    import('../../src/platform/helm/helm.js'),
  ]);
  return { makeKube: (opts) => KubeClient.fromKubeconfig(opts), helm: new HelmCli(), now: () => new Date() };
}
