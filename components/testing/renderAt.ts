import { EventEmitter } from 'node:events';
import { render as inkRender, type Instance } from 'ink';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';

/**
 * ink-testing-library's render with the terminal's width chosen (it is fixed at 100 columns
 * there): frames are laid out as a terminal of that width would draw them, so a test can see what
 * wraps at 80 columns. Unmounted after each test.
 */
class Stdout extends EventEmitter {
  frames: string[] = [];
  private last: string | undefined;
  constructor(readonly columns: number) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    this.last = frame;
  };
  lastFrame = () => this.last;
}

class Stdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = () => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

const mounted: Instance[] = [];
afterEach(() => {
  for (const i of mounted.splice(0)) {
    i.unmount();
    i.cleanup();
  }
});

export function renderAt(tree: ReactElement, { columns }: { columns: number }) {
  const stdout = new Stdout(columns);
  const stdin = new Stdin();
  const instance = inkRender(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new Stdout(columns) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  mounted.push(instance);
  return { stdin, frames: stdout.frames, lastFrame: stdout.lastFrame, unmount: instance.unmount };
}
