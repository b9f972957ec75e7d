import { render } from 'ink';
import type { ReactElement } from 'react';
import { keepCompileCacheAfterFirstFrame } from './compileCache.js';

/** The terminal a screen draws on and reads keys from. */
export interface ScreenStreams {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/**
 * Draws a screen until it calls exit, and returns that exit code; every command's screen runs
 * through here. Ink's own Ctrl+C exit is off: in raw mode Ctrl+C arrives as a key, and each screen
 * decides what it means (a screen that reads no keys leaves Ctrl+C to the terminal's SIGINT).
 */
export function renderUntilExit(make: (exit: (code: number) => void) => ReactElement, streams: ScreenStreams): Promise<number> {
  return new Promise((resolve) => {
    let code = 1;
    const instance = render(
      make((c) => {
        code = c;
        // Let the final frame (the closing message) reach the terminal first.
        setImmediate(() => instance.unmount());
      }),
      { stdin: streams.stdin, stdout: streams.stdout, stderr: streams.stderr, exitOnCtrlC: false },
    );
    keepCompileCacheAfterFirstFrame();
    instance.waitUntilExit().then(
      () => resolve(code),
      () => resolve(1),
    );
  });
}
