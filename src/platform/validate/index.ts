export { accept, quoteInput, reject, type Validation } from './result.js';
export {
  isAwsRegion,
  validateAwsAccessKeyId,
  validateAwsAccountId,
  validateAwsRegion,
  validateAwsSecretAccessKey,
  validateRoleArn,
  type AwsPartition,
  type RoleArn,
} from './aws.js';
export { DOCKER_HUB_AUTH_KEY, validateRegistryServer } from './registryServer.js';
export { validateRegistryPassword, validateRegistryUsername } from './registryCredentials.js';
export { validateNamespace, validateReleaseName, validateSecretName } from './kubeNames.js';
export { formatDuration, MAX_DURATION_MS, parseDuration } from './duration.js';
export { parseCpuMillis, parseMemoryBytes, parseQuantity, validateQuantity, type Quantity } from './quantity.js';
export {
  DEFAULT_MAX_FILE_BYTES,
  expandHome,
  validateReadableFile,
  type FileProbe,
  type ReadableFile,
  type ReadableFileOptions,
} from './readableFile.js';
export { validateMaxInflight, validateReplicas } from './counts.js';
export { validateChartReference, validateChartRepoUrl, validateChartVersion } from './chartReference.js';
export { MAX_PATH_LENGTH, validateHelmValuesPath, validateOutputPath } from './outputPath.js';
