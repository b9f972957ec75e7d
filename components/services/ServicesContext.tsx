import { createContext, useContext, type ReactNode } from 'react';
import type { CheckOutcome } from '../../src/features/doctor/types.js';
import type { Helm } from '../../src/platform/helm/helm.js';
import type { applyInstallPlan } from '../../src/features/install/apply.js';
import type { FlagIo } from '../../src/features/install/flags.js';
import type { prepareInstallPlan } from '../../src/features/install/prepare.js';
import type { waitForRollout } from '../../src/shared/rollout/rollout.js';
import type { Kube } from '../../src/platform/kube/client.js';
import type { ConfigFileSystem } from '../../src/shared/registry/index.js';
import type { RunTestBuild } from '../testbuild/runTestBuild.js';

/** Disk access the screens need beyond FlagIo: probing paths, reading text, writing a plain file. */
export interface WizardFiles extends ConfigFileSystem {
  /** Atomic write with the given mode (the IAM policy is not secret: 0644). */
  writeText(path: string, text: string, mode: number): Promise<void>;
}

export interface DoctorRequest {
  kube: Kube;
  helm: Helm;
  namespace: string;
  release: string;
}

/** Where the wizard just installed: what a test build needs to find the pod, the key and the registry. */
export interface TestBuildTarget extends DoctorRequest {}

export type PreparedTestBuildRun =
  { ok: true; image: string; contextLabel: string; run: RunTestBuild } | { ok: false; message: string; nextStep: string };

/**
 * Everything with a side effect that a screen may call. Screens take it from this context, so a
 * test renders any screen with fakes and the real program passes the real thing.
 */
export interface Services {
  /**
   * Throws (or rejects with) KubeError, reason "config", when the kubeconfig cannot be used. timeoutMs
   * bounds each API request. May be async: the real one loads the client library on first use.
   */
  makeKube(opts: { kubeconfig?: string; context?: string; timeoutMs?: number }): Kube | Promise<Kube>;
  helm: Helm;
  flagIo: FlagIo;
  files: WizardFiles;
  prepare: typeof prepareInstallPlan;
  apply: typeof applyInstallPlan;
  waitForRollout: typeof waitForRollout;
  /** The doctor's checks, run when the rollout does not finish; absent means "suggest running doctor". */
  runDoctor?: (req: DoctorRequest) => Promise<CheckOutcome[]>;
  /** A test build for the Done screen's offer; absent means no offer. */
  prepareTestBuild?: (target: TestBuildTarget) => Promise<PreparedTestBuildRun>;
  now(): Date;
}

const ServicesContext = createContext<Services | undefined>(undefined);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('internal: a screen was rendered without a ServicesProvider');
  return s;
}
