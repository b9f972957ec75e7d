import * as nodeModule from 'node:module';

/**
 * Node keeps V8's compiled code of the chunks each command imports (in the OS temp folder), so from
 * the second run on start-up skips parsing them. Missing before Node 22.1; NODE_DISABLE_COMPILE_CACHE=1
 * turns it off.
 */
export function enableCompileCache(): void {
  nodeModule.enableCompileCache?.();
}

/**
 * Node writes that cache when the process exits. A screen closed with its terminal window, or a
 * process killed, never gets there, and the next start parses every chunk again (~10 ms more before
 * the first frame). Once a screen has drawn its first frame, everything it needed has been compiled:
 * write it then, after the frame. A cache that is already on disk is not written again.
 */
export function keepCompileCacheAfterFirstFrame(): void {
  setImmediate(() => nodeModule.flushCompileCache?.());
}
