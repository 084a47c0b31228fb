import { acme } from '../../../../../examples/acme/org';
import type { Artifact } from '../../../../../lib/artifacts';
import { artifactsOf, registryPrefix, synthesizeArtifacts } from '../../../../../lib/platform';
import { imagesSignedRule } from '../../../../../lib/policy/rules/kubernetes/images-signed';
import { defineOrganization, type Organization } from '../../../../../lib/spec';

const org = defineOrganization(acme);
const registriesOf = (o: Organization) => ({ environment, cloud }: { environment: string; cloud: any }) =>
  [registryPrefix(o, o.environments.find((e) => e.name === environment)!, cloud)];
const rule = imagesSignedRule(registriesOf(org));
const addons = (artifacts: readonly Artifact[]) => artifacts.filter((a) => a.kind === 'kubernetes' && a.name.endsWith('/addons'));
const verification = (a: Artifact) => (a.document as any[]).find((o) => o.metadata?.name === 'k8s-images-signed').spec.rules[0].verifyImages[0];

describe('K8S-IMAGES-SIGNED', () => {
  test('passes on every cluster of the example, each of which ships the verification policy with Kyverno', () => {
    const clusters = addons(artifactsOf(org));
    expect(clusters).toHaveLength(9);
    expect(clusters.flatMap((a) => rule.check(a))).toEqual([]);
    // Manifests that do not install Kyverno are not where the policy ships.
    expect(artifactsOf(org).filter((a) => a.kind === 'kubernetes' && !a.name.endsWith('/addons')).flatMap((a) => rule.check(a))).toEqual([]);
  });

  test('fails on every cluster of an organization without imageSigning', () => {
    // GIVEN the example without a signer, synthesized for one cloud
    const unsigned = defineOrganization({ ...acme, imageSigning: undefined });
    const clusters = addons(synthesizeArtifacts(unsigned, { clouds: ['aws'] }));
    // WHEN / THEN each cluster names its Kyverno Application and the registry left unverified
    const violations = clusters.map((a) => imagesSignedRule(registriesOf(unsigned)).check(a));
    expect(violations).toHaveLength(3);
    expect(violations[0]).toEqual([{
      resource: 'Application/argocd/kyverno',
      message: 'installs Kyverno, but no ClusterPolicy verifies image signatures (expected a verifyImages rule over 111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme-dev/*; set imageSigning in the spec)',
    }]);
  });

  test.each<[string, (v: any) => void, string[]]>([
    ['switched to Audit', (v) => { v.failureAction = 'Audit'; }, [
      'rule "verify-signatures" verifyImages failureAction "Audit" only reports (expected "Enforce")',
      'no enforced verifyImages rule covers the registries <registry> (expected imageReferences like <registry>*)',
    ]],
    ['not required', (v) => { v.required = false; }, ['rule "verify-signatures" verifyImages required false admits images no rule verified (expected true)']],
    ['without signers', (v) => { v.attestors = [{ count: 1, entries: [] }]; }, ['rule "verify-signatures" verifyImages attestors [{"count":1,"entries":[]}] name no signer (expected at least one keyless or key entry)']],
    ['narrowed to one repository', (v) => { v.imageReferences = [`${v.imageReferences[0]}payments/*`.replace('*payments', 'payments')]; }, [
      'no enforced verifyImages rule covers the registries <registry> (expected imageReferences like <registry>*)',
    ]],
  ])('fails when the policy is %s', (_case, mutate, messages) => {
    // GIVEN the prod AWS cluster's add-ons with the verification weakened
    const prod = structuredClone(addons(artifactsOf(org)).find((a) => a.environment === 'prod' && a.cloud === 'aws')!);
    mutate(verification(prod));
    const registry = registryPrefix(org, org.environments.find((e) => e.name === 'prod')!, 'aws');
    // WHEN / THEN
    expect(rule.check(prod).map((v) => v.message)).toEqual(messages.map((m) => m.replace(/<registry>/g, registry)));
  });

  test.each<[string, string, (values: any) => void, string]>([
    ['azure', 'without its client id annotation', (v) => { delete v.admissionController.rbac.serviceAccount.annotations; },
      'the admission controller verifies signatures without a registry identity of its own on azure (service account annotations {}, pod labels {"azure.workload.identity/use":"true"}; expected admissionController.rbac.serviceAccount.annotations azure.workload.identity/client-id and admissionController.podLabels azure.workload.identity/use: "true", the identity with AcrPull on the registry)'],
    ['azure', 'without the workload identity pod label', (v) => { delete v.admissionController.podLabels; },
      'the admission controller verifies signatures without a registry identity of its own on azure (service account annotations {"baseline.io/azure-client-id-output":"workload_identity_kyverno_kyverno_admission_controller_client_id"}, pod labels {}; expected admissionController.rbac.serviceAccount.annotations azure.workload.identity/client-id and admissionController.podLabels azure.workload.identity/use: "true", the identity with AcrPull on the registry)'],
    ['gcp', 'without its Google service account', (v) => { v.admissionController.rbac.serviceAccount.annotations = {}; },
      'the admission controller verifies signatures without a registry identity of its own on gcp (service account annotations {}, pod labels {}; expected admissionController.rbac.serviceAccount.annotations iam.gke.io/gcp-service-account, a Google service account that reads the repositories)'],
  ])('fails on %s when Kyverno runs %s', (cloud, _case, mutate, message) => {
    // GIVEN the prod cluster's add-ons on that cloud, with the admission controller's identity taken away
    const prod = structuredClone(addons(artifactsOf(org)).find((a) => a.environment === 'prod' && a.cloud === cloud)!);
    const kyverno = (prod.document as any[]).find((o) => o.kind === 'Application' && o.metadata.name === 'kyverno');
    mutate(kyverno.spec.source.helm.valuesObject);
    // WHEN / THEN
    expect(rule.check(prod)).toEqual([{ resource: 'Application/argocd/kyverno', message }]);
  });
});
