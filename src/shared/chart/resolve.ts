import { stat } from 'node:fs/promises';
import { HelmError, OPENFAAS_REPO, type Helm } from '../../platform/helm/helm.js';
import { ChartError } from './errors.js';
import { readLocalChart, parseChartValues } from './localChart.js';
import { parseChartMetadata, type ChartMetadata } from './metadata.js';
import { chartTraits, type ChartTraits } from './traits.js';
import { parseChartVersion, type ChartGeneration } from './version.js';

export interface ResolvedChart {
  /** The reference as given: a repo chart (openfaas/pro-builder, oci://…) or a local folder. */
  ref: string;
  source: 'local' | 'helm';
  metadata: ChartMetadata;
  generation: ChartGeneration;
  /** The chart's default values (its values.yaml). */
  defaults: unknown;
  /** What this version of the chart renders, read from its content and version. */
  traits: ChartTraits;
}

function resolved(ref: string, source: ResolvedChart['source'], metadata: ChartMetadata, defaults: unknown): ResolvedChart {
  const traits = chartTraits(metadata.version, defaults);
  return { ref, source, metadata, generation: traits.generation, defaults, traits };
}

const SHOW_TIMEOUT_MS = 60_000;

export const CHART_NAME = 'pro-builder';

/** Another chart's version says nothing about pro-builder's generation, so refuse it early. */
function expectProBuilder(ref: string, metadata: ChartMetadata): void {
  if (metadata.name !== CHART_NAME) {
    throw new ChartError(
      `${ref} is the "${metadata.name}" chart, not ${CHART_NAME}.`,
      `Pass --chart ${OPENFAAS_REPO.name}/${CHART_NAME}, or a local folder holding the ${CHART_NAME} chart.`,
    );
  }
}

function looksLikePath(ref: string): boolean {
  return ref === '.' || ref === '..' || /^(\.{1,2}[\\/]|[\\/]|~)/.test(ref);
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

function showFailure(what: 'chart' | 'values', ref: string, version: string | undefined, stderr: string, exitCode: number): HelmError {
  const target = version ? `${ref} version ${version}` : ref;
  let nextStep = 'Check the chart reference and that helm can reach the repository.';
  if (/no repo named|repo .* not found|repository .* not found/i.test(stderr)) {
    nextStep = `Add the repository with \`helm repo add ${OPENFAAS_REPO.name} ${OPENFAAS_REPO.url}\` and \`helm repo update\`, or pass --chart with a local chart folder.`;
  } else if (version && /version|not found/i.test(stderr)) {
    nextStep = `List the available versions with \`helm search repo ${ref} --versions\` (after \`helm repo update\`).`;
  }
  return new HelmError(`helm could not show the ${what} of ${target}.`, nextStep, stderr.trim(), exitCode);
}

async function show(helm: Helm, what: 'chart' | 'values', ref: string, version?: string): Promise<string> {
  const args = ['show', what, ref];
  if (version) args.push('--version', version);
  const r = await helm.run(args, { timeoutMs: SHOW_TIMEOUT_MS });
  if (r.exitCode !== 0) throw showFailure(what, ref, version, r.stderr, r.exitCode);
  return r.stdout;
}

/**
 * Finds out which chart (and so which generation) an install will use: a local folder is read
 * directly, anything else is asked of helm, which knows the user's repositories and OCI registries.
 */
export async function resolveChart(helm: Helm, ref: string, version?: string): Promise<ResolvedChart> {
  if (version !== undefined) parseChartVersion(version); // a clear error before helm gives a vague one
  if (await isDirectory(ref)) {
    const local = await readLocalChart(ref);
    expectProBuilder(ref, local.metadata);
    if (version !== undefined && local.metadata.version !== version.replace(/^v/, '')) {
      throw new ChartError(
        `The chart in ${ref} is version ${local.metadata.version}, not ${version}.`,
        'Leave out --chart-version when installing from a local folder, or check out the version you want.',
      );
    }
    return resolved(ref, 'local', local.metadata, local.defaults);
  }
  if (looksLikePath(ref)) {
    throw new ChartError(`The chart folder ${ref} does not exist.`, 'Check the path, or pass --chart openfaas/pro-builder.');
  }
  const metadata = parseChartMetadata(await show(helm, 'chart', ref, version), `helm show chart ${ref}`);
  expectProBuilder(ref, metadata);
  const defaults = parseChartValues(await show(helm, 'values', ref, version), `helm show values ${ref}`);
  return resolved(ref, 'helm', metadata, defaults);
}
