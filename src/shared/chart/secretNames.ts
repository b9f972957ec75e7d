import { SECRET_NAMES as MOUNTED_SECRET_NAMES } from '../secrets/names.js';

/**
 * The secrets the chart can mount: the ones the installer manages (src/secrets owns those names)
 * plus the optional build-secrets key of the 0.6 generation, which the installer does not create.
 */
export const SECRET_NAMES = {
  ...MOUNTED_SECRET_NAMES,
  buildSecretsKey: 'pro-builder-build-secrets-key',
} as const;
