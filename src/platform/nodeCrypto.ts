import { createRequire } from 'node:module';

type NodeCrypto = typeof import('node:crypto');
let loaded: NodeCrypto | undefined;

/**
 * node:crypto, loaded on first use. Loading it costs ~10 ms of CPU on the bench machine (17 internal
 * modules: key objects, ciphers, X.509, Web Crypto's algorithm lists); the test build against a
 * --builder-url needs none of it unless it picks a random image name or signs a large context.
 */
export function nodeCrypto(): NodeCrypto {
  loaded ??= createRequire(import.meta.url)('node:crypto') as NodeCrypto;
  return loaded;
}
