/**
 * For --debug only: the stack of an error and of each error behind it (`cause`), so a KubeError
 * shows where the API client failed as well as where the sentence was made.
 */
export function debugStacks(e: unknown, depth = 4): string[] {
  const out: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < depth && cur instanceof Error; i++) {
    if (cur.stack) out.push(i === 0 ? cur.stack : `Caused by: ${cur.stack}`);
    cur = cur.cause;
  }
  return out;
}
