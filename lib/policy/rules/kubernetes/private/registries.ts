/** Throws when a trusted registry prefix is malformed: it must end with `/`, or `acme.azurecr.io` would also trust `acme.azurecr.io.evil.example/`. */
export function assertRegistryPrefixes(prefixes: readonly string[]): void {
  const problems = prefixes
    .filter((p) => typeof p !== 'string' || !/^[a-z0-9][a-z0-9.-]*[a-z0-9](:[0-9]+)?\/([a-z0-9._/-]*\/)?$/.test(p))
    .map((p) => `kubernetesPack: trusted registry ${JSON.stringify(p)} is not a registry host prefix ending in '/' (expected like 111111111111.dkr.ecr.eu-west-1.amazonaws.com/ or europe-west1-docker.pkg.dev/acme-prod/)`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
}
