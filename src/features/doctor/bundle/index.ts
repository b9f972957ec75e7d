/** `doctor --bundle`: the collector, the redactor, the archive and its file. */
export { DEFAULT_BUNDLE_LOG_LINES, startBundle, type BundleOptions, type BundleResult, type ProgressLine } from './collect.js';
export { makeRedactor, secretNeedles, type SecretValue } from './redact.js';
export { bundleDestinationProblem, defaultBundleName, writeBundleFile } from './writeBundle.js';
