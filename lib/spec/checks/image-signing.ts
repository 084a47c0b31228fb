import { createPublicKey } from 'node:crypto';
import { formatPath, SpecIssue } from '../errors';

const PEM = /^\s*-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/;

/**
 * Rules of `imageSigning` beyond single fields: it names at least one way of signing; its public key is one that
 * both cosign and Binary Authorization verify (ECDSA P-256, SHA-256); and environments on GCP have the key, because
 * Binary Authorization attestors take PKIX keys and cannot check a keyless identity.
 */
export function imageSigningIssues(spec: any): SpecIssue[] {
  const signing = spec?.imageSigning;
  if (signing === null || typeof signing !== 'object' || Array.isArray(signing)) return [];
  const issues: SpecIssue[] = [];
  if (signing.keyless === undefined && signing.publicKey === undefined) {
    issues.push({
      path: formatPath(['imageSigning']),
      message: 'names no signer (expected keyless, publicKey or both: without one, no image could ever be admitted)',
    });
  }
  if (typeof signing.publicKey === 'string' && PEM.test(signing.publicKey)) {
    const problem = publicKeyProblem(signing.publicKey);
    if (problem) issues.push({ path: formatPath(['imageSigning', 'publicKey']), message: problem });
  }
  if (signing.gcpKmsKeyVersion !== undefined && signing.publicKey === undefined) {
    issues.push({
      path: formatPath(['imageSigning', 'publicKey']),
      message: 'is required with gcpKmsKeyVersion (expected the key version\'s public key, PEM: `gcloud kms keys versions get-public-key`; the clusters verify with it, offline)',
    });
  }
  const environments: any[] = Array.isArray(spec.environments) ? spec.environments : [];
  const onGcp = environments.filter((e) => e?.gcp !== undefined && e?.gcp !== null).map((e) => e?.name);
  if (onGcp.length > 0 && signing.publicKey === undefined && signing.keyless !== undefined) {
    issues.push({
      path: formatPath(['imageSigning', 'publicKey']),
      message: `is required because ${onGcp.map((n) => JSON.stringify(n)).join(', ')} ${onGcp.length === 1 ? 'runs' : 'run'} on GCP (expected the cosign public key, PEM ECDSA P-256: GKE's Binary Authorization attestor verifies a PKIX key, not a keyless identity)`,
    });
  }
  return issues;
}

/** Why the PEM text is not an ECDSA P-256 public key, or undefined when it is one. */
function publicKeyProblem(pem: string): string | undefined {
  let key;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    return 'does not parse as a public key (expected the content of cosign.pub, an ECDSA P-256 key in PEM)';
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    const found = key.asymmetricKeyType === 'ec' ? `an EC key on ${curve}` : `a ${String(key.asymmetricKeyType).toUpperCase()} key`;
    return `is ${found} (expected ECDSA P-256, what cosign generate-key-pair writes: Binary Authorization verifies it as ECDSA_P256_SHA256)`;
  }
  return undefined;
}
