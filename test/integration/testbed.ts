import { afterAll, describe, inject } from 'vitest';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { KubeClient } from '../../src/platform/kube/client.js';
import { loadKubeConfig } from '../../src/platform/kube/config.js';
import { REFERENCE_MISSING_REASON, referenceChartDir, referencePresent } from '../support/referenceData.js';

export const testbed = inject('testbed');

/** describe() that runs only when the real control plane is up (globalSetup decides, and says why not). */
export const describeWithCluster = testbed.available ? describe : describe.skip;

export function kubeClient(timeoutMs?: number): KubeClient {
  return KubeClient.fromKubeconfig({ kubeconfig: testbed.kubeconfig!, timeoutMs });
}

/** The real pro-builder charts, present beside the repo in CI (test/support/referenceData.ts finds them). */
export const referenceChart = referenceChartDir;
export const hasReferenceCharts = referencePresent;

let counter = 0;
/** A fresh namespace name per test, so tests never see each other's objects. */
export function uniqueNamespace(prefix = 'pbs'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** client-node's own API for test set-up the product never needs (raw pods, nodes). */
export function rawApis() {
  const { kc } = loadKubeConfig({ kubeconfig: testbed.kubeconfig! });
  return { core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api) };
}

/**
 * describe() for tests that install the real pro-builder charts: they need the cluster and
 * the reference charts (test/support/referenceData.ts), and say in one line why they skip when the charts are absent.
 */
export const describeWithCharts: (name: string, fn: () => void) => void = hasReferenceCharts
  ? describeWithCluster
  : (name, fn) => describeWithCluster.skip(`${name} (skipped: ${REFERENCE_MISSING_REASON})`, fn);

/**
 * The namespaces a test file creates, deleted together after its tests by the client `deleter`
 * returns then (usually one made in beforeAll). Push each namespace as it is created.
 */
export function namespacesDeletedAfterAll(deleter: () => { deleteNamespace(name: string): Promise<unknown> } | undefined): string[] {
  const namespaces: string[] = [];
  afterAll(async () => {
    const client = deleter();
    if (client) await Promise.all(namespaces.map((ns) => client.deleteNamespace(ns)));
  });
  return namespaces;
}
