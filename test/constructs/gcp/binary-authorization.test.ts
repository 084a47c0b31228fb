import { TerraformStack, Testing } from 'cdktf';
// Brings in the types of the matchers that Testing.setupJest() registers.
import 'cdktf/lib/testing/adapters/jest';
import { GcpBinaryAuthorization, GcpBinaryAuthorizationProps } from '../../../constructs/gcp/binary-authorization';
import { addressesOf, messageOf, onlyResource, ref, TfJson } from '../../support/terraform';

Testing.setupJest();

const KEY = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEGVAyEQurteIF0rZqlePDZcFYT2aX\nA1Uz0vn3cbdA6+1IEOLjU+hYLP8BiBMcuuMC5N6am8hWYonFIwmxhq9JdQ==\n-----END PUBLIC KEY-----\n';
const PROPS: GcpBinaryAuthorizationProps = {
  project: 'acme-prod-4821',
  namePrefix: 'acme-prod',
  attestorPublicKeysPem: [KEY],
  allowlistedImagePatterns: ['quay.io/prometheus/*', 'reg.kyverno.io/kyverno/*'],
};
const POLICY = 'google_binary_authorization_policy.BinaryAuthorization_A3AAD62C';
const ATTESTOR = 'google_binary_authorization_attestor.BinaryAuthorization_Attestor_A5552648';
const NOTE = 'google_container_analysis_note.BinaryAuthorization_Note_ADADC965';
const APIS = [
  'google_project_service.BinaryAuthorization_BinaryAuthorizationApi_6A7DFD82',
  'google_project_service.BinaryAuthorization_ContainerAnalysisApi_D5272503',
];

function synthJson(props: Partial<GcpBinaryAuthorizationProps> = {}): TfJson {
  return JSON.parse(Testing.synthScope((scope) => {
    new GcpBinaryAuthorization(scope, 'BinaryAuthorization', { ...PROPS, ...props });
  }));
}

function errorOf(props: Partial<GcpBinaryAuthorizationProps>): string {
  return messageOf(() => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    new GcpBinaryAuthorization(stack, 'BinaryAuthorization', { ...PROPS, ...props });
    app.synth();
  }, 'GcpBinaryAuthorization');
}

describe('GcpBinaryAuthorization', () => {
  test('Terraform addresses are pinned', () => {
    expect(addressesOf(synthJson())).toEqual([NOTE, ATTESTOR, POLICY, ...APIS].sort());
  });

  test('the project policy requires the attestor\'s attestation for every image and blocks without one', () => {
    // GIVEN / WHEN
    const json = synthJson();
    // THEN Google's system images pass through the global policy, the add-on images through the allowlist
    expect(onlyResource(json, 'google_binary_authorization_policy')).toEqual(expect.objectContaining({
      project: 'acme-prod-4821',
      global_policy_evaluation_mode: 'ENABLE',
      default_admission_rule: {
        evaluation_mode: 'REQUIRE_ATTESTATION',
        enforcement_mode: 'ENFORCED_BLOCK_AND_AUDIT_LOG',
        require_attestations_by: [ref(ATTESTOR, 'id')],
      },
      admission_whitelist_patterns: [{ name_pattern: 'quay.io/prometheus/*' }, { name_pattern: 'reg.kyverno.io/kyverno/*' }],
      depends_on: APIS,
    }));
  });

  test('the attestor holds the cosign key as an ECDSA P-256 PKIX key, on its Container Analysis note', () => {
    const json = synthJson();
    expect(onlyResource(json, 'google_binary_authorization_attestor')).toEqual(expect.objectContaining({
      name: 'acme-prod-image-signing',
      attestation_authority_note: {
        note_reference: ref(NOTE, 'id'),
        public_keys: [{ pkix_public_key: { public_key_pem: KEY, signature_algorithm: 'ECDSA_P256_SHA256' } }],
      },
    }));
    expect(onlyResource(json, 'google_container_analysis_note')).toEqual(expect.objectContaining({
      name: 'acme-prod-image-signing',
      attestation_authority: { hint: { human_readable_name: 'acme-prod release images signed by the organization' } },
    }));
    for (const api of APIS) expect(json.resource.google_project_service[api.split('.')[1]].disable_on_destroy).toBe(false);
  });

  test('bad props are all reported at synth, with the construct path', () => {
    expect(errorOf({
      project: 'Acme',
      attestorPublicKeysPem: ['ssh-ed25519 AAAA'],
      allowlistedImagePatterns: ['*/prometheus', 'quay.io/prometheus/*'],
    })).toEqual(expect.stringContaining([
      '[stack/BinaryAuthorization] GcpBinaryAuthorization: project "Acme" is not a GCP project id (expected 6 to 30 lowercase letters, digits or hyphens, starting with a letter, like acme-dev-1234)',
    ].join('\n')));
    const message = errorOf({ attestorPublicKeysPem: ['ssh-ed25519 AAAA'], allowlistedImagePatterns: ['*/prometheus'] });
    expect(message).toContain('GcpBinaryAuthorization: attestorPublicKeysPem[0] "ssh-ed25519 AAAA" is not a PEM public key (expected -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----, ECDSA P-256)');
    expect(message).toContain('GcpBinaryAuthorization: allowlistedImagePatterns[0] "*/prometheus" is not an image name pattern (expected registry/path with at most a trailing * or **, like quay.io/prometheus/*)');
    expect(errorOf({ attestorPublicKeysPem: [] })).toContain('GcpBinaryAuthorization: attestorPublicKeysPem is empty (expected at least one PEM public key: without one, no image could ever be admitted)');
  });

  test('with a KMS key version, the key carries the id KMS attestations name, and grantAttestation grants what attesting needs', () => {
    const version = 'projects/acme-security/locations/global/keyRings/release/cryptoKeys/cosign/cryptoKeyVersions/3';
    const json = JSON.parse(Testing.synthScope((scope) => {
      const authorization = new GcpBinaryAuthorization(scope, 'BinaryAuthorization', { ...PROPS, kmsKeyVersion: version });
      authorization.grantAttestation('payments', 'serviceAccount:ci-payments@acme-prod-4821.iam.gserviceaccount.com');
    })) as TfJson;
    expect(onlyResource(json, 'google_binary_authorization_attestor').attestation_authority_note.public_keys).toEqual([
      { id: `//cloudkms.googleapis.com/v1/${version}`, pkix_public_key: { public_key_pem: KEY, signature_algorithm: 'ECDSA_P256_SHA256' } },
    ]);
    const member = 'serviceAccount:ci-payments@acme-prod-4821.iam.gserviceaccount.com';
    expect(onlyResource(json, 'google_binary_authorization_attestor_iam_member')).toEqual({ project: 'acme-prod-4821', attestor: ref(ATTESTOR, 'name'), role: 'roles/binaryauthorization.attestorsViewer', member });
    expect(onlyResource(json, 'google_container_analysis_note_iam_member')).toEqual({ project: 'acme-prod-4821', note: ref(NOTE, 'name'), role: 'roles/containeranalysis.notes.attacher', member });
    expect(onlyResource(json, 'google_project_iam_member')).toEqual({ project: 'acme-prod-4821', role: 'roles/containeranalysis.occurrences.editor', member });
    expect(onlyResource(json, 'google_kms_crypto_key_iam_member')).toEqual({
      crypto_key_id: 'projects/acme-security/locations/global/keyRings/release/cryptoKeys/cosign', role: 'roles/cloudkms.signerVerifier', member,
    });
    expect(errorOf({ kmsKeyVersion: 'projects/acme/cryptoKeys/cosign' })).toContain(
      'GcpBinaryAuthorization: kmsKeyVersion "projects/acme/cryptoKeys/cosign" is not a Cloud KMS key version (expected projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>/cryptoKeyVersions/<n>)');
  });
});
