import { render } from 'ink';
import type { ReactElement } from 'react';
import type { CommandStreams } from './commandEnv.js';
import { keepCompileCacheAfterFirstFrame } from '../compileCache.js';

/**
 * Draws a screen until it calls exit, and returns that exit code. Ink's own Ctrl+C exit is off: in
 * raw mode Ctrl+C arrives as a key, and each screen decides what it means.
 */
export function renderUntilExit(make: (exit: (code: number) => void) => ReactElement, streams: CommandStreams): Promise<number> {
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
