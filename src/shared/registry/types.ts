/** One entry of `auths` in a Docker config.json. */
export interface DockerAuthEntry {
  /** base64("user:password") */
  auth?: string;
  identitytoken?: string;
  registrytoken?: string;
  username?: string;
  password?: string;
  email?: string;
  [key: string]: unknown;
}

/**
 * The Docker client config (~/.docker/config.json), which faas-cli registry-login also writes to
 * credentials/config.json. The pro-builder reads it from the registry-secret as config.json.
 */
export interface DockerConfig {
  auths?: Record<string, DockerAuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
  [key: string]: unknown;
}

/**
 * A finding about a registry file, shared by the wizard's import step and the doctor. `code` is
 * stable (tests and JSON output key on it); `message` and `hint` are plain sentences that never
 * contain credentials, only host names, helper names and lengths.
 */
export interface RegistryProblem {
  severity: 'fail' | 'warn';
  code: string;
  message: string;
  hint: string;
}
