import { validateAwsAccountId, validateAwsRegion } from '../../../src/platform/validate/index.js';
import { TextField } from '../../widgets/TextField.js';

export type AwsLocationFieldName = 'accountId' | 'region';

export interface AwsLocationFieldProps {
  field: AwsLocationFieldName;
  defaultValue: string;
  onSubmit(value: string, raw: string): void;
}

/** The account id or region question, the same in both Amazon ECR forms. */
export function AwsLocationField({ field, defaultValue, onSubmit }: AwsLocationFieldProps) {
  return field === 'accountId' ? (
    <TextField
      key="accountId"
      label="AWS account id"
      defaultValue={defaultValue}
      placeholder="123456789012"
      validate={validateAwsAccountId}
      onSubmit={onSubmit}
    />
  ) : (
    <TextField
      key="region"
      label="AWS region"
      defaultValue={defaultValue}
      placeholder="eu-west-1"
      validate={validateAwsRegion}
      onSubmit={onSubmit}
    />
  );
}
