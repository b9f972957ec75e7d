/**
 * helm's value coalescing (CoalesceValues), as `helm get values --all` applies it to a stored
 * release: the user's values (release.config) over the chart's defaults (chart.values). A stored
 * release keeps no subcharts, so this is the whole computation for it.
 *
 * The rules, from helm 3.22's chartutil/coalesce.go and helm 4.3's chart/common/util/coalesce.go:
 * - the user's value wins, except that a table (map) is merged key by key with a default table;
 *   a table never replaces a scalar default nor a scalar a table default (the user's value stays,
 *   helm prints a warning);
 * - a user's null removes the key where the chart has a non-null default for it; elsewhere the
 *   null stays;
 * - helm 3 copies null defaults into the result; helm 4 drops them first.
 * The two differ only in where a null appears. Neither input is changed.
 */
export type Values = Record<string, unknown>;
export type HelmMajor = 3 | 4;

const isTable = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A deep copy, so the result never shares objects with the stored release. */
function copy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copy) as T;
  if (isTable(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) as T;
  return v;
}

/** helm 4's cleanNilValues: drops null defaults at every depth (in place, on a copy). */
function dropNulls(t: Values): Values {
  for (const [k, v] of Object.entries(t)) {
    if (v === null) delete t[k];
    else if (isTable(v)) dropNulls(v);
  }
  return t;
}

/** coalesceTablesFullKey: the user's table `dst` takes the defaults `src` (both copies, changed in place). */
function coalesceTables(dst: Values, src: Values): void {
  const defaultNonNull = new Set(Object.keys(src).filter((k) => src[k] !== null));
  for (const [key, val] of Object.entries(dst)) if (val === null) src[key] = null;
  for (const [key, val] of Object.entries(src)) {
    const has = Object.hasOwn(dst, key);
    const dv = dst[key];
    if (has && dv === null && defaultNonNull.has(key)) delete dst[key];
    else if (!has) dst[key] = val;
    else if (isTable(val) && isTable(dv)) coalesceTables(dv, val);
  }
}

/** The computed values: what `helm get values --all` prints for a release stored with these. */
export function coalesceValues(defaults: Values | null | undefined, config: Values | null | undefined, helm: HelmMajor = 4): Values {
  const out = copy(config ?? {});
  for (const [key, val] of Object.entries(copy(defaults ?? {}))) {
    if (!Object.hasOwn(out, key)) {
      if (helm === 4 && val === null) continue;
      out[key] = helm === 4 && isTable(val) ? dropNulls(val) : val;
      continue;
    }
    const value = out[key];
    if (value === null) delete out[key];
    else if (isTable(value) && isTable(val)) coalesceTables(value, helm === 4 ? dropNulls(val) : val);
  }
  return out;
}
