import type { InstallOptions } from '../../src/cli/args.js';
import type { FlagResolution } from '../../src/features/install/flags.js';
import { renderUntilExit, type ScreenStreams } from '../renderUntilExit.js';
import { ServicesProvider, type Services } from '../services/ServicesContext.js';
import { InstallWizard } from './InstallWizard.js';

export type WizardStreams = ScreenStreams;

/** Draws the wizard until it ends and returns its exit code; the wizard decides what Ctrl+C means at each step. */
export async function renderWizard(
  options: InstallOptions,
  flags: FlagResolution,
  services: Services,
  streams: WizardStreams,
): Promise<number> {
  // By section, in the order first handed over: the command line, then the doctor's fixes, then paths.
  const pasteable = new Map<string, string>();
  const code = await renderUntilExit(
    (exit) => (
      <ServicesProvider services={services}>
        <InstallWizard
          options={options}
          flags={flags}
          onExit={exit}
          onPasteable={(text, section = 'command-line') => pasteable.set(section, text)}
        />
      </ServicesProvider>
    ),
    streams,
  );
  // After the screen: printed whole, so the terminal's own wrapping keeps it copyable.
  for (const text of pasteable.values()) streams.stdout.write(`\n${text}`);
  return code;
}
