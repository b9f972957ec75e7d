import { parseDocument } from 'yaml';
import { ValuesError } from './errors.js';
import { getPath, type ValuesAnswers } from './settings.js';

/** What an existing values file already answers, to pre-fill the wizard. */
export type RecoveredAnswers = Partial<Omit<ValuesAnswers, 'generation' | 'chartDefaults'>>;

/** Truth as helm's `{{ if }}` sees it: false, 0, "", null and empty collections are false. */
function templateTruth(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

const wholeNumber = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
const name = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const quantity = (v: unknown) => (typeof v === 'number' ? String(v) : name(v));

export function readValuesAnswers(text: string, label = 'The values file'): RecoveredAnswers {
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    throw new ValuesError(
      `${label} is not valid YAML${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}.`,
      'Fix it (or move it aside) and run again.',
      { cause: error },
    );
  }
  const values = doc.toJS() as unknown;
  const found: RecoveredAnswers = {};
  const rootless = getPath(values, ['buildkit', 'rootless']);
  if (rootless !== undefined) found.buildkitMode = templateTruth(rootless) ? 'rootless' : 'root';
  const entries: [keyof RecoveredAnswers, unknown][] = [
    ['maxInflight', wholeNumber(getPath(values, ['proBuilder', 'maxInflight']))],
    ['replicas', wholeNumber(getPath(values, ['replicas']))],
    ['buildkitCpu', quantity(getPath(values, ['buildkit', 'resources', 'requests', 'cpu']))],
    ['buildkitMemory', quantity(getPath(values, ['buildkit', 'resources', 'requests', 'memory']))],
    ['awsCredentialsSecret', name(getPath(values, ['awsCredentialsSecret']))],
    ['serviceAccount', name(getPath(values, ['serviceAccount']))],
    ['fsGroup', wholeNumber(getPath(values, ['securityContext', 'fsGroup']))],
    ['buildSecretsKeySecret', name(getPath(values, ['buildSecrets', 'privateKeySecret']))],
  ];
  for (const [key, value] of entries) if (value !== undefined) Object.assign(found, { [key]: value });
  return found;
}
