import { BinaryAuthorizationAttestor } from '@cdktf/provider-google/lib/binary-authorization-attestor';
import { BinaryAuthorizationPolicy } from '@cdktf/provider-google/lib/binary-authorization-policy';
import { ContainerAnalysisNote } from '@cdktf/provider-google/lib/container-analysis-note';
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

  constructor(scope: Construct, id: string, props: GcpBinaryAuthorizationProps) {
    super(scope, id);
    this.node.addValidation(validateProps(props));
    const { project } = props;

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
        publicKeys: props.attestorPublicKeysPem.map((pem) => ({
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
}

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
  (props.allowlistedImagePatterns ?? []).forEach((pattern, i) => {
    if (isKnown(pattern) && !NAME_PATTERN.test(pattern)) {
      problems.invalid(`allowlistedImagePatterns[${i}]`, pattern, 'is not an image name pattern', 'registry/path with at most a trailing * or **, like quay.io/prometheus/*');
    }
  });
  return problems;
}
