/** Artifact Registry multi-regions: a repository there is replicated by Google across the regions it spans. */
export const MULTI_REGIONS = ['asia', 'europe', 'us'] as const;

/** The Artifact Registry multi-region holding both regions, if any. */
export function sharedMultiRegion(region: string, drRegion: string): string | undefined {
  return MULTI_REGIONS.find((m) => region.startsWith(`${m}-`) && drRegion.startsWith(`${m}-`));
}

/**
 * The image host of a registry placed in `region` (with an optional DR region): the region's, or the shared
 * multi-region's when a DR region is given. Pure, so manifests built in another app can use it without loading
 * the google provider.
 */
export function artifactRegistryImageHost(region: string, drRegion?: string): string {
  const location = drRegion === undefined ? region : sharedMultiRegion(region, drRegion) ?? region;
  return `${location}-docker.pkg.dev`;
}
