import type { BuildkitMode } from '../../shared/chart/buildkitMode.js';
import type { GlobalOptions } from '../../shared/options/globalOptions.js';
import type { RegistryKind } from '../../shared/registry/kinds.js';

/** Every wizard answer has a flag, so a full install can run with no prompt at all. */
export interface InstallOptions extends GlobalOptions {
  licenseFile?: string;
  registry?: RegistryKind;
  registryServer?: string;
  registryUsername?: string;
  registryPasswordFile?: string;
  dockerConfig?: string;
  awsAccountId?: string;
  awsRegion?: string;
  awsRoleArn?: string;
  awsCredentialsFile?: string;
  iamPolicyFile?: string;
  /** EKS cluster name for the Pod Identity association (registry ecr-pod-identity). */
  eksClusterName?: string;
  rotateSigningSecret: boolean;
  buildkitMode?: BuildkitMode;
  maxInflight?: number;
  replicas?: number;
  buildkitCpu?: string;
  buildkitMemory?: string;
  valuesFile: string;
  outputDir: string;
  chart: string;
  chartVersion?: string;
  chartRepo: string;
  release: string;
  timeout: string;
  writeManifests?: string;
  skipRepoAdd: boolean;
}
