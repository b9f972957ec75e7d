/**
 * Starts a read whose result is awaited later, or perhaps never (a guess that turns out unused, a
 * check that returns early). Its failure stays with the promise for whoever awaits it, instead of
 * counting as an unhandled rejection now. Returns the same promise.
 */
export function startEarly<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}
