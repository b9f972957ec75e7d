import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

/** What the integration tests get from the one control plane started for the whole run. */
export interface TestbedInfo {
  available: boolean;
  /** Why integration tests are skipped, when they are. */
  reason?: string;
  name?: string;
  kubeconfig?: string;
  helm3?: string;
  helm4?: string;
  kubectl?: string;
  kubeVersion?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testbed: TestbedInfo;
  }
}

const script = resolve(import.meta.dirname, '../../scripts/testbed/testbed');

function testbed(args: string[], timeoutMs: number) {
  return spawnSync('bash', [script, ...args], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * vitest globalSetup for the integration project: one real control plane (etcd, kube-apiserver,
 * controller-manager, scheduler, kwok) for the run. In CI a test bed that cannot start fails the
 * run; on a laptop without Go the integration tests are skipped with one line saying why.
 */
export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const unavailable = (reason: string) => {
    if (process.env['CI']) throw new Error(`integration tests need the test bed, and ${reason}`);
    process.stderr.write(`skipping integration tests: ${reason}\n`);
    project.provide('testbed', { available: false, reason });
    return undefined;
  };

  if (!existsSync(script)) return unavailable('scripts/testbed/testbed is missing');
  const hasGo = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
  const check = testbed(['check'], 30_000);
  if (check.status !== 0) {
    return unavailable(
      hasGo
        ? `its binaries are not built (run: bash scripts/testbed/testbed build)\n${check.stdout}${check.stderr}`.trim()
        : 'Go is not installed, so the test bed (etcd, kube-apiserver, kwok, helm) cannot be built',
    );
  }

  const name = `pbs-${process.pid}`;
  // Two fake nodes: one roomy, one too small for the real chart's BuildKit (2 CPU / 2Gi), labelled
  // so a test can pin pods to it with a nodeSelector and get a real FailedScheduling.
  const up = testbed(['up', '--recreate', '--name', name, '--node', 'kwok-big=8,16Gi,110', '--node', 'kwok-small=1,1Gi,110'], 240_000);
  if (up.status !== 0) {
    throw new Error(`the test bed did not start (exit ${up.status}):\n${up.stderr}\n${up.stdout}`);
  }
  const kubeconfig = up.stdout.trim().split('\n').pop()!.trim();
  const paths = testbed(['paths', '--json'], 30_000);
  const p = JSON.parse(paths.stdout) as { binaries: Record<string, string>; versions: Record<string, string> };
  project.provide('testbed', {
    available: true,
    name,
    kubeconfig,
    helm3: p.binaries['helm3'],
    helm4: p.binaries['helm4'],
    kubectl: p.binaries['kubectl'],
    kubeVersion: p.versions['kubernetes'],
  });
  return () => {
    testbed(['down', '--name', name], 120_000);
  };
}
