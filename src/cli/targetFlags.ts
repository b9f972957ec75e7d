import { validateNamespace, validateOutputPath, validateReleaseName } from '../platform/validate/index.js';

/**
 * The flags uninstall and rotate pass on to the API and to helm: each problem as one sentence
 * naming its flag, so a hostile or mistyped value is a usage error before anything runs.
 */
export function invalidTargetFlags(o: { namespace: string; release: string; outputDir: string }): string[] {
  const problems: string[] = [];
  const ns = validateNamespace(o.namespace);
  if (!ns.ok) problems.push(`--namespace: ${ns.message}`);
  const release = validateReleaseName(o.release);
  if (!release.ok) problems.push(`--release: ${release.message}`);
  const out = validateOutputPath(o.outputDir, 'the output folder');
  if (!out.ok) problems.push(`--output-dir: ${out.message}`);
  return problems;
}
