import { quoteInput } from '../../platform/validate/result.js';

/**
 * The `kind/name` words `--keep` and `--include` take (secret/registry-secret, file/payload.txt),
 * turned into item ids. Short kind names work too (sa/, ns/), and a folder selects what is in it
 * (file/certs).
 */

const KIND_ALIASES: Readonly<Record<string, string>> = {
  release: 'release',
  helmrelease: 'release',
  secret: 'secret',
  serviceaccount: 'serviceaccount',
  sa: 'serviceaccount',
  namespace: 'namespace',
  ns: 'namespace',
  file: 'file',
  folder: 'file',
};

export type SelectorParse = { ok: true; id: string } | { ok: false; message: string };

export function parseSelector(raw: string): SelectorParse {
  const text = raw.trim();
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) {
    return {
      ok: false,
      message: `${quoteInput(text)} is not an object: write it as kind/name, e.g. secret/registry-secret or file/payload.txt.`,
    };
  }
  const kind = KIND_ALIASES[text.slice(0, slash).toLowerCase()];
  if (!kind) {
    return {
      ok: false,
      message: `${quoteInput(text)} names an unknown kind ${quoteInput(text.slice(0, slash))}: use release, secret, serviceaccount, namespace or file.`,
    };
  }
  const name = text
    .slice(slash + 1)
    .replace(/^\.\//, '')
    .replace(/\/+$/, '');
  return { ok: true, id: `${kind}/${name}` };
}

/** True when the selector names the item itself or a folder that holds it. */
export function selectorMatches(selectorId: string, itemId: string): boolean {
  return itemId === selectorId || itemId.startsWith(`${selectorId}/`);
}

export interface SelectionProblems {
  /** Sentences for the user; empty when every selector is usable. */
  problems: string[];
  keep: string[];
  include: string[];
}

/**
 * Checks --keep and --include against the ids the uninstall knows, so a typo is a usage error
 * instead of a silent no-op that removes what the user meant to keep.
 */
export function resolveSelectors(keep: readonly string[], include: readonly string[], knownIds: readonly string[]): SelectionProblems {
  const problems: string[] = [];
  const resolve = (flag: string, list: readonly string[]) => {
    const ids: string[] = [];
    for (const raw of list) {
      const p = parseSelector(raw);
      if (!p.ok) {
        problems.push(`${flag}: ${p.message}`);
        continue;
      }
      if (!knownIds.some((id) => selectorMatches(p.id, id))) {
        problems.push(`${flag}: ${quoteInput(p.id)} is not something uninstall removes. Known: ${knownIds.join(', ')}.`);
        continue;
      }
      ids.push(p.id);
    }
    return ids;
  };
  const keepIds = resolve('--keep', keep);
  const includeIds = resolve('--include', include);
  for (const id of keepIds) {
    if (includeIds.some((other) => selectorMatches(other, id) || selectorMatches(id, other))) {
      problems.push(`${id} is given to both --keep and --include; choose one.`);
    }
  }
  return { problems, keep: keepIds, include: includeIds };
}
