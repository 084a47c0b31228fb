import { finding, publicThingRule, testPack, tfArtifact } from './fixtures';
import { CrossArtifactRule, evaluate, Rule, validatePacks } from '../../../lib/policy';

const TODAY = new Date('2026-12-01T00:00:00Z');

describe('evaluate', () => {
  test('runs each rule over the artifacts of its kind and clouds, and records where it ran', () => {
    // GIVEN a rule limited to GCP, and artifacts on Azure and GCP with one public thing each
    const gcpOnly: Rule = { ...publicThingRule, clouds: ['gcp'] };
    const artifacts = [tfArtifact('prod', 'azure', { a: { public: true } }), tfArtifact('prod', 'gcp', { b: { public: true } })];
    // WHEN evaluating
    const result = evaluate(artifacts, [{ ...testPack, rules: [gcpOnly] }], { today: TODAY });
    // THEN only the GCP artifact is read, and the finding carries the rule, the place and the remediation
    expect(result.findings).toEqual([{
      ruleId: 'TEST-NOT-PUBLIC',
      severity: 'error',
      controls: ['registry-private'],
      environment: 'prod',
      cloud: 'gcp',
      kind: 'terraform',
      file: 'cdktf.out/stacks/acme-prod-gcp/cdk.tf.json',
      resource: 'thing.b',
      message: 'public is true (expected false)',
      remediation: 'Set public = false.',
    }]);
    expect(result.coverage).toEqual([{ ruleId: 'TEST-NOT-PUBLIC', controls: ['registry-private'], environment: 'prod', cloud: 'gcp' }]);
    expect(result.errors).toHaveLength(1);
    expect(result.passed).toBe(false);
  });

  test('passes when there are only warnings', () => {
    const warning: Rule = { ...publicThingRule, severity: 'warning' };
    const result = evaluate([tfArtifact('dev', 'azure', { a: { public: true } })], [{ ...testPack, rules: [warning] }], { today: TODAY });
    expect(result.findings).toHaveLength(1);
    expect(result.errors).toEqual([]);
    expect(result.passed).toBe(true);
  });

  test('takes extra findings (e.g. cdk-nag) before exceptions, and counts them as coverage', () => {
    // GIVEN a finding from another engine and an exception for it
    const nag = finding();
    const result = evaluate([], [], {
      today: TODAY,
      extraFindings: [nag],
      exceptions: [{ ruleId: 'NAG-TEST', resource: 'Cluster', reason: 'Accepted for the migration.', owner: 'platform-team', expires: '2026-12-31' }],
    });
    // THEN the ledger covers it like any other finding
    expect(result.findings).toEqual([{ ...nag, exception: expect.objectContaining({ ruleId: 'NAG-TEST' }) }]);
    expect(result.passed).toBe(true);
    expect(result.coverage).toEqual([{ ruleId: 'NAG-TEST', controls: ['cluster-api-private'], environment: 'prod', cloud: 'aws' }]);
  });

  test('a rule that throws is an error finding of that rule, and the others still run', () => {
    const crashing: Rule = { ...publicThingRule, id: 'TEST-CRASH', check: () => { throw new Error('boom'); } };
    const result = evaluate([tfArtifact('dev', 'azure', { a: { public: true } })], [{ ...testPack, rules: [crashing, publicThingRule] }], { today: TODAY });
    expect(result.errors.map((f) => [f.ruleId, f.resource, f.message])).toEqual([
      ['TEST-CRASH', 'acme-dev-azure', 'rule failed to run: boom'],
      ['TEST-NOT-PUBLIC', 'thing.a', 'public is true (expected false)'],
    ]);
  });

  test('findings are sorted by environment, cloud, file, rule and resource', () => {
    const artifacts = [tfArtifact('prod', 'gcp', { z: { public: true }, a: { public: true } }), tfArtifact('dev', 'gcp', { m: { public: true } })];
    const result = evaluate(artifacts, [testPack], { today: TODAY });
    expect(result.findings.map((f) => `${f.environment} ${f.resource}`)).toEqual(['dev thing.m', 'prod thing.a', 'prod thing.z']);
  });
});

describe('evaluate with cross-artifact rules', () => {
  // A rule over every artifact at once: a thing that is public in one environment must be public in all.
  const sameEverywhere: CrossArtifactRule = {
    id: 'TEST-SAME',
    severity: 'error',
    controls: ['registry-private'],
    description: 'Same everywhere.',
    remediation: 'Align.',
    kinds: ['terraform'],
    check: (artifacts) => {
      const publicAnywhere = new Set(artifacts.flatMap((a) => Object.entries<any>(a.document.resource.thing)
        .filter(([, b]) => b.public).map(([n]) => n)));
      return artifacts.flatMap((artifact) => Object.entries<any>(artifact.document.resource.thing)
        .filter(([name, b]) => publicAnywhere.has(name) && !b.public)
        .map(([name]) => ({ artifact, resource: `thing.${name}`, message: 'private here, public elsewhere' })));
    },
  };

  test('reads every artifact of its kinds together, reports each violation in its own artifact, and covers every environment and cloud it read', () => {
    const artifacts = [tfArtifact('dev', 'azure', { a: { public: false } }), tfArtifact('prod', 'gcp', { a: { public: true } })];
    const result = evaluate(artifacts, [{ name: 'x', description: 'x', rules: [], crossArtifactRules: [sameEverywhere] }], { today: TODAY });
    expect(result.errors.map((f) => [f.ruleId, f.environment, f.cloud, f.file, f.resource])).toEqual([
      ['TEST-SAME', 'dev', 'azure', 'cdktf.out/stacks/acme-dev-azure/cdk.tf.json', 'thing.a'],
    ]);
    expect(result.coverage.map((c) => `${c.ruleId} ${c.environment}/${c.cloud}`).sort()).toEqual(['TEST-SAME dev/azure', 'TEST-SAME prod/gcp']);
  });

  test('a cross-artifact rule that throws is an error finding of that rule', () => {
    const crashing: CrossArtifactRule = { ...sameEverywhere, check: () => { throw new Error('boom'); } };
    const result = evaluate([tfArtifact('dev', 'azure', {})], [{ name: 'x', description: 'x', rules: [], crossArtifactRules: [crashing] }], { today: TODAY });
    expect(result.errors.map((f) => [f.ruleId, f.resource, f.message])).toEqual([['TEST-SAME', '(all artifacts)', 'rule failed to run: boom']]);
  });

  test('validatePacks holds cross-artifact rules to the same unique ids and known controls', () => {
    const clash: CrossArtifactRule = { ...sameEverywhere, id: 'TEST-NOT-PUBLIC', controls: ['nope'] };
    expect(() => validatePacks([testPack, { name: 'cross', description: 'x', rules: [], crossArtifactRules: [clash] }])).toThrow(new RegExp([
      'rule "TEST-NOT-PUBLIC" of pack "cross" is already defined by pack "test" \\(expected unique rule ids\\)\n',
      'rule "TEST-NOT-PUBLIC" names control "nope"',
    ].join('')));
  });
});

describe('validatePacks', () => {
  test('reports duplicate rule ids and unknown controls, all at once', () => {
    const unknownControl: Rule = { ...publicThingRule, id: 'TEST-OTHER', controls: ['no-such-control'] };
    expect(() => validatePacks([testPack, { ...testPack, name: 'again', rules: [publicThingRule, unknownControl] }])).toThrow(new RegExp([
      '^evaluate: invalid rule packs:\n',
      'rule "TEST-NOT-PUBLIC" of pack "again" is already defined by pack "test" \\(expected unique rule ids\\)\n',
      'rule "TEST-OTHER" names control "no-such-control", which is not in CONTROLS \\(expected one of cluster-api-private, ',
    ].join('')));
  });
});
