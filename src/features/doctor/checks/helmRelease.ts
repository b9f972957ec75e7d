import { stringValue, valueAt, type ReleaseInfo } from '../../../shared/release/release.js';
import { helmSetCommand, installCommand } from '../commands.js';
import { age } from '../kubeShapes.js';
import { fail, notApplicable, pass, warn } from '../result.js';
import type { Check, CheckResult } from '../types.js';
import { shellQuote } from '../../../platform/shellQuote.js';

/** How long a pending-* status may last before it counts as stuck rather than in progress. */
const PENDING_GRACE_MS = 10 * 60_000;

/** What helm's release status means for the user, and what to run. */
function statusResult(r: ReleaseInfo, now: Date, ns: string, name: string, evidence: string[]): CheckResult {
  switch (r.status) {
    case 'deployed':
      return pass(`${r.chartName ?? 'chart'} ${r.chartVersion ?? '?'} revision ${r.revision} is deployed.`, evidence);
    case 'failed':
      return fail(`The last helm operation on ${name} failed (revision ${r.revision}).`, evidence, {
        hint: "Fix the cause (helm's message above; the Workload and Events checks), then run the install again.",
        fix: installCommand(ns, name),
      });
    case 'pending-install':
    case 'pending-upgrade':
    case 'pending-rollback': {
      const since = r.lastDeployed ?? r.firstDeployed;
      if (since && now.getTime() - since.getTime() <= PENDING_GRACE_MS) {
        return warn(`A helm operation on ${name} is in progress (${r.status}, started ${age(since, now)} ago).`, evidence, {
          hint: 'Wait for it to finish, then run the doctor again.',
        });
      }
      if (r.status === 'pending-install') {
        return fail(`Release ${name} is stuck in pending-install.`, evidence, {
          hint: 'An install was interrupted. Remove the half-installed release, then install again.',
          fix: `helm uninstall ${shellQuote(name)} -n ${shellQuote(ns)}`,
        });
      }
      const previous = Math.max(1, r.revision - 1);
      return fail(`Release ${name} is stuck in ${r.status}.`, evidence, {
        hint: `An upgrade or rollback was interrupted, and helm refuses new operations until it is resolved. Roll back to revision ${previous}, then run the install again.`,
        fix: `helm rollback ${shellQuote(name)} ${previous} -n ${shellQuote(ns)}`,
      });
    }
    case 'uninstalling':
      return warn(`Release ${name} is being uninstalled.`, evidence);
    default:
      return warn(`Release ${name} has status ${r.status}.`, evidence, { hint: `See helm history ${name} -n ${ns}.` });
  }
}

export const helmRelease: Check = {
  id: 'helm.release',
  category: 'Helm release',
  description: 'helm release',
  needs: ['cluster.reachable'],
  async run(ctx) {
    const r = await ctx.release();
    const ns = ctx.namespace;
    const name = ctx.releaseName;
    if (!r) {
      return fail(`No helm release ${name} in namespace ${ns}.`, [], {
        hint: 'The pro-builder is not installed here (or under another release name: helm list -A). Install it with the wizard.',
        fix: installCommand(ns, name),
      });
    }
    const generation = await ctx.chartGeneration();
    const evidence = [
      `chart ${r.chartName ?? '?'}-${r.chartVersion ?? '?'}${r.appVersion ? ` (app ${r.appVersion})` : ''}`,
      `revision ${r.revision}`,
      `status ${r.status}`,
      ...(r.lastDeployed ? [`last deployed ${r.lastDeployed.toISOString()} (${age(r.lastDeployed, ctx.now)} ago)`] : []),
      ...(generation
        ? [
            `BuildKit connection: ${generation === 'mtls' ? 'TCP with mutual TLS (chart before 0.6.0)' : 'unix socket (chart 0.6.0 and later)'}`,
          ]
        : []),
      ...(r.description ? [`helm: ${r.description}`] : []),
    ];
    const main = statusResult(r, ctx.now, ns, name, evidence);
    if (r.chartName && r.chartName !== 'pro-builder') {
      const wrongChart = `Release ${name} is chart ${r.chartName}, not pro-builder.`;
      if (main.status === 'pass') return warn(wrongChart, evidence, { hint: 'Pass the pro-builder release with --release.' });
      main.evidence.push(wrongChart);
    }
    return main;
  },
};

export const helmValues: Check = {
  id: 'helm.values',
  category: 'Helm release',
  description: 'values that matter',
  needs: ['helm.release'],
  async run(ctx) {
    const values = await ctx.releaseValues();
    if (!values) return notApplicable('No release values to check.');
    const ns = ctx.namespace;
    const name = ctx.releaseName;
    const generation = await ctx.chartGeneration();
    const results: CheckResult[] = [];
    const evidence: string[] = [];
    const disableHmac = valueAt(values, 'disableHmac');
    evidence.push(`disableHmac: ${String(disableHmac ?? false)}`);
    if (disableHmac === true || disableHmac === 'true') {
      results.push(
        fail('disableHmac is true: the builder accepts unsigned build requests from anyone who can reach it.', evidence, {
          hint: 'Set disableHmac: false in custom-values.yaml and upgrade; clients then sign requests with payload-secret.',
          fix: helmSetCommand(name, ns, (await ctx.release())?.chartVersion, { disableHmac: false }),
        }),
      );
    }
    const rootless = valueAt(values, 'buildkit.rootless');
    const privileged = valueAt(values, 'buildkit.securityContext.privileged');
    const image = stringValue(values, generation === 'socket' && rootless !== false ? 'buildkitRootless.image' : 'buildkit.image');
    evidence.push(`buildkit.rootless: ${String(rootless ?? true)}`, ...(image ? [`BuildKit image: ${image}`] : []));
    if (rootless === false && generation === 'mtls' && privileged !== true) {
      results.push(
        warn(
          'buildkit.rootless is false but buildkit.securityContext.privileged is not true: root-mode BuildKit needs a privileged container.',
          evidence,
          {
            hint: 'Set buildkit.securityContext to runAsUser: 0, runAsGroup: 0, privileged: true in custom-values.yaml.',
          },
        ),
      );
    }
    if (rootless !== false && image && generation === 'mtls' && !/rootless/.test(image)) {
      results.push(
        warn(`buildkit.rootless is true but buildkit.image (${image}) is not a -rootless image.`, evidence, {
          hint: 'Use the matching moby/buildkit:<version>-rootless image.',
        }),
      );
    }
    const replicas = valueAt(values, 'replicas');
    if (replicas === 0) results.push(warn('replicas is 0: no builder runs.', evidence, { hint: 'Set replicas: 1 or more.' }));
    if (!results.length) return pass('Signing (HMAC) is on and the BuildKit settings are consistent.', evidence);
    const order = { fail: 0, warn: 1, pass: 2, skipped: 3 } as const;
    results.sort((a, b) => order[a.status] - order[b.status]);
    const top = results[0]!;
    return { ...top, evidence: [...evidence, ...results.slice(1).map((r) => `${r.status}: ${r.summary}`)] };
  },
};
