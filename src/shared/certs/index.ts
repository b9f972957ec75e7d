export type { CertificateSet } from './types.js';
export {
  generateCertificateSet,
  type GenerateOptions,
  MIN_RSA_BITS,
  DEFAULT_RSA_BITS,
  DEFAULT_LEAF_DAYS,
  DEFAULT_CA_DAYS,
  CLOCK_SKEW_MS,
} from './generate.js';
export {
  inspectCertificate,
  keyMatchesCertificate,
  isSignedBy,
  CertificateParseError,
  PrivateKeyParseError,
  type CertificateInfo,
} from './inspect.js';
export {
  auditCertificateSecrets,
  EXPIRY_WARNING_DAYS,
  type CertFinding,
  type CertFindingCode,
  type CertSecretsInput,
  type SecretEntries,
} from './audit.js';
export {
  certSecretData,
  DAEMON_CERTS_SECRET,
  CLIENT_CERTS_SECRET,
  BUILDKIT_SERVER_NAME,
  DAEMON_SECRET_KEYS,
  CLIENT_SECRET_KEYS,
  type CertSecretData,
} from './secretData.js';
export { writeCertificateFiles, readCertificateFiles, CERTIFICATE_FILES, type CertificateFileOptions } from './files.js';
