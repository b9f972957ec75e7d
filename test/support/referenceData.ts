// The one place that knows where the reference data lives: the real pro-builder charts, the chart
// README and a helm repository of every published version, kept beside the repository in ../shared.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** The checkout that owns this one's git data: itself, or the main checkout when this is a git worktree. */
function mainCheckout(root: string): string {
  const dotGit = join(root, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return root;
    const gitdir = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
    if (!gitdir) return root;
    // <main>/.git/worktrees/<name> → <main>
    const abs = isAbsolute(gitdir) ? gitdir : resolve(root, gitdir);
    return dirname(dirname(dirname(abs)));
  } catch {
    return root;
  }
}

function locate(): string {
  const fromEnv = process.env['PBS_REFERENCE_DIR'];
  if (fromEnv) return resolve(fromEnv);
  const candidates = [resolve(REPO_ROOT, '../shared/reference'), resolve(mainCheckout(REPO_ROOT), '../shared/reference')];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

/** ../shared/reference from the repository root (PBS_REFERENCE_DIR overrides it). */
export const REFERENCE_DIR = locate();
export const REFERENCE_CHARTS_DIR = join(REFERENCE_DIR, 'charts');
/** A helm repository: index.yaml (relative URLs) and every published pro-builder .tgz. */
export const REFERENCE_HELM_REPO_DIR = join(REFERENCE_DIR, 'helm-repo');
export const REFERENCE_CHART_README = join(REFERENCE_DIR, 'pro-builder-chart-README.md');

export const referencePresent =
  existsSync(REFERENCE_CHARTS_DIR) && existsSync(join(REFERENCE_HELM_REPO_DIR, 'index.yaml')) && existsSync(REFERENCE_CHART_README);

export const REFERENCE_MISSING_REASON = `the reference data is not at ${REFERENCE_DIR} (../shared/reference beside the repository; set PBS_REFERENCE_DIR)`;

// In CI the reference data is part of the checkout's surroundings: a missing copy is a broken run,
// not a reason to skip the tests that compare the tool with the real charts.
if (!referencePresent && process.env['CI']) {
  throw new Error(`CI is set and ${REFERENCE_MISSING_REASON}`);
}

/** The unpacked reference chart folder of one version (0.4.19 and 0.6.10 are kept unpacked). */
export const referenceChartDir = (version: string): string => join(REFERENCE_CHARTS_DIR, `pro-builder-${version}`);
