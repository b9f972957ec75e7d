import type { BuildkitMode } from '../chart/buildkitMode.js';
import { ValuesError } from './errors.js';

interface ImageRef {
  /** Registry and repository, e.g. moby/buildkit. */
  name: string;
  tag: string;
  digest?: string;
}

function splitImage(image: string): ImageRef {
  const [withoutDigest = '', digest] = image.split('@', 2);
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port (registry:5000/buildkit), not to a tag.
  if (colon > slash) return { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
  return { name: withoutDigest, tag: 'latest', digest };
}

/** moby tags the rootless variant of `X` as `X-rootless`, and of `latest` as plain `rootless`. */
function isRootlessTag(tag: string): boolean {
  return tag === 'rootless' || tag.endsWith('-rootless');
}

function rootlessTag(tag: string): string {
  return tag === 'latest' ? 'rootless' : `${tag}-rootless`;
}

function rootTag(tag: string): string {
  return tag === 'rootless' ? 'latest' : tag.slice(0, -'-rootless'.length);
}

/** Matches an image reference whose tag is a rootless variant, e.g. moby/buildkit:v0.15.1-rootless. */
export const ROOTLESS_IMAGE_PATTERN = /[:-]rootless(@[^@]*)?$/;

export function isRootlessImage(image: string): boolean {
  return isRootlessTag(splitImage(image.trim()).tag);
}

/**
 * The BuildKit image for a mode, derived from one the chart ships: moby publishes each release both
 * as `vX.Y.Z` (root) and `vX.Y.Z-rootless`, so the two differ only by the tag suffix.
 */
export function buildkitImageForMode(chartImage: string, mode: BuildkitMode): string {
  const image = chartImage.trim();
  const ref = splitImage(image);
  if (isRootlessTag(ref.tag) === (mode === 'rootless')) return image;
  if (ref.digest) {
    throw new ValuesError(
      `The chart pins BuildKit to a digest (${image}), so its ${mode} variant cannot be derived.`,
      'Use a chart whose buildkit.image is a tagged moby/buildkit image, or choose the other BuildKit mode.',
    );
  }
  return `${ref.name}:${mode === 'rootless' ? rootlessTag(ref.tag) : rootTag(ref.tag)}`;
}
