import type { JsonReport } from '../../src/features/doctor/format.js';
import { runCli, type CliOptions } from './cliHarness.js';

/** One row of the doctor's --output json. */
export type DoctorJsonCheck = JsonReport['checks'][number];

/**
 * The built doctor with `--output json` and these flags (`--kubeconfig`, `-n`, …): its rows. A run whose
 * stdout is not the JSON document fails here, with its exit code and output.
 */
export async function doctorJsonChecks(flags: string[], o: CliOptions = {}): Promise<DoctorJsonCheck[]> {
  const r = await runCli(['doctor', '--output', 'json', ...flags], o);
  try {
    return (JSON.parse(r.stdout) as JsonReport).checks;
  } catch {
    throw new Error(`doctor printed no JSON (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
  }
}
