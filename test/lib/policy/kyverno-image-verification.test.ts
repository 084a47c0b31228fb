import { kyvernoImageVerificationPolicy, SIGSTORE_REKOR_URL } from '../../../lib/policy/kyverno-image-verification';
import { crdSchemaProblems } from '../../support/crd-schema';

const KEY = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEGVAyEQurteIF0rZqlePDZcFYT2aX\nA1Uz0vn3cbdA6+1IEOLjU+hYLP8BiBMcuuMC5N6am8hWYonFIwmxhq9JdQ==\n-----END PUBLIC KEY-----\n';
const KEYLESS = { issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/acme/*' };
const REGISTRY = '333333333333.dkr.ecr.eu-central-1.amazonaws.com/acme-prod/';
const EXCLUDED = ['argocd', 'kube-system', 'kyverno'];

describe('kyvernoImageVerificationPolicy', () => {
  test('verifies every image of the registries at Pod admission, in Enforce, required, digest pinned', () => {
    // GIVEN / WHEN
    const policy = kyvernoImageVerificationPolicy({ signing: { keyless: KEYLESS, publicKey: KEY }, registries: [REGISTRY], cloud: 'aws', excludedNamespaces: EXCLUDED });
    // THEN
    expect(policy.metadata.name).toBe('k8s-images-signed');
    expect(policy.metadata.annotations['pod-policies.kyverno.io/autogen-controllers']).toBe('none');
    expect(policy.spec.webhookConfiguration).toEqual({ failurePolicy: 'Fail', timeoutSeconds: 30 });
    const [rule] = policy.spec.rules as any[];
    expect(rule.match).toEqual({ any: [{ resources: { kinds: ['Pod'] } }] });
    expect(rule.exclude).toEqual({ any: [{ resources: { namespaces: EXCLUDED } }] });
    expect(rule.verifyImages).toEqual([{
      imageReferences: [`${REGISTRY}*`],
      failureAction: 'Enforce',
      type: 'Cosign',
      required: true,
      mutateDigest: true,
      verifyDigest: false,
      useCache: true,
      imageRegistryCredentials: { providers: ['amazon'] },
      attestors: [{
        count: 1,
        entries: [
          { keyless: { ...KEYLESS, rekor: { url: SIGSTORE_REKOR_URL } } },
          { keys: { publicKeys: KEY, signatureAlgorithm: 'sha256', rekor: { url: SIGSTORE_REKOR_URL } } },
        ],
      }],
    }]);
  });

  test('each cloud reads signatures with its own registry credentials', () => {
    const providers = (['aws', 'azure', 'gcp'] as const).map((cloud) => (kyvernoImageVerificationPolicy({
      signing: { publicKey: KEY }, registries: [REGISTRY], cloud, excludedNamespaces: [],
    }).spec.rules as any[])[0].verifyImages[0].imageRegistryCredentials.providers);
    expect(providers).toEqual([['amazon'], ['azure'], ['google']]);
  });

  test('a policy without registries or signers cannot be made', () => {
    expect(() => kyvernoImageVerificationPolicy({ signing: { publicKey: KEY }, registries: [], cloud: 'gcp', excludedNamespaces: [] })).toThrow(
      'kyvernoImageVerificationPolicy: registries is empty on gcp (expected at least one registry prefix, like 111111111111.dkr.ecr.eu-west-1.amazonaws.com/)',
    );
    expect(() => kyvernoImageVerificationPolicy({ signing: {}, registries: [REGISTRY], cloud: 'aws', excludedNamespaces: [] })).toThrow(
      'kyvernoImageVerificationPolicy: signing names no signer on aws (expected keyless, publicKey or both)',
    );
  });

  test('keyless, key and both validate against the Kyverno CRD schema; a broken one does not', () => {
    // GIVEN the three shapes on the three clouds, and one with an invalid failure action
    const policies = (['aws', 'azure', 'gcp'] as const).flatMap((cloud, i) => [{ keyless: KEYLESS }, { publicKey: KEY }, { keyless: KEYLESS, publicKey: KEY }]
      .map((signing, j) => {
        const p = kyvernoImageVerificationPolicy({ signing, registries: [REGISTRY], cloud, excludedNamespaces: EXCLUDED });
        return { ...p, metadata: { ...p.metadata, name: `p-${i}-${j}` } };
      }));
    const base = policies[0] as any;
    const broken = { ...base, metadata: { ...base.metadata, name: 'broken' }, spec: { ...base.spec, rules: [{ ...base.spec.rules[0], verifyImages: [{ ...base.spec.rules[0].verifyImages[0], failureAction: 'Block' }] }] } };
    // WHEN validated offline / THEN only the broken one has a problem
    expect(crdSchemaProblems([...policies, broken])).toEqual([
      'kyverno.io/v1 ClusterPolicy "broken": data/spec/rules/0/verifyImages/0/failureAction must be equal to one of the allowed values',
    ]);
  });
});
