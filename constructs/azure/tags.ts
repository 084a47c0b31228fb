import { Aspects, Fn, IAspect, TerraformResource, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { tagProblems } from './private/tag-rules';
import { Problems } from '../../core/problems';

/**
 * Resource types of the Azure providers, whose `tags` is always a string map.
 * Other providers use the name differently (on `google_compute_instance`,
 * `tags` is a list of network tags), so they are left alone.
 */
const AZURE_RESOURCE_TYPE_PREFIXES = ['azurerm_', 'azapi_'];

/** The part of a generated provider binding that tagging needs. */
interface TaggableResource extends TerraformResource {
  tags: Record<string, string>;
  /** What the resource was given, unlike `tags`, which reads back as a reference. */
  readonly tagsInput?: Record<string, string>;
}

function isTaggableAzureResource(node: IConstruct): node is TaggableResource {
  return node instanceof TerraformResource
    && AZURE_RESOURCE_TYPE_PREFIXES.some((prefix) => node.terraformResourceType.startsWith(prefix))
    && 'tags' in node
    && 'tagsInput' in node;
}

/**
 * An Aspect that adds tags to every taggable Azure resource in a scope,
 * including resources other constructs add after it is applied.
 *
 * A key the resource already sets keeps the resource's value; only missing keys
 * are added. So a mandatory tag can never be lost, and a resource can still say
 * something more specific about itself. When two AzureTags aspects set the same
 * key, the one on the outer scope wins, because aspects visit outer scopes first.
 *
 * @example
 * AzureTags.apply(stack, { 'cost-center': 'cc-1234', environment: 'dev' });
 */
export class AzureTags implements IAspect {
  /**
   * Adds an AzureTags aspect to `scope`.
   * @returns the aspect, already applied
   */
  public static apply(scope: IConstruct, tags: Record<string, string>): AzureTags {
    const aspect = new AzureTags(tags);
    Aspects.of(scope).add(aspect);
    return aspect;
  }

  /** The tags this aspect adds. */
  public readonly tags: Readonly<Record<string, string>>;

  /** Guards against wrapping a Terraform `merge()` twice when a scope is synthesized again. */
  private readonly tagged = new WeakSet<IConstruct>();

  /**
   * @param tags the tags to add; keys and values must respect Azure's tag limits
   */
  constructor(tags: Record<string, string>) {
    // An aspect is no construct, so it cannot wait for the synth's validation: it reports its problems at once.
    new Problems('AzureTags').push(...tagProblems('tags', tags)).throwIfAny();
    this.tags = Token.isUnresolved(tags) ? tags : { ...tags };
  }

  /** Merges this aspect's tags into `node` if it is a taggable Azure resource. */
  public visit(node: IConstruct): void {
    if (!isTaggableAzureResource(node) || this.tagged.has(node)) {
      return;
    }
    const own = node.tagsInput;
    if (own === undefined) {
      node.tags = Token.isUnresolved(this.tags) ? this.tags : { ...this.tags };
    } else if (Token.isUnresolved(own) || Token.isUnresolved(this.tags)) {
      // A map only known at apply time: let Terraform merge it, the resource's own map last so it wins.
      node.tags = Token.asStringMap(Fn.merge([this.tags, own]));
    } else {
      node.tags = { ...this.tags, ...own };
    }
    this.tagged.add(node);
  }
}
