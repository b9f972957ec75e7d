import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import type { Validation } from '../../src/platform/validate/result.js';
import { LineInput } from './LineInput.js';
import { WrappedText } from './WrappedText.js';

export interface TextFieldProps<T> {
  label: string;
  defaultValue?: string;
  placeholder?: string;
  /** A dimmed line under the field, e.g. what a good value looks like. */
  hint?: string;
  /** Masked input (passwords, secret keys): only asterisks are drawn, the value never is. */
  mask?: boolean;
  /** Every submit is checked; after a refused submit each keystroke is checked again. */
  validate(raw: string): Validation<T> | Promise<Validation<T>>;
  onSubmit(value: T, raw: string): void;
  isActive?: boolean;
}

/**
 * One labelled input with its validation message underneath. Invalid input is never passed on:
 * Enter on a bad value shows why and stays on the field.
 */
export function TextField<T>({ label, defaultValue, placeholder, hint, mask, validate, onSubmit, isActive = true }: TextFieldProps<T>) {
  const [error, setError] = useState<string | undefined>();
  const [checking, setChecking] = useState(false);
  const refused = useRef(false);
  const latest = useRef(defaultValue ?? '');

  const onChange = (raw: string) => {
    latest.current = raw;
    if (!refused.current) return;
    if (raw === '') {
      // An emptied field starts over: the old complaint no longer describes it, Enter checks again.
      refused.current = false;
      setError(undefined);
      return;
    }
    const v = validate(raw);
    if (v instanceof Promise) return; // file checks run on Enter only
    setError(v.ok ? undefined : v.message);
  };

  const submit = async (raw: string) => {
    if (checking) return;
    setChecking(true);
    const v = await validate(raw);
    setChecking(false);
    if (latest.current !== raw) return; // typed on while a file check ran: the new text decides
    if (!v.ok) {
      refused.current = true;
      setError(v.message);
      return;
    }
    setError(undefined);
    onSubmit(v.value, raw);
  };

  const disabled = !isActive || checking;
  return (
    <Box flexDirection="column">
      <Box>
        <Text bold>{label}: </Text>
        <LineInput
          isDisabled={disabled}
          mask={mask}
          defaultValue={mask ? undefined : defaultValue}
          placeholder={placeholder}
          onChange={onChange}
          onSubmit={(raw) => void submit(raw)}
        />
      </Box>
      {checking ? <Text dimColor> checking…</Text> : null}
      {error ? <WrappedText color="red">{`  ${error}`}</WrappedText> : hint ? <WrappedText dimColor>{`  ${hint}`}</WrappedText> : null}
    </Box>
  );
}
