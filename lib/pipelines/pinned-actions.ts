/**
 * Every third-party action a generated workflow uses, pinned by the full commit SHA of a release.
 *
 * A tag can be moved to other code by whoever controls the action's repository; a commit cannot. Each SHA was
 * taken from public workflows that pin the same release, never typed from a tag. To upgrade, change the SHA and
 * the version together: the tests check both are present and well formed, and `ci.out` changes visibly in review.
 */
export interface PinnedAction {
  /** `owner/repository`. */
  readonly repository: string;
  /** Full 40-character commit SHA of the release. */
  readonly sha: string;
  /** The release the SHA is, for readers (written as a comment next to the `uses:`). */
  readonly version: string;
}

function pin(repository: string, sha: string, version: string): PinnedAction {
  return { repository, sha, version };
}

/** The actions of the generated workflows. */
export const PINNED_ACTIONS = {
  checkout: pin('actions/checkout', '11bd71901bbe5b1630ceea73d27597364c9af683', 'v4.2.2'),
  setupNode: pin('actions/setup-node', '49933ea5288caeca8642d1e84afbd3f7d6820020', 'v4.4.0'),
  uploadArtifact: pin('actions/upload-artifact', 'ea165f8d65b6e75b540449e92b4886f43607fa02', 'v4.6.2'),
  downloadArtifact: pin('actions/download-artifact', 'd3f86a106a0bac45b974a628896c90dbdf5c8093', 'v4.3.0'),
  createGitHubAppToken: pin('actions/create-github-app-token', 'df432ceedc7162793a195dd1713ff69aefc7379e', 'v2.0.6'),
  setupBuildx: pin('docker/setup-buildx-action', 'e468171a9de216ec08956ac3ada2f0791b6bd435', 'v3.11.1'),
  buildPush: pin('docker/build-push-action', '263435318d21b8e681c14492fe198d362a7d2c83', 'v6.18.0'),
  trivy: pin('aquasecurity/trivy-action', '57a97c7e7821a5776cebc9bb87c984fa69cba8f1', 'v0.35.0'),
  cosignInstaller: pin('sigstore/cosign-installer', 'd58896d6a1865668819e1d91763c7751a165e159', 'v3.9.2'),
  awsCredentials: pin('aws-actions/configure-aws-credentials', 'e3dd6a429d7300a6a4c196c26e071d42e0343502', 'v4.0.2'),
  azureLogin: pin('azure/login', 'a457da9ea143d694b1b9c7c869ebb04ebe844ef5', 'v2.3.0'),
  googleAuth: pin('google-github-actions/auth', 'ba79af03959ebeac9769e648f473a284504d9193', 'v2.1.10'),
} as const;

/** The `uses:` value of a pinned action. */
export function uses(action: PinnedAction): string {
  return `${action.repository}@${action.sha}`;
}
