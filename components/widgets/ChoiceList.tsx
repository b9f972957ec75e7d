import { Box, Text, useInput } from 'ink';
import { useRef, useState } from 'react';

export interface Choice<T extends string> {
  value: T;
  label: string;
  /** A short explanation shown dimmed after the label. */
  hint?: string;
}

export interface ChoiceListProps<T extends string> {
  choices: readonly Choice<T>[];
  /** Highlighted at first; the first choice when absent. */
  defaultValue?: T;
  onSubmit(value: T): void;
  isActive?: boolean;
}

/**
 * A vertical list chosen with the arrow keys and Enter. Unlike @inkjs/ui's Select, Enter on the
 * highlighted default also submits, which every "confirm" question here relies on.
 */
export function ChoiceList<T extends string>({ choices, defaultValue, onSubmit, isActive = true }: ChoiceListProps<T>) {
  const start = Math.max(
    0,
    choices.findIndex((c) => c.value === defaultValue),
  );
  const [focus, setFocus] = useState(start);
  // Keys that arrive in one chunk (Down then Enter, or a fast typist) are handled before React
  // re-renders, so Enter must read the highlight from a ref, not from this render's state.
  const focusRef = useRef(start);
  const move = (to: number) => {
    focusRef.current = to;
    setFocus(to);
  };
  useInput(
    (_input, key) => {
      if (key.downArrow) move((focusRef.current + 1) % choices.length);
      else if (key.upArrow) move((focusRef.current - 1 + choices.length) % choices.length);
      else if (key.return) {
        const chosen = choices[focusRef.current];
        if (chosen) onSubmit(chosen.value);
      }
    },
    { isActive },
  );
  return (
    <Box flexDirection="column">
      {choices.map((c, i) => (
        <Text key={c.value} color={i === focus ? 'cyan' : undefined}>
          {i === focus ? '❯ ' : '  '}
          {c.label}
          {c.hint ? <Text dimColor> — {c.hint}</Text> : null}
        </Text>
      ))}
    </Box>
  );
}
