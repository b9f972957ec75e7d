import { parse, YAMLParseError } from 'yaml';
import { ChartError } from './errors.js';

export interface ChartMetadata {
  name: string;
  version: string;
  appVersion?: string;
}

/**
 * Reads name, version and appVersion from a Chart.yaml or from `helm show chart` output.
 * The failsafe schema keeps every scalar a string, so `version: 1.10` stays "1.10" rather than 1.1.
 */
export function parseChartMetadata(yamlText: string, source = 'Chart.yaml'): ChartMetadata {
  let doc: unknown;
  try {
    doc = parse(yamlText, { schema: 'failsafe' });
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    throw new ChartError(`${source} is not valid YAML${where}.`, 'Check that the chart reference points at a helm chart.', { cause: e });
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ChartError(
      `${source} does not describe a chart (no name or version).`,
      'Check that the chart reference points at a helm chart.',
    );
  }
  const fields = doc as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const value = fields[key];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const name = text('name');
  const version = text('version');
  if (!name || !version) {
    const missing = [!name && 'name', !version && 'version'].filter(Boolean).join(' and ');
    throw new ChartError(`${source} has no ${missing}.`, 'Check that the chart reference points at a helm chart.');
  }
  const appVersion = text('appVersion');
  return appVersion ? { name, version, appVersion } : { name, version };
}
