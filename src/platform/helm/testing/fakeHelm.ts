import type { Helm, HelmVersion, RunResult } from '../../../platform/helm/helm.js';

/** `helm status -o json` and `helm get values --all -o json` for one release, as helm 3 prints them. */
export class FakeHelm implements Helm {
  readonly bin = 'helm';
  calls: string[][] = [];
  /** The release as `helm status -o json` prints it; undefined means "release: not found". */
  status: Record<string, unknown> | undefined;
  values: Record<string, unknown> = {};
  /** Make every call fail as if helm could not reach the cluster. */
  broken = false;

  async version(): Promise<HelmVersion> {
    return { raw: 'v3.16.2', major: 3, minor: 16, patch: 2 };
  }

  async run(args: string[]): Promise<RunResult> {
    this.calls.push(args);
    await Promise.resolve();
    if (this.broken)
      return {
        exitCode: 1,
        stdout: '',
        stderr:
          'Error: Kubernetes cluster unreachable: Get "https://127.0.0.1:6443/version": dial tcp 127.0.0.1:6443: connect: connection refused\n',
      };
    if (!this.status) return { exitCode: 1, stdout: '', stderr: 'Error: release: not found\n' };
    if (args[0] === 'status') return { exitCode: 0, stdout: JSON.stringify(this.status), stderr: '' };
    if (args[0] === 'get' && args[1] === 'values') return { exitCode: 0, stdout: JSON.stringify(this.values), stderr: '' };
    return { exitCode: 1, stdout: '', stderr: `Error: unknown command "${args[0]}"\n` };
  }
}

/** helm 3's status JSON for a pro-builder release. */
export function helmStatusJson(o: {
  release?: string;
  namespace?: string;
  chartVersion: string;
  appVersion?: string;
  status?: string;
  revision?: number;
  lastDeployed: string;
  firstDeployed?: string;
  description?: string;
}) {
  return {
    name: o.release ?? 'pro-builder',
    info: {
      first_deployed: o.firstDeployed ?? o.lastDeployed,
      last_deployed: o.lastDeployed,
      deleted: '',
      description: o.description ?? 'Upgrade complete',
      status: o.status ?? 'deployed',
      notes: 'Thank you for installing the pro-builder.',
    },
    chart: {
      metadata: {
        name: 'pro-builder',
        home: 'https://www.openfaas.com',
        version: o.chartVersion,
        description: 'Build OpenFaaS functions via a REST API',
        apiVersion: 'v2',
        appVersion: o.appVersion ?? '0.5.1',
        type: 'application',
      },
    },
    manifest: '---\n# Source: pro-builder/templates/deployment.yml\n',
    version: o.revision ?? 1,
    namespace: o.namespace ?? 'openfaas',
  };
}
