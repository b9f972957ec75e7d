import type { ContextEntry } from './buildRequest.js';

/**
 * The function built when the user names no folder: FROM scratch plus one file, so the build pulls
 * no base image and the test depends only on the builder, BuildKit and the registry chosen. The
 * file holds the time (and carries it as its mtime, to the millisecond: the file's size never changes,
 * and BuildKit keeps a file of the same size and mtime from the previous transfer), so every test
 * pushes a new layer rather than finding it in BuildKit's cache or the registry.
 */
export function defaultTestContext(now: Date): ContextEntry[] {
  const enc = new TextEncoder();
  const mtime = now.getTime() / 1000;
  return [
    { type: 'file', path: 'Dockerfile', data: enc.encode('FROM scratch\nCOPY probuilder-test.txt /probuilder-test.txt\n'), mtime },
    {
      type: 'file',
      path: 'probuilder-test.txt',
      data: enc.encode(`Built by probuilder-setup test-build at ${now.toISOString()}\n`),
      mtime,
    },
  ];
}
