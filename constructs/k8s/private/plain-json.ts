import { ApiObject, App, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver, type ApiObjectProps, type GroupVersionKind, type JsonPatch } from 'cdk8s';
import type { Construct } from 'constructs';

/** What {@link renderValue} returns for a value cdk8s must resolve itself. */
const NOT_PLAIN = Symbol('not plain JSON data');

/**
 * What `ApiObject.toJson()` returns for an object created with `props`, computed in one pass, or `undefined` when
 * only cdk8s can tell: a value a resolver acts on (a `Lazy`, an object with a `resolve()` method), a class instance
 * cdk8s rejects, an app with resolvers of its own, or `CDK8S_DISABLE_SORT` set. The caller renders the object
 * through cdk8s then (and must, when JSON patches were added to the object).
 *
 * `ApiObject.toJson()` resolves every value (per value: a context object, three resolver calls, a walk up the
 * construct tree to the app, a copied key path) and then copies the result again with sorted keys. For plain data the
 * built-in resolvers change nothing but number-or-string unions (`IntOrString`, `Quantity`: `{ value }`), so one
 * sorted copy gives the same JSON: measured 2-2.5x faster per object (an Argo Rollout: 130 -> 56 us).
 */
export function plainApiObjectJson(object: ApiObject, props: ApiObjectProps): any | undefined {
  if (process.env.CDK8S_DISABLE_SORT || !builtInResolversOnly(App.of(object))) return undefined;
  let json: any;
  try {
    json = renderValue({ ...props, metadata: object.metadata.toJson() });
  } catch {
    return undefined; // cdk8s reports it, with the object's path
  }
  if (json === NOT_PLAIN) return undefined;
  // As ApiObject.toJson: apiVersion, kind and metadata first, then the rest in sorted order.
  const result: any = {};
  for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(json)]) {
    if (key in json) result[key] = json[key];
  }
  return result;
}

/** Whether an app resolves values only with cdk8s's own resolvers. */
function builtInResolversOnly(app: Construct): boolean {
  const resolvers: readonly unknown[] = (app as App).resolvers ?? [];
  return resolvers.every((r) => r instanceof LazyResolver || r instanceof ImplicitTokenResolver || r instanceof NumberStringUnionResolver);
}

/**
 * cdk8s's `resolve` with its built-in resolvers followed by `sanitizeValue` (sorted keys), or {@link NOT_PLAIN}:
 * objects copied with sorted keys and `null`/`undefined` values dropped, arrays element by element (`null` becomes
 * `undefined`, holes stay), a number-or-string union as `{ value }`, primitives as they are.
 */
function renderValue(value: any): any {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  // The resolvers in cdk8s's order: Lazy, implicit token, number-or-string union.
  if (value instanceof Lazy || typeof value.resolve === 'function') return NOT_PLAIN;
  if (value.constructor !== Object && (typeof value.value === 'number' || typeof value.value === 'string')) {
    return { value: value.value };
  }
  if (Array.isArray(value)) {
    let plain = true;
    const result = value.map((x) => {
      const r = renderValue(x);
      if (r === NOT_PLAIN) plain = false;
      return r;
    });
    return plain ? result : NOT_PLAIN;
  }
  if (value.constructor !== Object) return NOT_PLAIN;
  const result: any = {};
  for (const key of Object.keys(value).sort()) {
    const r = renderValue(value[key]);
    if (r === NOT_PLAIN) return NOT_PLAIN;
    if (r !== null && r !== undefined) result[key] = r;
  }
  return result;
}

/** A cdk8s-plus generated (L1) class: `new KubeService(scope, id, props)`, its `GVK` and its props' `toJson_` function. */
interface KubeClass {
  readonly GVK: GroupVersionKind;
  new (scope: Construct, id: string, props?: any): ApiObject;
}

/**
 * A subclass of a generated Kubernetes class (e.g. `KubeNetworkPolicy`) that renders with
 * {@link plainApiObjectJson} and then the class's own props conversion, exactly as the class renders itself
 * (`{ ...GVK, ...toJson_<Kind>Props(ApiObject.toJson()) }`).
 */
export function plainRendered<C extends KubeClass>(Base: C, toJsonProps: (resolved: any) => Record<string, any> | undefined): C {
  const Rendered = class extends (Base as KubeClass) {
    private readonly renderedProps: ApiObjectProps;
    private patched = false;

    constructor(scope: Construct, id: string, props?: object) {
      super(scope, id, props);
      // What the generated constructor hands to ApiObject.
      this.renderedProps = { ...Base.GVK, ...props };
    }

    public addJsonPatch(...ops: JsonPatch[]): void {
      super.addJsonPatch(...ops);
      if (ops.length > 0) this.patched = true;
    }

    public toJson(): any {
      const json = this.patched ? undefined : plainApiObjectJson(this, this.renderedProps);
      return json === undefined ? super.toJson() : { ...Base.GVK, ...toJsonProps(json) };
    }
  };
  return Rendered as unknown as C;
}
