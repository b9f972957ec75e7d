import { renderUntilExit, type ScreenStreams } from '../renderUntilExit.js';
import { DoctorApp, type DoctorAppProps } from './DoctorApp.js';

export type RenderStreams = ScreenStreams;

/** Draws the live screen until the run ends, leaves the final frame on the terminal, returns the exit code. */
export async function renderDoctorApp(props: Omit<DoctorAppProps, 'onExit'>, streams: RenderStreams): Promise<number> {
  // No key handling: Ctrl+C stays the terminal's SIGINT, and stdin is never put in raw mode.
  const code = await renderUntilExit((exit) => <DoctorApp {...props} onExit={exit} />, streams);
  // Ink leaves the cursor at the end of the last frame; the shell prompt belongs on a new line.
  streams.stdout.write('\n');
  return code;
}
