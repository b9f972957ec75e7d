import type { TmuxTerminal } from './terminal.js';
import { referenceChart } from './testbed.js';

/**
 * The interactive install's flags as the wizard tests start it: the 0.6.10 reference chart from its folder,
 * BuildKit's CPU pre-filled with 500m (acceptBuildkitDefaults expects it), a 60 s helm timeout.
 */
export function wizardInstallFlags(o: { kubeconfig: string; namespace: string; licenseFile: string }): string[] {
  return [
    '--kubeconfig',
    o.kubeconfig,
    '-n',
    o.namespace,
    '--license-file',
    o.licenseFile,
    '--chart',
    referenceChart('0.6.10'),
    '--skip-repo-add',
    '--buildkit-cpu',
    '500m',
    '--timeout',
    '60s',
  ];
}

/** At "Install into this cluster?" (its answer defaults to No): moves to Yes and confirms. */
export async function confirmInstallInto(term: TmuxTerminal): Promise<void> {
  term.press('Down');
  await term.waitFor(/❯ Yes, install into/);
  term.press('Enter');
}

/** From "How should BuildKit run?" to the review: rootless, limits set, and each pre-filled limit kept. */
export async function acceptBuildkitDefaults(term: TmuxTerminal): Promise<void> {
  await term.waitFor(/How should BuildKit run\?/);
  term.press('Enter'); // rootless
  await term.waitFor(/Build limits and resources/);
  term.press('Enter'); // set them: the CPU flag pre-fills one answer
  for (const question of [/Concurrent builds per replica/, /Replicas:/, /BuildKit CPU request: 500m/, /BuildKit memory request/]) {
    await term.waitFor(question);
    term.press('Enter');
  }
}

/** The Done screen offers a test build (it would push to ttl.sh, out of reach here): Enter declines. */
export async function declineTestBuild(term: TmuxTerminal): Promise<void> {
  await term.waitFor(/Run a test build now\? y\/N/);
  term.press('Enter');
}
