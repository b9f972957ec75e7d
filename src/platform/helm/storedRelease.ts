import { gunzipSync } from 'node:zlib';
import { coalesceValues, type HelmMajor, type Values } from './coalesce.js';

/**
 * Reading a release the way helm stores it with its default storage driver ("secret", helm 3 and
 * 4): one Secret per revision, type helm.sh/release.v1, named sh.helm.release.v1.<release>.v<N>,
 * labelled owner=helm, name=<release>, version=<N>, status=<status>. Reading it through the
 * Kubernetes API answers `helm status`, `helm get metadata` and `helm get values --all` without
 * starting helm. Pure: the caller lists the Secrets.
 */

export const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

/** The label selector for every stored revision of a release. */
export function releaseSecretSelector(release: string): string {
  return `owner=helm,name=${release}`;
}

/** The parts of a Secret read here (structural: no Kubernetes client types needed). */
export interface SecretLike {
  type?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
  /** base64, as the API returns Secret data. */
  data?: Record<string, string>;
}

/**
 * helm's release object as it stores it: the same JSON `helm status -o json` prints (helm 3
 * includes the chart there, helm 4 does not), with the chart's default values and the user's.
 */
export interface StoredRelease {
  name?: string;
  namespace?: string;
  version?: number;
  info?: { status?: string; description?: string; first_deployed?: string; last_deployed?: string };
  chart?: { metadata?: { name?: string; version?: string; appVersion?: string }; values?: Values | null };
  config?: Values | null;
  /** "ssa" or "csa": set by helm 4 on every revision it writes, never by helm 3. */
  apply_method?: string;
}

/** The revision a release Secret holds: its version label, else the .v<N> suffix of its name. */
export function revisionOf(secret: SecretLike): number | undefined {
  const text = secret.metadata?.labels?.['version'] ?? /\.v(\d+)$/.exec(secret.metadata?.name ?? '')?.[1];
  const n = Number(text);
  return text && Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The newest stored revision of `release`, whatever its status (pending and failed included), as
 * helm's storage picks the release `helm status` shows. Secrets of other types or releases are ignored.
 */
export function newestReleaseSecret(secrets: readonly SecretLike[], release: string): SecretLike | undefined {
  let newest: { secret: SecretLike; revision: number } | undefined;
  for (const secret of secrets) {
    const labels = secret.metadata?.labels ?? {};
    if (secret.type !== RELEASE_SECRET_TYPE || labels['owner'] !== 'helm' || labels['name'] !== release) continue;
    const revision = revisionOf(secret);
    if (revision !== undefined && (!newest || revision > newest.revision)) newest = { secret, revision };
  }
  return newest?.secret;
}

export class StoredReleaseError extends Error {
  override readonly name: string = 'StoredReleaseError';
}

/** The release inflates past the cap: helm, which reads it whole without one, must not be pointed at it either. */
export class StoredReleaseTooLargeError extends StoredReleaseError {
  override readonly name = 'StoredReleaseTooLargeError';
  static readonly capMiB = 32;
}

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];
/** A real release (chart templates, values, manifest) is well under a megabyte; helm's own Secret limit is 1 MiB gzipped. */
const MAX_RELEASE_BYTES = StoredReleaseTooLargeError.capMiB * 1024 * 1024;

/**
 * Decodes a release Secret's data.release: base64 (the API's encoding of Secret data) of helm's own
 * base64 of gzipped JSON. helm also reads ungzipped JSON, so this does too. Errors name sizes only:
 * the values inside may hold credentials.
 */
export function decodeReleaseData(data: string): StoredRelease {
  const inner = Buffer.from(data, 'base64').toString('latin1');
  const bytes = Buffer.from(inner, 'base64');
  let json: string;
  try {
    // Capped: a planted release Secret could otherwise inflate to gigabytes.
    json = GZIP_MAGIC.every((b, i) => bytes[i] === b)
      ? gunzipSync(bytes, { maxOutputLength: MAX_RELEASE_BYTES }).toString('utf8')
      : bytes.toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new StoredReleaseTooLargeError(
        `The stored helm release (${bytes.length} bytes) inflates to more than ${MAX_RELEASE_BYTES / 1024 / 1024} MiB; it was not read.`,
      );
    }
    throw new StoredReleaseError(`The stored helm release (${bytes.length} bytes) is not valid gzip.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new StoredReleaseError(`The stored helm release (${json.length} characters of JSON) could not be parsed.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new StoredReleaseError('The stored helm release is not a JSON object.');
  }
  return parsed as StoredRelease;
}

/** The Secret's release, decoded. */
export function decodeReleaseSecret(secret: SecretLike): StoredRelease {
  const data = secret.data?.['release'];
  if (!data) throw new StoredReleaseError(`Secret ${secret.metadata?.name ?? '(unnamed)'} has no release data.`);
  return decodeReleaseData(data);
}

/** The helm major version that wrote this revision. */
export function writtenBy(release: StoredRelease): HelmMajor {
  return release.apply_method ? 4 : 3;
}

/**
 * What `helm get values --all` prints for the release: chart defaults with the user's values over
 * them. helm 3 and 4 differ only in which null values they print; by default the helm that wrote
 * the release is assumed to be the one that would read it.
 */
export function computedValues(release: StoredRelease, helm: HelmMajor = writtenBy(release)): Values {
  return coalesceValues(release.chart?.values, release.config, helm);
}
