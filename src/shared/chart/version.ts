import { ChartError } from './errors.js';

/**
 * The two generations of the pro-builder chart:
 * - `mtls`: before 0.6.0, pro-builder reaches BuildKit over TCP and both sides need TLS certificates.
 * - `socket`: 0.6.0 and later, the containers share a unix socket, so there are no certificates.
 */
export type ChartGeneration = 'mtls' | 'socket';

/** The first chart version that talks to BuildKit over a unix socket. */
export const SOCKET_GENERATION_SINCE = '0.6.0';

export interface ChartVersion {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated pre-release identifiers (`rc.1` → ['rc', '1']); empty for a release. */
  prerelease: string[];
  /** Build metadata (`+abc`), ignored for ordering as SemVer says. */
  build: string[];
}

// Like helm (Masterminds/semver), accept a leading "v" and a missing minor or patch ("0.6" = 0.6.0).
const VERSION_PATTERN =
  /^v?(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:\.(0|[1-9]\d*))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export function parseChartVersion(text: string): ChartVersion {
  const m = VERSION_PATTERN.exec(text.trim());
  if (!m) {
    throw new ChartError(
      `"${text.slice(0, 60)}" is not a chart version (expected a semantic version such as 0.6.10).`,
      'Pass a version like --chart-version 0.6.10, or leave it out to use the latest.',
    );
  }
  return {
    major: Number(m[1]),
    minor: Number(m[2] ?? 0),
    patch: Number(m[3] ?? 0),
    prerelease: m[4] ? m[4].split('.') : [],
    build: m[5] ? m[5].split('.') : [],
  };
}

function compareIdentifiers(a: string, b: string): number {
  const aNum = /^\d+$/.test(a);
  const bNum = /^\d+$/.test(b);
  if (aNum && bNum) return Math.sign(Number(a) - Number(b));
  if (aNum !== bNum) return aNum ? -1 : 1; // numeric identifiers sort before alphanumeric ones
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareCore(a: ChartVersion, b: ChartVersion): number {
  return Math.sign(a.major - b.major) || Math.sign(a.minor - b.minor) || Math.sign(a.patch - b.patch);
}

/** SemVer 2 precedence: -1, 0 or 1. Build metadata does not count. */
export function compareChartVersions(a: string | ChartVersion, b: string | ChartVersion): number {
  const va = typeof a === 'string' ? parseChartVersion(a) : a;
  const vb = typeof b === 'string' ? parseChartVersion(b) : b;
  const core = compareCore(va, vb);
  if (core !== 0) return core;
  if (va.prerelease.length === 0 || vb.prerelease.length === 0) {
    return va.prerelease.length === vb.prerelease.length ? 0 : va.prerelease.length === 0 ? 1 : -1;
  }
  for (let i = 0; i < Math.max(va.prerelease.length, vb.prerelease.length); i++) {
    const x = va.prerelease[i];
    const y = vb.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const c = compareIdentifiers(x, y);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Which generation a chart version belongs to. Only major.minor.patch decides: a pre-release such as
 * 0.6.0-rc.1 is cut from the 0.6 templates, so it already uses the socket even though SemVer orders
 * it before 0.6.0.
 */
export function chartGeneration(version: string): ChartGeneration {
  const v = parseChartVersion(version);
  return compareCore(v, parseChartVersion(SOCKET_GENERATION_SINCE)) < 0 ? 'mtls' : 'socket';
}
