declare const __PKG_VERSION__: string;

/** Stamped at build time from package.json (tsup and vitest both define it). */
export const VERSION: string = __PKG_VERSION__;
