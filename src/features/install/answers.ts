import { ActionableError } from '../../platform/errors.js';
import type { BuildkitMode } from '../../shared/chart/buildkitMode.js';
import type { RegistryAnswer } from '../../shared/registry/answer.js';

/** Everything the install needs, whether it came from prompts or from flags. */
export interface InstallAnswers {
  namespace: string;
  release: string;
  /** Absent when no file was given and ~/.openfaas/LICENSE is missing: fine if the cluster has the secret. */
  licensePath?: string;
  license?: Buffer;
  registry: RegistryAnswer;
  rotateSigningSecret: boolean;
  buildkitMode: BuildkitMode;
  maxInflight?: number;
  replicas?: number;
  buildkitCpu?: string;
  buildkitMemory?: string;
  valuesFile: string;
  outputDir: string;
  chart: string;
  chartVersion?: string;
  /** The repository `openfaas/…` charts come from (helm repo add openfaas <url>); the OpenFaaS one by default. */
  chartRepo?: string;
  timeoutMs: number;
  skipRepoAdd: boolean;
}

/** Input that cannot be installed, found after reading the cluster (e.g. no license anywhere). */
export class InstallInputError extends ActionableError {
  override readonly name = 'InstallInputError';
  constructor(
    message: string,
    nextStep: string,
    readonly flag?: string,
  ) {
    super(message, nextStep);
  }
}
