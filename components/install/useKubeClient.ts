import { useEffect, useState } from 'react';
import type { InstallOptions } from '../../src/cli/args.js';
import { kubeRequestFrom } from '../../src/cli/kubeRequest.js';
import type { Kube } from '../../src/platform/kube/client.js';
import type { Services } from '../services/ServicesContext.js';
import { problemOf } from '../../src/platform/errors.js';

export type KubeClientState = { kube: Kube } | { error: { message: string; nextStep?: string } } | undefined;

/**
 * The Kubernetes client for the wizard, made after the first frame: loading the client library is
 * the slowest part of start-up, and the cluster screen's spinner can be on screen meanwhile.
 * undefined while it loads.
 */
export function useKubeClient(services: Services, options: InstallOptions): KubeClientState {
  const [state, setState] = useState<KubeClientState>();
  useEffect(() => {
    let live = true;
    // runInstallCommand has already refused a bad --request-timeout.
    const request = kubeRequestFrom(options);
    const make = async () => services.makeKube(request.ok ? request.value : { kubeconfig: options.kubeconfig, context: options.context });
    make().then(
      (kube) => live && setState({ kube }),
      (e: unknown) => live && setState({ error: problemOf(e) }),
    );
    return () => {
      live = false;
    };
  }, [services, options]);
  return state;
}
