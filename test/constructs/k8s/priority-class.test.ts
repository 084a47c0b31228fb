import { Testing } from 'cdk8s';
import { WorkloadPriorityClass } from '../../../constructs/k8s';
import { crdSchemaProblems } from '../../support/crd-schema';
import { chartProblemsOf, PLATFORM_LABELS } from '../../support/k8s';

describe('WorkloadPriorityClass', () => {
  test('is a PriorityClass that preempts lower ones and is never the global default', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const priorityClass = new WorkloadPriorityClass(chart, 'Platform', { name: 'baseline-platform', value: 1_000_000, description: 'Platform add-ons.', labels: PLATFORM_LABELS });
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests).toEqual([{
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'baseline-platform', labels: PLATFORM_LABELS },
      value: 1_000_000,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
      description: 'Platform add-ons.',
    }]);
    expect(priorityClass.node.defaultChild).toBe(priorityClass.apiObject);
    expect(priorityClass.apiObject.node.id).toBe('Resource');
    expect(priorityClass.name).toBe('baseline-platform');
    expect(crdSchemaProblems(manifests)).toEqual([]);
  });

  test('a reserved or malformed name and a value in the system range are all reported', () => {
    const problems = chartProblemsOf('Bad', (chart) => {
      new WorkloadPriorityClass(chart, 'Bad', { name: 'system-mine', value: 2_000_000_000, labels: { 'bad key': 'x' } });
    });
    expect(problems).toBe([
      'WorkloadPriorityClass "system-mine": name "system-mine" is not a priority class name (expected a DNS subdomain not starting with "system-", which Kubernetes reserves, like baseline-platform)',
      'WorkloadPriorityClass "system-mine": value 2000000000 is not a priority (expected an integer from -2147483648 to 1000000000; above is reserved for the system classes)',
      'WorkloadPriorityClass "system-mine": labels key "bad key" is not a Kubernetes label key (expected an optional DNS subdomain and \'/\', then 1-63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit, like cost-center)',
    ].join('\n'));
  });

  test('a fractional value is refused', () => {
    expect(chartProblemsOf('Half', (chart) => new WorkloadPriorityClass(chart, 'Half', { name: 'half', value: 0.5 }))).toBe(
      'WorkloadPriorityClass "half": value 0.5 is not a priority (expected an integer from -2147483648 to 1000000000; above is reserved for the system classes)',
    );
  });
});
