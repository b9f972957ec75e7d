import type { RecoveredRegistry } from '../registry/recover.js';
import { ecrRegistryHost } from '../registry/ecr.js';
import { shellQuote } from './diagnose.js';

export const TEST_REPOSITORY = 'probuilder-test';

export type TestImageChoice =
  | { ok: true; image: string }
  /** No image can be chosen without the user: say why and what to pass. */
  | { ok: false; message: string; nextStep: string };

/** 20261203190358: sortable, a valid tag, and tells when the test ran. */
export function timestampTag(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** A registry server as config.json keys it (maybe with a scheme or path) as it goes in an image name. */
export function imageHost(server: string): string {
  const host = server.replace(/^[a-z]+:\/\//i, '').split('/')[0]!;
  return /^(index\.)?docker\.io$|^registry-1\.docker\.io$/.test(host) ? 'docker.io' : host;
}

/**
 * The image a test build pushes, from the registry the install chose: an anonymous ttl.sh image
 * that expires after an hour, <server>/<user>/probuilder-test:<timestamp> for a private registry.
 * ECR pushes only into an existing repository, so it needs --image (and gets the command that
 * creates one); so does an imported config with several registries.
 */
export function chooseTestImage(registry: RecoveredRegistry | undefined, now: Date, randomHex: string): TestImageChoice {
  if (!registry) {
    return {
      ok: false,
      message: 'The cluster has no registry-secret to tell which registry the builder pushes to.',
      nextStep: 'Pass --image with an image the builder may push, e.g. --image ttl.sh/my-test:1h.',
    };
  }
  switch (registry.kind) {
    case 'ttlsh':
      return { ok: true, image: `ttl.sh/${TEST_REPOSITORY}-${randomHex}:1h` };
    case 'private':
      if (!registry.server || !registry.username) break;
      return {
        ok: true,
        image: `${imageHost(registry.server)}/${registry.username.toLowerCase()}/${TEST_REPOSITORY}:${timestampTag(now)}`,
      };
    case 'ecr':
    case 'ecr-irsa': {
      if (!registry.accountId || !registry.region) break;
      const host = ecrRegistryHost(registry.accountId, registry.region);
      const create = ['aws', 'ecr', 'create-repository', '--repository-name', TEST_REPOSITORY, '--region', registry.region]
        .map(shellQuote)
        .join(' ');
      return {
        ok: false,
        message: `Amazon ECR only accepts pushes to a repository that exists, so the test build needs --image naming one in ${host}.`,
        nextStep: `Pass --image ${host}/REPOSITORY:TAG, or create a test repository first: ${create} and pass --image ${host}/${TEST_REPOSITORY}:${timestampTag(now)}`,
      };
    }
    default:
      break;
  }
  return {
    ok: false,
    message: 'The registry-secret does not say which single registry and account to push to.',
    nextStep: 'Pass --image with an image the builder may push, e.g. --image registry.example.com/team/probuilder-test:1.',
  };
}
