import { ValuesError } from './errors.js';

// Kubernetes resource.Quantity: a decimal number with an optional binary, decimal or exponent suffix.
const QUANTITY = /^\+?(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;
// RFC 1123 subdomain, which Secret and ServiceAccount names must be.
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function checkWholeNumber(label: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ValuesError(
      `${label} must be a whole number of ${min} or more, not ${String(value)}.`,
      `Give ${label} a value such as ${Math.max(min, 1)}.`,
    );
  }
  return value;
}

export function checkQuantity(label: string, value: string, example: string): string {
  const trimmed = value.trim();
  if (!QUANTITY.test(trimmed)) {
    throw new ValuesError(`${label} "${value}" is not a Kubernetes quantity.`, `Use a value such as ${example}.`);
  }
  return trimmed;
}

export function checkObjectName(label: string, value: string): string {
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    throw new ValuesError(
      `${label} "${value}" is not a valid Kubernetes name.`,
      'Use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit.',
    );
  }
  return value;
}
