export type { DockerAuthEntry, DockerConfig, RegistryProblem } from './types.js';
export { privateRegistryConfig, serializeDockerConfig, ttlshConfig } from './dockerConfig.js';
export { awsPartitionForRegion, ECR_LOGIN_HELPER, ecrConfig, ecrRegistryHost, parseEcrHost, type AwsPartitionName } from './ecr.js';
export {
  ECR_PUSH_ACTIONS,
  ecrIamPolicy,
  ecrIamPolicyJson,
  type EcrPolicyScope,
  type IamPolicyDocument,
  type IamStatement,
} from './ecrPolicy.js';
export { analyzeDockerConfig, type DockerConfigAnalysis, type DockerConfigExpectations } from './analyzeDockerConfig.js';
export { awsCredentialsIni, parseAwsCredentialsIni, type AwsCredentialsAnalysis } from './awsCredentials.js';
export {
  dockerConfigSource,
  readDockerConfigFile,
  type ConfigFileSystem,
  type DockerConfigFileAnalysis,
  type DockerConfigSource,
} from './readDockerConfigFile.js';
export { isLoopbackRegistry, loopbackRegistryWarning } from './loopback.js';
