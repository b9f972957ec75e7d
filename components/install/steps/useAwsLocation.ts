import { useRef } from 'react';
import type { AwsLocationFieldName } from './AwsLocationField.js';

export type AwsLocation = Record<AwsLocationFieldName, string>;

/**
 * The account id and region both Amazon ECR forms ask first (AwsLocationField), starting from the
 * answers given before. `set` is AwsLocationField's onValue; the form re-renders as it moves on.
 */
export function useAwsLocation(initial: Partial<AwsLocation>) {
  const location = useRef<AwsLocation>({ accountId: initial.accountId ?? '', region: initial.region ?? '' });
  return {
    ...location.current,
    set(field: AwsLocationFieldName, value: string) {
      location.current[field] = value;
    },
  };
}
