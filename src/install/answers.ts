import { ActionableError } from '../errors.js';
import type { BuildkitMode } from '../cli/args.js';

/** The registry the builder pushes to; credentials live only in memory until written to 0600 files/secrets. */
export type RegistryAnswer =
  | { kind: 'ttlsh' }
  | { kind: 'private'; server: string; username: string; password: string }
  | { kind: 'docker-config'; path: string; text: string }
  | { kind: 'ecr'; accountId: string; region: string; credentialsIni: string }
  | { kind: 'ecr-irsa'; accountId: string; region: string; roleArn: string; policyFile?: string };

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
  timeoutMs: number;
  skipRepoAdd: boolean;
}

export function registryLabel(r: RegistryAnswer): string {
  switch (r.kind) {
    case 'ttlsh':
      return 'ttl.sh (anonymous, images expire)';
    case 'private':
      return `private registry ${r.server} as ${r.username}`;
    case 'docker-config':
      return `imported config ${r.path}`;
    case 'ecr':
      return `Amazon ECR ${r.accountId} in ${r.region} with a shared credential`;
    case 'ecr-irsa':
      return `Amazon ECR ${r.accountId} in ${r.region} with IRSA (${r.roleArn})`;
  }
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
