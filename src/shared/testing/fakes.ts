// A helm test double for the features that write (uninstall, rotate): it knows one release (get metadata /
// uninstall). The in-memory Kube every test uses is src/platform/testing/fakeKube.ts.
import type { Helm, HelmVersion, RunOptions, RunResult } from '../../platform/helm/helm.js';

/** helm with one release (or none): answers get metadata and uninstall as helm 3 does. */
export class ReleaseHelm implements Helm {
  readonly bin = 'helm';
  runs: string[][] = [];
  release?: { name: string; namespace: string; chartName: string; chartVersion: string };
  /** stderr of a failing uninstall. */
  uninstallFailure?: string;
  /** Lines printed by uninstall. */
  output = ['release "pro-builder" uninstalled'];

  constructor(release?: { name?: string; namespace?: string; chartVersion?: string; chartName?: string }) {
    if (release)
      this.release = { name: 'pro-builder', namespace: 'openfaas', chartName: 'pro-builder', chartVersion: '0.6.10', ...release };
  }

  async version(): Promise<HelmVersion> {
    return { raw: 'v3.16.2', major: 3, minor: 16, patch: 2 };
  }

  async run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    this.runs.push(args);
    const ns = args[args.indexOf('--namespace') + 1];
    const found = this.release && this.release.namespace === ns && args.includes(this.release.name) ? this.release : undefined;
    if (args[0] === 'get' && args[1] === 'metadata') {
      if (!found) return { exitCode: 1, stdout: '', stderr: 'Error: release: not found\n' };
      const md = {
        name: found.name,
        chart: found.chartName,
        version: found.chartVersion,
        appVersion: '0.5.0',
        namespace: found.namespace,
        revision: 1,
        status: 'deployed',
        deployedAt: '2026-01-02T03:04:05Z',
      };
      return { exitCode: 0, stdout: JSON.stringify(md), stderr: '' };
    }
    if (args[0] === 'uninstall') {
      if (this.uninstallFailure) return { exitCode: 1, stdout: '', stderr: this.uninstallFailure };
      if (!found) return { exitCode: 1, stdout: '', stderr: `Error: uninstall: Release not loaded: ${args[1]}: release: not found\n` };
      for (const l of this.output) opts.onLine?.(l, 'stdout');
      this.release = undefined;
      return { exitCode: 0, stdout: this.output.join('\n'), stderr: '' };
    }
    return { exitCode: 1, stdout: '', stderr: `Error: unknown command "${args[0]}"\n` };
  }
}
