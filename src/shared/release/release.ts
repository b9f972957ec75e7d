import { getPath } from '../values/settings.js';
import {
  getValuesArgs,
  userValuesArgs,
  HelmError,
  metadataArgs,
  parseReleaseStatus,
  releaseStatusOf,
  statusArgs,
  type Helm,
  type HelmTarget,
  type ReleaseJson,
  type ReleaseStatus,
} from '../../platform/helm/helm.js';
import type { StoredRelease } from '../../platform/helm/storedRelease.js';

export interface ReleaseInfo extends ReleaseStatus {
  firstDeployed?: Date;
  lastDeployed?: Date;
  /** helm's own note on the last operation, e.g. why an upgrade failed. */
  description?: string;
}

export type ReleaseValues = Record<string, unknown>;

/** Go prints nanoseconds; JavaScript dates take milliseconds. */
function parseGoTime(text: unknown): Date | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  const trimmed = text.replace(/(\.\d{3})\d+/, '$1');
  const d = new Date(trimmed);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `helm status -o json` with the deploy times and helm's description, which ReleaseStatus leaves out. */
export function parseReleaseInfo(json: string): ReleaseInfo {
  return releaseInfoOf(JSON.parse(json) as ReleaseJson & StoredRelease);
}

/** parseReleaseInfo for parsed JSON: helm status output or a stored release (the same shape). */
export function releaseInfoOf(raw: ReleaseJson & StoredRelease): ReleaseInfo {
  const base = releaseStatusOf(raw);
  return {
    ...base,
    firstDeployed: parseGoTime(raw.info?.first_deployed),
    lastDeployed: parseGoTime(raw.info?.last_deployed),
    description: raw.info?.description || undefined,
  };
}

export function isReleaseNotFound(stderr: string): boolean {
  return /release: not found|release .* not found/i.test(stderr);
}

/** helm status; undefined when there is no such release. Throws HelmError when helm itself fails. */
export async function readRelease(helm: Helm, release: string, target: HelmTarget): Promise<ReleaseInfo | undefined> {
  // `helm status` has the deploy times and description; only `helm get metadata` names the chart version.
  const [r, meta] = await Promise.all([
    helm.run(statusArgs(release, target), { timeoutMs: 60_000 }),
    helm.run(metadataArgs(release, target), { timeoutMs: 60_000 }),
  ]);
  if (r.exitCode !== 0) {
    if (isReleaseNotFound(r.stderr)) return undefined;
    throw new HelmError(
      `helm status ${release} failed in namespace ${target.namespace}.`,
      'Check that helm can reach the cluster (helm list -n ' + target.namespace + ').',
      r.stderr,
      r.exitCode,
    );
  }
  const info = parseReleaseInfo(r.stdout);
  if (meta.exitCode === 0 && !info.chartVersion) {
    const m = parseReleaseStatus(meta.stdout);
    return { ...info, chartName: m.chartName, chartVersion: m.chartVersion, appVersion: m.appVersion };
  }
  return info;
}

/** helm get values with these arguments, parsed; undefined when there is no release. */
async function readValuesWith(helm: Helm, args: string[], release: string, target: HelmTarget): Promise<ReleaseValues | undefined> {
  const r = await helm.run(args, { timeoutMs: 60_000 });
  if (r.exitCode !== 0) {
    if (isReleaseNotFound(r.stderr)) return undefined;
    throw new HelmError(
      `helm get values ${release} failed in namespace ${target.namespace}.`,
      'Check that helm can reach the cluster.',
      r.stderr,
      r.exitCode,
    );
  }
  const parsed = JSON.parse(r.stdout || '{}') as unknown;
  return parsed && typeof parsed === 'object' ? (parsed as ReleaseValues) : {};
}

/** The release's computed values (chart defaults merged with the user's), as helm get values --all. */
export function readReleaseValues(helm: Helm, release: string, target: HelmTarget): Promise<ReleaseValues | undefined> {
  return readValuesWith(helm, getValuesArgs(release, target), release, target);
}

/** The values the user supplied (helm get values without --all); undefined when there is no release. */
export function readReleaseUserValues(helm: Helm, release: string, target: HelmTarget): Promise<ReleaseValues | undefined> {
  return readValuesWith(helm, userValuesArgs(release, target), release, target);
}

/** Reads a dotted path out of helm values: valueAt(v, 'buildkit.rootless'). */
export function valueAt(values: ReleaseValues | undefined, path: string): unknown {
  return getPath(values, path.split('.'));
}

export function stringValue(values: ReleaseValues | undefined, path: string): string | undefined {
  const v = valueAt(values, path);
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

const CHART_NAME = 'pro-builder';

/** The chart's builder.fullname helper, so the doctor finds the Deployment whatever the release is called. */
export function deploymentNameFor(release: string, values: ReleaseValues | undefined): string {
  const trim = (s: string) => s.slice(0, 63).replace(/-+$/, '');
  const override = stringValue(values, 'fullnameOverride');
  if (override) return trim(override);
  // Without values (no release) the chart's own default applies: fullnameOverride "pro-builder".
  if (!values) return CHART_NAME;
  const name = stringValue(values, 'nameOverride') ?? CHART_NAME;
  return trim(release.includes(name) ? release : `${release}-${name}`);
}
