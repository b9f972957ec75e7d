import {
  installProBuilder,
  pinnedTo,
  type ChartVersion,
  type InstalledRelease,
  type InstallRequest,
} from '../fixtures/installedRelease.js';
import { referenceChart, testbed } from './testbed.js';

/** BuildKit requests small enough for many releases on the test bed's fake nodes at once. */
export const SMALL_BUILDKIT = { buildkitCpu: '100m', buildkitMemory: '128Mi' } as const;

/** The doctor tests' size: 500m / 512Mi, pinned to the kwok-big node so parallel tests do not crowd the others. */
export const ON_KWOK_BIG = { buildkitCpu: '500m', buildkitMemory: '512Mi', values: pinnedTo('kwok-big') } as const;

export interface TestbedInstall extends Omit<InstallRequest, 'kubeconfig' | 'chartDir'> {
  /** The reference chart to install. */
  chart: ChartVersion;
  /** The test bed's kubeconfig unless another is named (a second cluster). */
  kubeconfig?: string;
}

/** A release of a reference chart, installed with the install engine (installProBuilder) on the test bed. */
export function installOnTestbed({ chart, kubeconfig = testbed.kubeconfig!, ...rest }: TestbedInstall): Promise<InstalledRelease> {
  return installProBuilder({ kubeconfig, chartDir: referenceChart(chart), ...rest });
}
