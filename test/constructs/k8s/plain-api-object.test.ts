import { ApiObject, App, Chart, JsonPatch, Lazy, Testing, type IResolver, type ResolutionContext } from 'cdk8s';
import { IntOrString, KubeConfigMap, KubeService, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import * as fc from 'fast-check';
import { PlainApiObject } from '../../../constructs/k8s/plain-api-object';
import { PlainKubeConfigMap, PlainKubeService } from '../../../constructs/k8s/private/plain-kube';
import { acme } from '../../../examples/acme/org';
import { defineOrganization } from '../../../lib';
import { EnvironmentMonitoringChart } from '../../../lib/platform/monitoring-chart';
import { EnvironmentServicesChart } from '../../../lib/platform/services-chart';

/** The JSON of an ApiObject and of a PlainApiObject built from the same props in twin charts. */
function both(props: any, setUp: (o: ApiObject) => void = () => {}, chart: () => Chart = () => new Chart(Testing.app(), 'test', { labels: { team: 'payments' } })) {
  const reference = new ApiObject(chart(), 'Resource', props);
  const plain = new PlainApiObject(chart(), 'Resource', props);
  setUp(reference);
  setUp(plain);
  return { reference: reference.toJson(), plain: plain.toJson() };
}

/** Equal values and equal key order at every level (JSON.stringify writes keys in insertion order). */
function expectSame({ reference, plain }: { reference: any; plain: any }) {
  expect(plain).toStrictEqual(reference);
  expect(JSON.stringify(plain)).toBe(JSON.stringify(reference));
}

const TOP_LEVEL = ['apiVersion', 'kind', 'metadata'];
/** JSON-like leaves, with the number-or-string unions cdk8s resolves to `{ value }`. */
const leaf = fc.oneof(
  fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined),
  fc.integer().map((n) => IntOrString.fromNumber(n)), fc.string().map((v) => Quantity.fromString(v)),
);
const body = fc.dictionary(fc.string().filter((k) => !TOP_LEVEL.includes(k)), fc.anything({ maxDepth: 4, values: [leaf] }), { maxKeys: 6 });
const metadata = fc.record({
  name: fc.constantFrom('payments-api', 'checkout'),
  namespace: fc.option(fc.constantFrom('payments', 'monitoring'), { nil: undefined }),
  labels: fc.option(fc.dictionary(fc.constantFrom('app', 'team', 'tier', 'z'), fc.string()), { nil: undefined }),
  annotations: fc.option(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.constant(undefined))), { nil: undefined }),
}, { requiredKeys: ['name'] });

describe('PlainApiObject', () => {
  test('renders what ApiObject renders, for any JSON-like body (nulls, undefined, nesting, unicode keys)', () => {
    fc.assert(fc.property(body, metadata, (b, m) => {
      expectSame(both({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: m, ...b }));
    }), { numRuns: 500 });
  });

  test('keys sorted at every level; null and undefined dropped from objects, null in arrays becomes undefined', () => {
    const { plain } = both({
      kind: 'Rollout',
      apiVersion: 'argoproj.io/v1alpha1',
      metadata: { name: 'x' },
      spec: { z: 1, a: { y: null, b: [null, 2, { d: undefined, c: 'c' }] }, m: undefined },
    });
    expect(JSON.stringify(plain)).toBe(JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { labels: { team: 'payments' }, name: 'x' },
      spec: { a: { b: [null, 2, { c: 'c' }] }, z: 1 },
    }));
    expect(plain.spec.a.b[0]).toBeUndefined();
  });

  test('metadata added after construction is rendered, as cdk8s renders it', () => {
    expectSame(both({ apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x' }, spec: { a: 1 } }, (o) => {
      o.metadata.addLabel('added', 'later');
      o.metadata.addAnnotation('b', 'c');
    }));
  });

  test('a value cdk8s must resolve (Lazy, an object with resolve()) is resolved by cdk8s', () => {
    const lazy = both({ apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x' }, spec: { n: Lazy.any({ produce: () => ({ b: 2, a: [1] }) }) } });
    expectSame(lazy);
    expect(lazy.plain.spec.n).toEqual({ a: [1], b: 2 });
    const token = both({ apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x' }, spec: { t: { resolve: () => 'resolved' } } });
    expectSame(token);
    expect(token.plain.spec.t).toBe('resolved');
  });

  test('JSON patches are applied, as cdk8s applies them', () => {
    const patched = both({ apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x' }, spec: { a: 1 } }, (o) => o.addJsonPatch(JsonPatch.add('/spec/b', 2)));
    expectSame(patched);
    expect(patched.plain.spec).toEqual({ a: 1, b: 2 });
  });

  test('an app\'s own resolvers see every value, as with cdk8s', () => {
    class Upper implements IResolver {
      resolve(context: ResolutionContext) {
        if (typeof context.value === 'string' && context.value.startsWith('up:')) context.replaceValue(context.value.slice(3).toUpperCase());
      }
    }
    const chart = () => new Chart(new App({ resolvers: [new Upper()] }), 'test');
    const resolved = both({ apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x' }, spec: { s: 'up:abc' } }, undefined, chart);
    expectSame(resolved);
    expect(resolved.plain.spec.s).toBe('ABC');
  });

  test('CDK8S_DISABLE_SORT keeps the props\' key order, as with cdk8s', () => {
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const unsorted = both({ apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x' }, spec: { z: 1, a: 2 } });
      expectSame(unsorted);
      expect(Object.keys(unsorted.plain.spec)).toEqual(['z', 'a']);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('a class instance in the body fails as cdk8s fails, naming the object', () => {
    class Custom { public readonly x = 1; }
    const chart = Testing.chart();
    const object = new PlainApiObject(chart, 'Resource', { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x' }, spec: { c: new Custom() } });
    expect(() => object.toJson()).toThrow("Failed serializing construct at path 'test/Resource' with name 'x': Error: can't render non-simple object of type 'Custom'");
  });

  test('generated classes rendered in one pass render as the generated class does (Service, ConfigMap)', () => {
    const port = fc.record({
      name: fc.option(fc.constantFrom('http', 'metrics'), { nil: undefined }),
      port: fc.integer({ min: 1, max: 65535 }),
      targetPort: fc.option(fc.oneof(fc.integer({ min: 1, max: 65535 }).map(IntOrString.fromNumber), fc.constantFrom('http', 'grpc').map(IntOrString.fromString)), { nil: undefined }),
      protocol: fc.option(fc.constantFrom('TCP', 'UDP'), { nil: undefined }),
    }, { requiredKeys: ['port'], noNullPrototype: true });
    const service = fc.record({
      metadata,
      spec: fc.record({
        ports: fc.array(port, { maxLength: 3 }),
        selector: fc.dictionary(fc.string(), fc.string(), { noNullPrototype: true }),
        type: fc.constantFrom('ClusterIP', undefined),
      }, { noNullPrototype: true }),
    }, { noNullPrototype: true });
    fc.assert(fc.property(service, (props) => {
      const reference = new KubeService(Testing.chart(), 'Service', props as any).toJson();
      const plain = new PlainKubeService(Testing.chart(), 'Service', props as any).toJson();
      expectSame({ reference, plain });
    }), { numRuns: 300 });
    fc.assert(fc.property(metadata, fc.dictionary(fc.string(), fc.string(), { noNullPrototype: true }), (m, data) => {
      expectSame({
        reference: new KubeConfigMap(Testing.chart(), 'Config', { metadata: m as any, data }).toJson(),
        plain: new PlainKubeConfigMap(Testing.chart(), 'Config', { metadata: m as any, data }).toJson(),
      });
    }), { numRuns: 300 });
  });

  test('a generated class rendered in one pass keeps its type, and applies JSON patches', () => {
    const service = new PlainKubeService(Testing.chart(), 'Service', { spec: { ports: [{ port: 80 }] } });
    expect(service).toBeInstanceOf(KubeService);
    const reference = new KubeService(Testing.chart(), 'Service', { spec: { ports: [{ port: 80 }] } });
    for (const object of [service, reference]) object.addJsonPatch(JsonPatch.add('/spec/type', 'NodePort'));
    expectSame({ reference: reference.toJson(), plain: service.toJson() });
    expect(service.toJson().spec).toEqual({ ports: [{ port: 80 }], type: 'NodePort' });
  });

  test('every object of the example organization\'s service and monitoring charts renders as cdk8s renders it', () => {
    const org = defineOrganization(acme);
    let checked = 0;
    for (const env of org.environments) {
      for (const cloud of ['aws', 'azure', 'gcp'] as const) {
        if (env[cloud] === undefined) continue;
        for (const chart of [
          new EnvironmentServicesChart(new App(), 'services', { organization: org, environment: env, cloud }),
          new EnvironmentMonitoringChart(new App(), 'monitoring', { organization: org, environment: env, cloud }),
        ]) {
          for (const object of chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
            // The class the one-pass rendering stands in for: ApiObject, or the generated class it extends.
            const base = Object.getPrototypeOf(object.constructor.prototype);
            if (object.constructor.prototype.toJson === base.toJson) continue;
            expectSame({ reference: base.toJson.call(object), plain: object.toJson() });
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});
