export {
  awsCredentialsKey,
  IRSA_ROLE_ANNOTATION,
  IRSA_SERVICE_ACCOUNT,
  PART_OF_LABEL,
  PART_OF_VALUE,
  SECRET_KEYS,
  SECRET_NAMES,
  type SecretRole,
} from './names.js';
export { irsaServiceAccountManifest, labelsForUpdate, ownedLabels, secretManifest } from './manifests.js';
export { decodeSecretData, describeSecret, redactSecret, secretDataEqual, type SecretDescription } from './secretData.js';
