import { BinaryAuthorizationAttestor } from '@cdktf/provider-google/lib/binary-authorization-attestor';
import { BinaryAuthorizationAttestorIamMember } from '@cdktf/provider-google/lib/binary-authorization-attestor-iam-member';
import { BinaryAuthorizationPolicy } from '@cdktf/provider-google/lib/binary-authorization-policy';
import { ContainerAnalysisNote } from '@cdktf/provider-google/lib/container-analysis-note';
import { ContainerAnalysisNoteIamMember } from '@cdktf/provider-google/lib/container-analysis-note-iam-member';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { Construct } from 'constructs';
import { gcpResourceName } from './private/names';
import { checkPlacement, isKnown } from './private/placement';
import { Problems } from '../../core/problems';

/** Properties of a {@link GcpBinaryAuthorization}. */
export interface GcpBinaryAuthorizationProps {
  /** GCP project id: Binary Authorization has one policy per project, which every GKE cluster there enforces. */
  readonly project: string;
  /** Prefix of the note and attestor names, e.g. `acme-prod`. */
  readonly namePrefix: string;
  /**
   * PEM public keys (ECDSA P-256) whose attestations admit an image: the organization's cosign key. An image needs
   * an attestation by the attestor, signed with one of them. At least one.
   */
  readonly attestorPublicKeysPem: readonly string[];
  /**
   * Image name patterns admitted without an attestation, in Binary Authorization's syntax
   * (`quay.io/prometheus/*`; a trailing `*` matches within a path, `**` below it): the vendor images of the
   * platform's pinned add-ons, which the organization does not sign. Google's own GKE system images are admitted
   * by the global policy, not by this list.
   * @default [] - every image needs an attestation
   */
  readonly allowlistedImagePatterns?: readonly string[];
  /**
   * The Cloud KMS key version holding the private half of the first of `attestorPublicKeysPem`
   * (`projects/.../cryptoKeys/<key>/cryptoKeyVersions/<n>`). That key then carries the id
   * `//cloudkms.googleapis.com/v1/<key version>`, the id an attestation signed with the KMS key names
   * (`gcloud beta container binauthz attestations sign-and-create`), and {@link GcpBinaryAuthorization.grantAttestation}
   * also grants signing with it.
   * @default - the first key gets the id Binary Authorization computes; attestations are signed outside KMS
   */
  readonly kmsKeyVersion?: string;
}

/**
 * Binary Authorization for every GKE cluster of a project: the project's policy requires an attestation by the
 * organization's attestor for every image, blocks (and audit-logs) any pod without one, and admits Google's GKE
 * system images through the Google-maintained global policy. The attestor holds the organization's cosign public
 * key; its note lives in Container Analysis, where attestations are stored.
 *
 * Clusters enforce it with `binary_authorization.evaluation_mode = PROJECT_SINGLETON_POLICY_ENFORCE` (GkeCluster
 * sets it). The policy is a project singleton: destroying it restores Google's default, which admits everything.
 * It also enables the Binary Authorization and Container Analysis APIs (left on at destroy).
 *
 * CI attests a release after signing it: `gcloud container binauthz create-signature-payload --artifact-url=IMAGE@DIGEST`,
 * sign the payload with the cosign key, then `gcloud container binauthz attestations create ... --attestor=<attestor>
 * --signature-file=... --public-key-id=<the key's id in the attestor>`.
 */
export class GcpBinaryAuthorization extends Construct {
  /** The project policy. */
  public readonly resource: BinaryAuthorizationPolicy;
  /** The attestor; its `id` is `projects/<project>/attestors/<name>`. */
  public readonly attestor: BinaryAuthorizationAttestor;
  /** The Container Analysis note the attestations are occurrences of. */
  public readonly note: ContainerAnalysisNote;

  private readonly project: string;
  private readonly kmsKeyVersion?: string;

  constructor(scope: Construct, id: string, props: GcpBinaryAuthorizationProps) {
    super(scope, id);
    this.node.addValidation(validateProps(props));
    const { project } = props;
    this.project = project;
    this.kmsKeyVersion = props.kmsKeyVersion;

    // Turning an API off breaks whatever else in the project uses it; they stay on.
    const apis = [
      new ProjectService(this, 'BinaryAuthorizationApi', { project, service: 'binaryauthorization.googleapis.com', disableOnDestroy: false }),
      new ProjectService(this, 'ContainerAnalysisApi', { project, service: 'containeranalysis.googleapis.com', disableOnDestroy: false }),
    ];
    const name = gcpResourceName(props.namePrefix, 'image-signing');
    this.note = new ContainerAnalysisNote(this, 'Note', {
      project,
      name,
      attestationAuthority: { hint: { humanReadableName: `${props.namePrefix} release images signed by the organization` } },
      dependsOn: apis,
    });
    this.attestor = new BinaryAuthorizationAttestor(this, 'Attestor', {
      project,
      name,
      description: 'Release images signed in CI with the organization\'s cosign key.',
      attestationAuthorityNote: {
        noteReference: this.note.id,
        publicKeys: props.attestorPublicKeysPem.map((pem, i) => ({
          ...(i === 0 && props.kmsKeyVersion !== undefined && { id: `//cloudkms.googleapis.com/v1/${props.kmsKeyVersion}` }),
          pkixPublicKey: { publicKeyPem: pem, signatureAlgorithm: 'ECDSA_P256_SHA256' },
        })),
      },
    });
    const rule = {
      evaluationMode: 'REQUIRE_ATTESTATION',
      enforcementMode: 'ENFORCED_BLOCK_AND_AUDIT_LOG',
      requireAttestationsBy: [this.attestor.id],
    };
    this.resource = new BinaryAuthorizationPolicy(this, 'Resource', {
      project,
      description: 'Only images attested by the organization run, except Google\'s GKE system images and the listed add-on images.',
      globalPolicyEvaluationMode: 'ENABLE',
      defaultAdmissionRule: rule,
      admissionWhitelistPatterns: (props.allowlistedImagePatterns ?? []).map((namePattern) => ({ namePattern })),
      dependsOn: apis,
    });
  }

  /**
   * Lets `member` (a CI service account, `serviceAccount:...`) attest images: read the attestor, attach occurrences to
   * its note, create them in the project (`roles/containeranalysis.occurrences.editor`, which has no narrower
   * scope), and, with `kmsKeyVersion`, sign with that key (`roles/cloudkms.signerVerifier` on its crypto key).
   * `id` names the grant's constructs.
   */
  public grantAttestation(id: string, member: string): void {
    const scope = new Construct(this, `Attester-${id}`);
    new BinaryAuthorizationAttestorIamMember(scope, 'AttestorViewer', {
      project: this.project,
      attestor: this.attestor.name,
      role: 'roles/binaryauthorization.attestorsViewer',
      member,
    });
    new ContainerAnalysisNoteIamMember(scope, 'NoteAttacher', {
      project: this.project,
      note: this.note.name,
      role: 'roles/containeranalysis.notes.attacher',
      member,
    });
    new ProjectIamMember(scope, 'OccurrencesEditor', {
      project: this.project,
      role: 'roles/containeranalysis.occurrences.editor',
      member,
    });
    if (this.kmsKeyVersion !== undefined) {
      new KmsCryptoKeyIamMember(scope, 'Signer', {
        cryptoKeyId: this.kmsKeyVersion.replace(/\/cryptoKeyVersions\/[^/]+$/, ''),
        role: 'roles/cloudkms.signerVerifier',
        member,
      });
    }
  }
}

const KMS_KEY_VERSION = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+\/cryptoKeyVersions\/\d+$/;
const PEM = /^\s*-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/;
// Binary Authorization: the registry part cannot hold a wildcard; a trailing * or ** only.
const NAME_PATTERN = /^[a-z0-9][a-z0-9.-]*(:[0-9]+)?\/[A-Za-z0-9._/-]+(\*\*|\*)?$/;

function validateProps(props: GcpBinaryAuthorizationProps): Problems {
  const problems = new Problems('GcpBinaryAuthorization');
  checkPlacement(problems, props);
  if (props.attestorPublicKeysPem.length === 0) {
    problems.push('attestorPublicKeysPem is empty (expected at least one PEM public key: without one, no image could ever be admitted)');
  }
  props.attestorPublicKeysPem.forEach((pem, i) => {
    if (isKnown(pem) && !PEM.test(pem)) {
      problems.invalid(`attestorPublicKeysPem[${i}]`, pem, 'is not a PEM public key', '-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----, ECDSA P-256');
    }
  });
  if (props.kmsKeyVersion !== undefined && isKnown(props.kmsKeyVersion) && !KMS_KEY_VERSION.test(props.kmsKeyVersion)) {
    problems.invalid('kmsKeyVersion', props.kmsKeyVersion, 'is not a Cloud KMS key version', 'projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>/cryptoKeyVersions/<n>');
  }
  (props.allowlistedImagePatterns ?? []).forEach((pattern, i) => {
    if (isKnown(pattern) && !NAME_PATTERN.test(pattern)) {
      problems.invalid(`allowlistedImagePatterns[${i}]`, pattern, 'is not an image name pattern', 'registry/path with at most a trailing * or **, like quay.io/prometheus/*');
    }
  });
  return problems;
}
