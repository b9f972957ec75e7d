import { render } from 'ink';
import type { InstallOptions } from '../../src/cli/args.js';
import type { FlagResolution } from '../../src/install/flags.js';
import { ServicesProvider, type Services } from '../services/ServicesContext.js';
import { InstallWizard } from './InstallWizard.js';
import { keepCompileCacheAfterFirstFrame } from '../compileCache.js';

export interface WizardStreams {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/**
 * Draws the wizard until it ends and returns its exit code. Ink's own Ctrl+C exit is off: in raw
 * mode Ctrl+C arrives as a key, and the wizard decides what it means at each step.
 */
export function renderWizard(options: InstallOptions, flags: FlagResolution, services: Services, streams: WizardStreams): Promise<number> {
  return new Promise((resolve) => {
    let code: number = 1;
    const instance = render(
      <ServicesProvider services={services}>
        <InstallWizard
          options={options}
          flags={flags}
          onExit={(c) => {
            code = c;
            // Let the final frame (with the closing message) reach the terminal first.
            setImmediate(() => instance.unmount());
          }}
        />
      </ServicesProvider>,
      { stdin: streams.stdin, stdout: streams.stdout, stderr: streams.stderr, exitOnCtrlC: false },
    );
    keepCompileCacheAfterFirstFrame();
    instance.waitUntilExit().then(
      () => resolve(code),
      () => resolve(1),
    );
  });
}
