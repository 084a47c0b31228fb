import type { Artifact } from '../artifacts';
import { CLOUDFORMATION_DATA_HOLDERS } from './stateful';
import type { ChangeKind, ResourceChange } from './types';

/**
 * The changes between two versions of a CloudFormation template, by aws-cdk's own diff: the same replacement
 * analysis `cdk diff` prints (from the CloudFormation resource specification's update behaviours).
 */
export function diffTemplates(before: Artifact | undefined, after: Artifact | undefined): ResourceChange[] {
  // Loaded on first use: the service specification it reads is large.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cfnDiff = require('@aws-cdk/cloudformation-diff') as typeof import('@aws-cdk/cloudformation-diff');
  const some = (after ?? before)!;
  const diff = cfnDiff.fullDiff(before?.document ?? {}, after?.document ?? {});
  const changes: ResourceChange[] = [];
  diff.resources.forEachDifference((logicalId, d) => {
    if (!d.isDifferent) return;
    const type = (d.newResourceType ?? d.oldResourceType)!;
    const holder = CLOUDFORMATION_DATA_HOLDERS[type];
    const impact = d.changeImpact;
    let change: ChangeKind;
    if (d.isAddition) change = 'add';
    else if (d.isRemoval) change = 'remove';
    else if (impact === cfnDiff.ResourceImpact.WILL_REPLACE || impact === cfnDiff.ResourceImpact.MAY_REPLACE) change = 'replace';
    else change = 'modify';
    const attributes = Object.entries(d.propertyUpdates)
      .sort(([, a], [, b]) => rank(b.changeImpact) - rank(a.changeImpact))
      .map(([name]) => name);
    for (const [name, update] of Object.entries(d.otherChanges)) if (update.isDifferent) attributes.push(name);
    // A removed resource with DeletionPolicy Retain is orphaned: it stays, with its data, outside the stack.
    const orphaned = d.isRemoval && impact === cfnDiff.ResourceImpact.WILL_ORPHAN;
    changes.push({
      kind: 'cloudformation',
      cloud: 'aws',
      environment: some.environment,
      artifact: some.name,
      address: logicalId,
      type,
      change,
      attributes,
      ...(holder ? { holds: holder.holds } : {}),
      destructive: holder !== undefined && (change === 'replace' || (change === 'remove' && !orphaned)),
    });
  });
  return changes;

  function rank(impact: unknown): number {
    return impact === cfnDiff.ResourceImpact.WILL_REPLACE ? 2 : impact === cfnDiff.ResourceImpact.MAY_REPLACE ? 1 : 0;
  }
}
