/** Label on every object this tool creates, so uninstall knows what is its own. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'probuilder-setup';
