import { showKey } from '../../core/show';

/** One problem in a spec: where it is, and what is wrong with it. */
export interface SpecIssue {
  /** Path into the spec, e.g. `environments[2].aws.cidr`. */
  readonly path: string;
  /** The bad value quoted, and what is expected. */
  readonly message: string;
}

/**
 * Thrown by `defineOrganization` for an invalid spec. It lists every problem at once, so a platform engineer fixes
 * them in one pass instead of one synth per typo.
 */
export class SpecValidationError extends Error {
  public readonly issues: readonly SpecIssue[];

  constructor(issues: readonly SpecIssue[]) {
    super(`Invalid organization spec (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):\n`
      + issues.map((i) => `  - ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n'));
    this.name = 'SpecValidationError';
    this.issues = issues;
  }
}

/**
 * `['environments', 2, 'aws', 'cidr']` → `environments[2].aws.cidr`; odd keys are bracketed: `tags["cost-center"]`.
 * Long keys are shortened, so a path stays readable whatever the spec holds.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    if (/^[A-Za-z_$][\w$]*$/.test(name) && name.length <= 60) return out ? `${out}.${name}` : name;
    return `${out}[${showKey(name)}]`;
  }, '');
}
