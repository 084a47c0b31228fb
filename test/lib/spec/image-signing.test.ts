import { generateKeyPairSync } from 'node:crypto';
import { acme as example } from '../../../examples/acme/org';
import { defineOrganization, SpecValidationError, type OrganizationSpec } from '../../../lib/spec';

function issues(spec: unknown): string[] {
  try {
    defineOrganization(spec as OrganizationSpec);
  } catch (e) {
    if (e instanceof SpecValidationError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

/** A PEM public key of the given kind, made fresh so the test pins no key material. */
function publicKey(kind: 'p256' | 'p384' | 'rsa'): string {
  const { publicKey: key } = kind === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: kind === 'p256' ? 'prime256v1' : 'secp384r1' });
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

// The example without generated pipelines: the rules that tie the signers to delivery.github's workflows are
// test/lib/spec/delivery.test.ts's.
const acme: OrganizationSpec = { ...example, delivery: { gitopsRepoUrl: example.delivery!.gitopsRepoUrl } };
const withoutGcp: OrganizationSpec = { ...acme, environments: acme.environments.map(({ gcp: _gcp, ...env }) => env) };

describe('spec: imageSigning', () => {
  test('the example signs keyless and with a key, and resolves both', () => {
    // GIVEN the example  WHEN resolved  THEN the organization carries both signers
    const signing = defineOrganization(acme).imageSigning!;
    expect(signing.keyless).toEqual({ issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/acme/*' });
    expect(signing.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  test('without imageSigning the organization resolves without it (the policy check reports the gap)', () => {
    expect(defineOrganization({ ...acme, imageSigning: undefined }).imageSigning).toBeUndefined();
  });

  test('a keyless signer alone is enough where no environment is on GCP', () => {
    const org = defineOrganization({ ...withoutGcp, imageSigning: { keyless: { issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/acme/*' } } });
    expect(org.imageSigning).toEqual({ keyless: { issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/acme/*' } });
  });

  test('GCP needs the public key: Binary Authorization cannot check a keyless identity', () => {
    expect(issues({ ...acme, imageSigning: { keyless: { issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/acme/*' } } })).toEqual([
      'imageSigning.publicKey: is required because "dev", "staging", "prod" run on GCP (expected the cosign public key, PEM ECDSA P-256: GKE\'s Binary Authorization attestor verifies a PKIX key, not a keyless identity)',
    ]);
  });

  test('a P-256 key is accepted; other keys are refused with what they are', () => {
    expect(issues({ ...acme, imageSigning: { publicKey: publicKey('p256') } })).toEqual([]);
    expect(issues({ ...acme, imageSigning: { publicKey: publicKey('rsa') } })).toEqual([
      'imageSigning.publicKey: is a RSA key (expected ECDSA P-256, what cosign generate-key-pair writes: Binary Authorization verifies it as ECDSA_P256_SHA256)',
    ]);
    expect(issues({ ...acme, imageSigning: { publicKey: '-----BEGIN PUBLIC KEY-----\nMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEhTvw20LisMCrNHXs/Z6Q1ZKESAZzM+ut\nnH8RpKKLjTXOu+a4Kz0himMvNSbrBUwu11jpmWNVgZ3Wukl9oh+ddLLMh1uCLMg4\nmdmJeHbN7kayTsk2IobGHTK/GYVx+4T8\n-----END PUBLIC KEY-----' } })).toEqual([
      'imageSigning.publicKey: is an EC key on secp384r1 (expected ECDSA P-256, what cosign generate-key-pair writes: Binary Authorization verifies it as ECDSA_P256_SHA256)',
    ]);
  });

  test('every problem at once, each with its path, the value and what is expected', () => {
    expect(issues({
      ...withoutGcp,
      imageSigning: {
        keyless: { issuer: 'http://issuer.example', subject: '**' },
        publicKey: '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n',
      },
    })).toEqual([
      'imageSigning.keyless.issuer: "http://issuer.example" is not an OIDC issuer URL (expected https://..., like https://token.actions.githubusercontent.com)',
      'imageSigning.keyless.subject: "**" is not a signer identity (expected the certificate subject, like https://github.com/acme/*; "*" matches any characters)',
      'imageSigning.publicKey: does not parse as a public key (expected the content of cosign.pub, an ECDSA P-256 key in PEM)',
    ]);
    expect(issues({ ...withoutGcp, imageSigning: { keyless: { issuer: 'https://issuer.example', subject: '*****' }, publicKey: 'ssh-ed25519 AAAA' } })).toEqual([
      'imageSigning.keyless.subject: "*****" trusts any signer (expected an identity with at most a "*" for the parts that vary, like https://github.com/acme/*)',
      'imageSigning.publicKey: "ssh-ed25519 AAAA" is not a PEM public key (expected the content of cosign.pub, -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)',
    ]);
  });

  test('an empty imageSigning names no signer', () => {
    expect(issues({ ...withoutGcp, imageSigning: {} })).toEqual([
      'imageSigning: names no signer (expected keyless, publicKey or both: without one, no image could ever be admitted)',
    ]);
  });
});
