import { Text, useInput } from 'ink';
import { useRef, useState } from 'react';
import { editLine, type LineState } from './lineEditing.js';

export interface LineInputProps {
  defaultValue?: string;
  placeholder?: string;
  /** Draw one asterisk per character instead of the text. */
  mask?: boolean;
  isDisabled?: boolean;
  onChange(value: string): void;
  onSubmit(value: string): void;
}

/** A one-line text input with the readline editing keys (see editLine). */
export function LineInput({ defaultValue = '', placeholder = '', mask, isDisabled = false, onChange, onSubmit }: LineInputProps) {
  const [state, setState] = useState<LineState>({ value: defaultValue, cursor: defaultValue.length });
  // Keys can arrive faster than React renders; each one edits the newest state.
  const current = useRef(state);

  useInput(
    (input, key) => {
      if (key.return) {
        onSubmit(current.current.value);
        return;
      }
      const next = editLine(current.current, input, key);
      if (!next) return;
      const changed = next.value !== current.current.value;
      current.current = next;
      setState(next);
      if (changed) onChange(next.value);
    },
    { isActive: !isDisabled },
  );

  const shown = mask ? '*'.repeat(state.value.length) : state.value;
  if (isDisabled) return shown ? <Text>{shown}</Text> : <Text dimColor>{placeholder}</Text>;
  if (!shown) {
    return (
      <Text>
        <Text inverse>{placeholder[0] ?? ' '}</Text>
        <Text dimColor>{placeholder.slice(1)}</Text>
      </Text>
    );
  }
  return (
    <Text>
      {shown.slice(0, state.cursor)}
      <Text inverse>{shown[state.cursor] ?? ' '}</Text>
      {shown.slice(state.cursor + 1)}
    </Text>
  );
}
