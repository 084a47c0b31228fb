import type { Artifact, ArtifactKind } from '../artifacts';
import type { Cloud } from '../spec';

/** How bad a finding is: errors fail `npm run check` unless an exception covers them; warnings are reported. */
export type Severity = 'error' | 'warning';

/**
 * A cloud-neutral statement the baseline guarantees, e.g. "cluster API not public". Each cloud evaluates it
 * with its own rules; the controls matrix shows it per environment and cloud.
 */
export interface Control {
  /** Kebab-case id, e.g. `cluster-api-private`. */
  readonly id: string;
  /** The statement, e.g. "Cluster API not public". */
  readonly title: string;
}

/** One thing a rule found wrong in one artifact. */
export interface Violation {
  /**
   * What is wrong, in the artifact's own terms: a CloudFormation logical id, a Terraform address
   * (`azurerm_kubernetes_cluster.aks`), or a Kubernetes object (`Deployment/payments/checkout`).
   */
  readonly resource: string;
  /** What is wrong, quoting the bad value. */
  readonly message: string;
}

/** A policy rule over synthesized artifacts. */
export interface Rule {
  /** Stable id, e.g. `K8S-PSS-RUN-AS-NON-ROOT`, `TF-AZURE-AKS-PRIVATE-API`. Exceptions refer to it. */
  readonly id: string;
  readonly severity: Severity;
  /** Ids of the controls it implements (see `CONTROLS`). */
  readonly controls: readonly string[];
  readonly description: string;
  /** What to change to comply, for the person reading the report. */
  readonly remediation: string;
  /** Which artifacts it reads. */
  readonly kind: ArtifactKind;
  /** Clouds it applies to. @default - every cloud */
  readonly clouds?: readonly Cloud[];
  /** Returns every violation in the artifact; an empty list means the artifact complies. */
  check(artifact: Artifact): Violation[];
}

/** A violation found by reading several artifacts at once, with the artifact that holds the resource. */
export interface ArtifactViolation extends Violation {
  readonly artifact: Artifact;
}

/**
 * A policy rule over every artifact of a check at once, for what no single artifact can show: that the clouds and
 * clusters of an organization agree with one another (a team's cost-center on AWS, Azure, GCP and Kubernetes).
 */
export interface CrossArtifactRule {
  /** Stable id, unique across every pack's rules. Exceptions refer to it. */
  readonly id: string;
  readonly severity: Severity;
  /** Ids of the controls it implements (see `CONTROLS`). */
  readonly controls: readonly string[];
  readonly description: string;
  /** What to change to comply, for the person reading the report. */
  readonly remediation: string;
  /** Which artifacts it reads; each environment and cloud with one of them counts as evaluated. */
  readonly kinds: readonly ArtifactKind[];
  /** Returns every violation among the artifacts (only those of its kinds are passed), each in the artifact holding it. */
  check(artifacts: readonly Artifact[]): ArtifactViolation[];
}

/** Rules grouped by what they cover, e.g. `kubernetes`, `terraform-azure`. */
export interface RulePack {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly Rule[];
  /** Rules that read every artifact together. @default - none */
  readonly crossArtifactRules?: readonly CrossArtifactRule[];
}

/**
 * An accepted, time-boxed deviation from a rule. The ledger lives in code next to the organization spec, so every
 * exception is reviewed like any other change.
 */
export interface PolicyException {
  readonly ruleId: string;
  /** The resource as a violation names it; `*` matches any characters (e.g. `Deployment/payments/*`). */
  readonly resource: string;
  /** Only in this environment. @default - every environment */
  readonly environment?: string;
  /** Why the deviation is acceptable. Required and non-empty. */
  readonly reason: string;
  /** Who answers for it (a team or a person). */
  readonly owner: string;
  /** Last day it is valid, `YYYY-MM-DD`. An expired exception fails the check. */
  readonly expires: string;
}

/** A violation with its rule and place, and the exception that covers it if any. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly controls: readonly string[];
  readonly environment: string;
  readonly cloud: Cloud;
  readonly kind: ArtifactKind;
  /** The artifact's file, relative to the synth output folder. */
  readonly file: string;
  readonly resource: string;
  readonly message: string;
  readonly remediation: string;
  /** Set when an unexpired exception covers this finding. */
  readonly exception?: PolicyException;
}
