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
  if (s.startsWith('-')) return reject(`The chart ${quoteInput(s)} starts with "-", so helm would read it as an option; ${REF_GOOD} (write ./-name for a folder).`);
  const bad = [...s].find((ch) => UNPRINTABLE.test(ch));
  if (bad) return reject(`The chart ${quoteInput(s)} contains the invisible character ${quoteInput(bad)}; ${REF_GOOD}.`);
  return accept(s);
}

/** --chart-version: a SemVer, checked here so a bad one is a usage error before anything runs. */
export function validateChartVersion(raw: string): Validation<string> {
  const input = readInput(raw, { what: 'the chart version', goodValue: VERSION_GOOD, maxLength: 128 });
  if (!input.ok) return input;
  if (!CHART_VERSION.test(input.value)) return reject(`${capitalise('the chart version')} ${quoteInput(input.value)} is not a semantic version; ${VERSION_GOOD}.`);
  return accept(input.value);
}
