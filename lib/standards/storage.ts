/**
 * The StorageClass every cluster of the baseline has, encrypting its volumes with the environment's customer key
 * (`lib/platform/cluster-storage.ts`), and that the platform's own volume claims name: Prometheus and Alertmanager
 * never depend on which class the cloud marks as default.
 */
export const BASELINE_STORAGE_CLASS = 'baseline-encrypted';
