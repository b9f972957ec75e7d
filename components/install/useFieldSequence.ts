import { useState } from 'react';
import { useBackKey } from '../hooks/useBackKey.js';

/** The form's position and the text typed so far, as useFieldSequence returns them. */
export interface FieldSequence<K extends string> {
  current: K;
  index: number;
  values: Partial<Record<K, string>>;
  /** Record the typed text for `field` and move to the next one; true when it was the last. */
  advance(field: K, raw: string): boolean;
  isDone(field: K): boolean;
}

/**
 * A form asked one field at a time. Enter on a valid field moves on; Esc goes back one field, and
 * from the first field leaves the form (onBack). Values already given stay as defaults.
 */
export function useFieldSequence<K extends string>(fields: readonly K[], onBack: () => void, isActive = true): FieldSequence<K> {
  const [index, setIndex] = useState(0);
  const [values, setValues] = useState<Partial<Record<K, string>>>({});
  useBackKey(() => (index === 0 ? onBack() : setIndex(index - 1)), isActive);
  const current = fields[Math.min(index, fields.length - 1)]!;
  return {
    current,
    index,
    values,
    advance(field: K, raw: string): boolean {
      setValues((v) => ({ ...v, [field]: raw }));
      if (index + 1 >= fields.length) return true;
      setIndex(index + 1);
      return false;
    },
    isDone: (field: K) => fields.indexOf(field) < index,
  };
}
