import type { ContextEntry } from './buildRequest.js';

/**
 * The function built when the user names no folder: FROM scratch plus one file, so the build pulls
 * no base image and the test depends only on the builder, BuildKit and the registry chosen. The
 * file holds the time, so every test pushes a new layer rather than finding it in the registry.
 */
export function defaultTestContext(now: Date): ContextEntry[] {
  const enc = new TextEncoder();
  return [
    { type: 'file', path: 'Dockerfile', data: enc.encode('FROM scratch\nCOPY probuilder-test.txt /probuilder-test.txt\n') },
    { type: 'file', path: 'probuilder-test.txt', data: enc.encode(`Built by probuilder-setup test-build at ${now.toISOString()}\n`) },
  ];
}
