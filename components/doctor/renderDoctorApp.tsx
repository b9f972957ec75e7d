import { render } from 'ink';
import { DoctorApp, type DoctorAppProps } from './DoctorApp.js';
import { keepCompileCacheAfterFirstFrame } from '../compileCache.js';

export interface RenderStreams {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** Draws the live screen until the run ends, leaves the final frame on the terminal, returns the exit code. */
export function renderDoctorApp(props: Omit<DoctorAppProps, 'onExit'>, streams: RenderStreams): Promise<number> {
  return new Promise((resolve) => {
    let code = 1;
    const instance = render(
      <DoctorApp
        {...props}
        onExit={(c) => {
          code = c;
          // Let the final frame reach the terminal before unmounting.
          setImmediate(() => instance.unmount());
        }}
      />,
      // No key handling: Ctrl+C stays the terminal's SIGINT, and stdin is never put in raw mode.
      { stdin: streams.stdin, stdout: streams.stdout, stderr: streams.stderr, exitOnCtrlC: false },
    );
    keepCompileCacheAfterFirstFrame();
    instance.waitUntilExit().then(
      () => {
        // Ink leaves the cursor at the end of the last frame; the shell prompt belongs on a new line.
        streams.stdout.write('\n');
        resolve(code);
      },
      () => resolve(1),
    );
  });
}
