import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildkitImageForMode, isRootlessImage, ROOTLESS_IMAGE_PATTERN } from './buildkitImage.js';
import { ValuesError } from './errors.js';

describe('buildkitImageForMode', () => {
  it.each([
    ['moby/buildkit:v0.15.1-rootless', 'root', 'moby/buildkit:v0.15.1'],
    ['moby/buildkit:v0.15.1-rootless', 'rootless', 'moby/buildkit:v0.15.1-rootless'],
    ['moby/buildkit:v0.30.0', 'rootless', 'moby/buildkit:v0.30.0-rootless'],
    ['moby/buildkit:v0.30.0', 'root', 'moby/buildkit:v0.30.0'],
    ['moby/buildkit:rootless', 'root', 'moby/buildkit:latest'],
    ['moby/buildkit', 'rootless', 'moby/buildkit:rootless'],
    ['registry.local:5000/moby/buildkit', 'rootless', 'registry.local:5000/moby/buildkit:rootless'],
    ['registry.local:5000/moby/buildkit:master-rootless', 'root', 'registry.local:5000/moby/buildkit:master'],
    ['moby/buildkit:v0.15.1@sha256:abc', 'root', 'moby/buildkit:v0.15.1@sha256:abc'],
  ] as const)('%s in %s mode → %s', (image, mode, expected) => {
    expect(buildkitImageForMode(image, mode)).toBe(expected);
    expect(isRootlessImage(expected)).toBe(mode === 'rootless');
    expect(ROOTLESS_IMAGE_PATTERN.test(expected)).toBe(mode === 'rootless');
  });

  it('cannot switch the variant of a digest-pinned image', () => {
    expect(() => buildkitImageForMode('moby/buildkit:v0.15.1-rootless@sha256:abc', 'root')).toThrow(ValuesError);
  });

  it('switching to one mode and back returns the original image', () => {
    const tag = fc.stringMatching(/^v\d{1,2}\.\d{1,2}\.\d{1,2}$/);
    fc.assert(
      fc.property(tag, (t) => {
        const root = `moby/buildkit:${t}`;
        return buildkitImageForMode(buildkitImageForMode(root, 'rootless'), 'root') === root;
      }),
    );
  });
});
