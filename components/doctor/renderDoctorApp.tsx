import { renderUntilExit, type ScreenStreams } from '../renderUntilExit.js';
import type { CheckOutcome } from '../../src/features/doctor/types.js';
import { DoctorApp, type DoctorAppProps } from './DoctorApp.js';
import { pasteableFixes } from './pasteableFixes.js';

export type RenderStreams = ScreenStreams;

/** Draws the live screen until the run ends, leaves the final frame on the terminal, returns the exit code. */
export async function renderDoctorApp(props: Omit<DoctorAppProps, 'onExit'>, streams: RenderStreams): Promise<number> {
  // No key handling: Ctrl+C stays the terminal's SIGINT, and stdin is never put in raw mode.
  let outcomes: CheckOutcome[] = [];
  const run: DoctorAppProps['run'] = async (hooks) => {
    const result = await props.run(hooks);
    outcomes = result.outcomes;
    return result;
  };
  const code = await renderUntilExit((exit) => <DoctorApp {...props} run={run} onExit={exit} />, streams);
  // Ink leaves the cursor at the end of the last frame; the shell prompt belongs on a new line.
  streams.stdout.write('\n');
  // Fix commands the screen wrapped (to column 0, unpasteable) are printed again, whole.
  const fixes = pasteableFixes(outcomes, streams.stdout.columns || 80);
  if (fixes) streams.stdout.write(fixes);
  return code;
}
