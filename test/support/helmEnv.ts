import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Environment for a helm whose repository list, cache, config and plugins live in a scratch folder:
 * tests add and update repositories there, never in the user's ~/.config/helm or ~/.cache/helm.
 */
export async function scratchHelmEnv(): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'pbs-helm-home-'));
  return {
    HELM_CONFIG_HOME: join(dir, 'config'),
    HELM_CACHE_HOME: join(dir, 'cache'),
    HELM_DATA_HOME: join(dir, 'data'),
    HELM_REPOSITORY_CONFIG: join(dir, 'config', 'repositories.yaml'),
    HELM_REPOSITORY_CACHE: join(dir, 'cache', 'repository'),
  };
}
