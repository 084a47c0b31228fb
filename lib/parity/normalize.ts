import type { Artifact, ArtifactKind } from '../artifacts';
import type { Cloud, Environment } from '../spec';
import { EnvironmentField, environmentFields } from './placeholders';
import { mapStrings, stripKeys } from './private/diff';
import { Tokenizer } from './private/tokens';

/** One resource of an artifact, addressed the way its tool addresses it, with synth noise removed. */
export interface ArtifactResource {
  /**
   * CloudFormation logical id, Terraform address (`azurerm_subnet.Network_Nodes_1A2B3C4D`, `data.x.y`,
   * `provider.google`) or Kubernetes object (`ResourceQuota/payments/team-quota`), with the environment's
   * identity values replaced by placeholders and otherwise unchanged.
   */
  readonly address: string;
  /** `AWS::EC2::NatGateway`, `azurerm_subnet`, `v1/ResourceQuota`; template sections are `(template) <Section>`. */
  readonly type: string;
  /** The logical id, address or object as synthesized, without placeholders (for reports people read). */
  readonly id?: string;
  /** The resource as synthesized (raw values), without `aws:cdk:path` metadata or cdktf `//` comments. */
  readonly body: unknown;
}

/** An artifact made comparable with the same artifact of another environment. */
export interface NormalizedArtifact {
  readonly artifact: Artifact;
  readonly kind: ArtifactKind;
  readonly cloud: Cloud;
  readonly environment: string;
  /** `aws`, `azure`, `gcp` for stacks; `aws/k8s`... for the manifests applied to that cloud's cluster. */
  readonly scope: string;
  /** The artifact name with placeholders (`acme-<<name>>-azure`): equal for the same artifact of every environment. */
  readonly key: string;
  /** Resources by address. */
  readonly resources: ReadonlyMap<string, ArtifactResource>;
}

/** The comparison scope of an artifact: its cloud, or `<cloud>/k8s` for manifests. */
export function scopeOf(artifact: Pick<Artifact, 'kind' | 'cloud'>): string {
  return artifact.kind === 'kubernetes' ? `${artifact.cloud}/k8s` : artifact.cloud;
}

/**
 * Splits an artifact into resources keyed by normalized address and strips synth noise.
 *
 * Values stay raw on purpose: a placeholder is only meaningful where two environments differ, so `compare`
 * substitutes inside the values that differ (a blind substitution would turn `/dev/xvda` into `/<<name>>/xvda`
 * in the environment called `dev`). Use `normalizeDocument` for a fully substituted copy.
 */
export function normalizeArtifact(
  artifact: Artifact,
  environment: Environment | undefined,
  tokenizer = new Tokenizer(environment ? environmentFields(environment) : []),
): NormalizedArtifact {
  const resources = new Map<string, ArtifactResource>();
  for (const r of resourcesOf(artifact)) {
    const address = tokenizer.normalize(r.address);
    if (resources.has(address)) {
      throw new Error(`normalizeArtifact: ${artifact.file} has two resources that normalize to "${address}" (expected addresses to stay distinct)`);
    }
    resources.set(address, { ...r, address, id: r.address });
  }
  return {
    artifact,
    kind: artifact.kind,
    cloud: artifact.cloud,
    environment: artifact.environment,
    scope: scopeOf(artifact),
    key: tokenizer.normalize(artifact.name),
    resources,
  };
}

/**
 * A copy of a document with every identity value of the environment (name, tier, account, subscription, project,
 * regions, zones, CIDRs, planned subnets, DR placements) and synth noise replaced by placeholders, in keys and
 * values. Knob values are not substituted here: a knob value like `3` is only recognizable where it explains a
 * difference, which `baselineShape` and `compare` do.
 */
export function normalizeDocument(document: unknown, fields: readonly EnvironmentField[]): any {
  const tokenizer = new Tokenizer(fields);
  return mapStrings(stripNoise(document), (s) => tokenizer.normalize(s));
}

/** The resources of an artifact, with raw addresses. */
export function resourcesOf(artifact: Artifact): Array<{ address: string; type: string; body: unknown }> {
  const out: Array<{ address: string; type: string; body: unknown }> = [];
  const doc = artifact.document;
  if (artifact.kind === 'cloudformation') {
    for (const [section, content] of Object.entries<any>(doc ?? {})) {
      if (section === 'Resources') {
        for (const [id, r] of Object.entries<any>(content)) {
          const body = stripNoise(r);
          if (body.Metadata && Object.keys(body.Metadata).length === 0) delete body.Metadata;
          out.push({ address: id, type: String(r.Type), body });
        }
      } else {
        out.push({ address: `(template) ${section}`, type: `(template) ${section}`, body: stripNoise(content) });
      }
    }
  } else if (artifact.kind === 'terraform') {
    for (const [block, content] of Object.entries<any>(doc ?? {})) {
      if (block === '//') continue;
      if (block === 'resource' || block === 'data') {
        for (const [type, byName] of Object.entries<any>(content)) {
          for (const [name, body] of Object.entries<any>(byName)) {
            out.push({ address: `${block === 'data' ? 'data.' : ''}${type}.${name}`, type, body: stripNoise(body) });
          }
        }
      } else if (block === 'provider' || block === 'output' || block === 'variable' || block === 'module') {
        for (const [name, body] of Object.entries<any>(content)) out.push({ address: `${block}.${name}`, type: block, body: stripNoise(body) });
      } else {
        out.push({ address: block, type: block, body: stripNoise(content) });
      }
    }
  } else {
    for (const o of (doc ?? []) as any[]) {
      const ns = o?.metadata?.namespace;
      out.push({ address: [o?.kind, ...(ns ? [ns] : []), o?.metadata?.name].join('/'), type: `${o?.apiVersion}/${o?.kind}`, body: o });
    }
  }
  return out;
}

/** `aws:cdk:path` metadata and cdktf's `//` comments record construct paths, not infrastructure. */
function stripNoise(value: unknown): any {
  return stripKeys(value, (key, parent) => key === '//' || (key === 'aws:cdk:path' && parent !== undefined));
}
