import { accept, capitalise, quoteInput, readInput, reject, type Validation } from './result.js';

const REF_GOOD = 'use a repository chart like openfaas/pro-builder, an oci:// reference, or a local chart folder';
const VERSION_GOOD = 'use a semantic version like 0.6.10';

// Like helm (Masterminds/semver): an optional "v", missing minor or patch allowed, pre-release and build parts.
const CHART_VERSION =
  /^v?(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:\.(0|[1-9]\d*))?(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

// Control, format (bidi, zero-width) and separator characters: no chart name or sane folder holds one.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * --chart: passed to helm as a positional argument, so it must not look like a flag (helm would
 * read "--post-renderer=…" as an option) and must not smuggle control characters into output.
 */
export function validateChartReference(raw: string): Validation<string> {
  const input = readInput(raw, { what: 'the chart', goodValue: REF_GOOD, maxLength: 4096 });
  if (!input.ok) return input;
  const s = input.value;
  if (s.startsWith('-'))
    return reject(
      `The chart ${quoteInput(s)} starts with "-", so helm would read it as an option; ${REF_GOOD} (write ./-name for a folder).`,
    );
  const bad = [...s].find((ch) => UNPRINTABLE.test(ch));
  if (bad) return reject(`The chart ${quoteInput(s)} contains the invisible character ${quoteInput(bad)}; ${REF_GOOD}.`);
  return accept(s);
}

const REPO_GOOD = 'use the http(s) address of a helm repository, like https://openfaas.github.io/faas-netes/';

/** --chart-repo: a helm repository's address, handed to `helm repo add`; http(s) only, no credentials in it. */
export function validateChartRepoUrl(raw: string): Validation<string> {
  const input = readInput(raw, { what: 'the chart repository', goodValue: REPO_GOOD, maxLength: 2048 });
  if (!input.ok) return input;
  const s = input.value;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return reject(`The chart repository ${quoteInput(s)} is not an address; ${REPO_GOOD}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return reject(`The chart repository ${quoteInput(s)} is not http or https; ${REPO_GOOD}.`);
  if (url.username || url.password)
    return reject(
      `The chart repository address holds a user name or password, which would be shown in commands; add the repository with \`helm repo add\` yourself and pass --skip-repo-add.`,
    );
  if ([...s].some((ch) => UNPRINTABLE.test(ch)))
    return reject(`The chart repository ${quoteInput(s)} contains an invisible character; ${REPO_GOOD}.`);
  return accept(s);
}

/** --chart-version: a SemVer, checked here so a bad one is a usage error before anything runs. */
export function validateChartVersion(raw: string): Validation<string> {
  const input = readInput(raw, { what: 'the chart version', goodValue: VERSION_GOOD, maxLength: 128 });
  if (!input.ok) return input;
  if (!CHART_VERSION.test(input.value))
    return reject(`${capitalise('the chart version')} ${quoteInput(input.value)} is not a semantic version; ${VERSION_GOOD}.`);
  return accept(input.value);
}
