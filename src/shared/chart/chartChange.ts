import { SECRET_NAMES } from './secretNames.js';
import { chartTraits, type ChartTraits } from './traits.js';
import { parseChartVersion } from './version.js';

/** A release moving from one chart version to another, as the review explains it. */
export interface ChartChange {
  from: string;
  to: string;
  /** One sentence per thing that works differently after the upgrade; empty within a generation. */
  notes: string[];
}

/**
 * What changes when a release on chart `from` is upgraded to `to`: across the generations the
 * transport to BuildKit, the secrets the pod mounts and the values keys for BuildKit's image change.
 * undefined when the installed version is unknown or the same.
 */
export function chartChange(from: string | undefined, to: ChartTraits): ChartChange | undefined {
  if (!from) return undefined;
  try {
    parseChartVersion(from);
  } catch {
    return undefined;
  }
  const before = chartTraits(from);
  if (before.version === to.version) return undefined;
  const notes: string[] = [];
  if (before.generation === 'mtls' && to.generation === 'socket') {
    notes.push(
      `pro-builder reaches BuildKit over a unix socket instead of TCP with mTLS: the secrets ${SECRET_NAMES.daemonCerts} and ${SECRET_NAMES.clientCerts} are no longer mounted (they are kept; delete them once the upgrade works).`,
    );
    notes.push(
      "The rootless BuildKit image moves from buildkit.image to buildkitRootless.image, and the chart supplies BuildKit's securityContext itself: the values file drops a rootless buildkit.image, and buildkit.securityContext unless it carries rootless BuildKit's AppArmor profile (Kubernetes 1.30+).",
    );
  } else if (before.generation === 'socket' && to.generation === 'mtls') {
    notes.push(
      `This is a downgrade to a chart that reaches BuildKit over TCP with mTLS: the certificate secrets ${SECRET_NAMES.daemonCerts} and ${SECRET_NAMES.clientCerts} are needed again.`,
    );
  }
  for (const [feature, had] of Object.entries(before.features) as [keyof ChartTraits['features'], boolean][]) {
    if (had && !to.features[feature]) notes.push(`Chart ${to.version} no longer renders ${feature}; its value is ignored.`);
  }
  return { from: before.version, to: to.version, notes };
}
