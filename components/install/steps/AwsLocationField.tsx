import { validateAwsAccountId, validateAwsRegion } from '../../../src/platform/validate/index.js';
import type { FieldSequence } from '../useFieldSequence.js';
import { SequenceField } from './SequenceField.js';

export type AwsLocationFieldName = 'accountId' | 'region';

export interface AwsLocationFieldProps {
  form: Pick<FieldSequence<AwsLocationFieldName>, 'values' | 'advance'>;
  field: AwsLocationFieldName;
  /** Offered when the field has not been answered in this form yet. */
  initial?: string;
  onValue(field: AwsLocationFieldName, value: string): void;
}

const QUESTIONS = {
  accountId: { label: 'AWS account id', placeholder: '123456789012', validate: validateAwsAccountId },
  region: { label: 'AWS region', placeholder: 'eu-west-1', validate: validateAwsRegion },
} as const;

/** The account id or region question, the same in both Amazon ECR forms. Give it `key={field}`. */
export function AwsLocationField({ form, field, initial, onValue }: AwsLocationFieldProps) {
  return <SequenceField {...QUESTIONS[field]} form={form} field={field} initial={initial} onValue={(v: string) => onValue(field, v)} />;
}
