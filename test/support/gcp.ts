import { GkeClusterProps } from '../../constructs/gcp';

/** A valid GkeCluster of the `acme-dev` environment, for the tests that build one or take its outputs. */
export const GKE_PROPS: GkeClusterProps = {
  namePrefix: 'acme-dev',
  project: 'acme-dev-1234',
  region: 'europe-west1',
  network: 'acme-dev-vpc',
  subnetwork: 'acme-dev-europe-west1',
  podsRangeName: 'pods',
  servicesRangeName: 'services',
};

/** A name prefix, project and region that every GCP construct refuses, in the order they are checked. */
export const BAD_PLACEMENT = { namePrefix: 'Acme_Dev', project: 'x', region: 'Europe' };

/** The messages `construct` gives for {@link BAD_PLACEMENT}, one per prop: the shared GCP name checks word them alike. */
export function badPlacementProblems(construct: string): string[] {
  return [
    `${construct}: namePrefix "Acme_Dev" is not a lowercase DNS label of at most 40 characters (expected like acme-dev)`,
    `${construct}: project "x" is not a GCP project id (expected 6 to 30 lowercase letters, digits or hyphens, starting with a letter, like acme-dev-1234)`,
    `${construct}: region "Europe" is not a GCP region (expected like europe-west1)`,
  ];
}
