/** What a terminal sends for the keys the screens use. */
export const KEY = {
  enter: '\r',
  escape: '\u001B',
  down: '\u001B[B',
  up: '\u001B[A',
  ctrlC: '\u0003',
  backspace: '\u007F',
  left: '\u001B[D',
  ctrlA: '\u0001',
  ctrlE: '\u0005',
  ctrlU: '\u0015',
  ctrlW: '\u0017',
  altBackspace: '\u001B\u007F',
} as const;
