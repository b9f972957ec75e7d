import type { DockerConfig } from './types.js';

/** ttl.sh takes anonymous pushes, so an empty auths section is a complete config. */
export function ttlshConfig(): DockerConfig {
  return { auths: {} };
}

/**
 * A config holding one registry login, as `docker login` writes it with no credential store.
 * `server` is the auths key (see validateRegistryServer); the user name must not contain ":",
 * which separates it from the password inside `auth`.
 */
export function privateRegistryConfig(server: string, username: string, password: string): DockerConfig {
  if (username.includes(':')) throw new Error('The registry user name must not contain ":".');
  return { auths: { [server]: { auth: Buffer.from(`${username}:${password}`, 'utf8').toString('base64') } } };
}

export function serializeDockerConfig(cfg: DockerConfig): string {
  return `${JSON.stringify(cfg, null, 2)}\n`;
}
