import { useInput } from 'ink';

/** A single key (y, n, r, q ...) or Enter, for yes/no prompts and "press a key" pauses. */
export function useKeys(handlers: { [key: string]: (() => void) | undefined; enter?: () => void }, isActive = true): void {
  useInput(
    (input, key) => {
      if (key.return) handlers.enter?.();
      else if (!key.ctrl && !key.meta && input.length === 1) handlers[input.toLowerCase()]?.();
    },
    { isActive },
  );
}
