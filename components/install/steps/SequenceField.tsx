import { TextField, type TextFieldProps } from '../../widgets/TextField.js';
import type { FieldSequence } from '../useFieldSequence.js';

export interface SequenceFieldProps<K extends string, T> extends Omit<TextFieldProps<T>, 'defaultValue' | 'onSubmit'> {
  form: Pick<FieldSequence<K>, 'values' | 'advance'>;
  field: K;
  /** Offered when the field has not been answered in this form yet. */
  initial?: string;
  /** The valid value, before the form moves on to the next field. */
  onValue(value: T): void;
}

/**
 * One field of a form asked one field at a time (useFieldSequence): offers what was typed there
 * before (else `initial`), and Enter on a valid value hands it on and moves to the next field.
 * Give it `key={field}` so each field starts with its own input.
 */
export function SequenceField<K extends string, T>({ form, field, initial = '', onValue, ...input }: SequenceFieldProps<K, T>) {
  return (
    <TextField
      {...input}
      defaultValue={form.values[field] ?? initial}
      onSubmit={(value, raw) => {
        onValue(value);
        form.advance(field, raw);
      }}
    />
  );
}
