import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Aspects, Testing, TerraformResource, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AzureNetwork, AzureTags } from '../../../constructs/azure';
import { synthChecked } from '../../support/terraform';

Testing.setupJest();

const MANDATORY = { 'environment': 'dev', 'cost-center': 'cc-1234' };

type TfJson = { resource: Record<string, Record<string, Record<string, any>>> };

/** A non-Azure resource whose `tags` is a list of network tags, as on google_compute_instance. */
class NetworkTaggedInstance extends TerraformResource {
  private _tags: string[];

  constructor(scope: Construct, id: string, tags: string[]) {
    super(scope, id, { terraformResourceType: 'google_compute_instance' });
    this._tags = tags;
  }

  public get tags(): string[] {
    return this._tags;
  }

  public set tags(value: string[]) {
    this._tags = value;
  }

  public get tagsInput(): string[] {
    return this._tags;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { tags: this._tags };
  }
}

function newStack(): TerraformStack {
  return new TerraformStack(Testing.app(), 'stack');
}

function resourceGroup(scope: Construct, id: string, tags?: Record<string, string>): ResourceGroup {
  return new ResourceGroup(scope, id, { name: `rg-${id.toLowerCase()}`, location: 'westeurope', tags });
}

function tagsOf(json: TfJson, type: string, name: string): unknown {
  return json.resource[type][name].tags;
}

describe('AzureTags', () => {
  test('adds the tags to every taggable Azure resource in scope', () => {
    // GIVEN
    const json: TfJson = JSON.parse(synthChecked((scope) => {
      resourceGroup(scope, 'Group');
      new VirtualNetwork(scope, 'Network', {
        name: 'vnet-x', location: 'westeurope', resourceGroupName: 'rg-x', addressSpace: ['10.0.0.0/16'],
      });

      // WHEN
      AzureTags.apply(scope, MANDATORY);
    }));

    // THEN
    expect(tagsOf(json, 'azurerm_resource_group', 'Group')).toEqual(MANDATORY);
    expect(tagsOf(json, 'azurerm_virtual_network', 'Network')).toEqual(MANDATORY);
  });

  test('leaves resources without tags untouched', () => {
    // GIVEN
    const json: TfJson = JSON.parse(synthChecked((scope) => {
      new Subnet(scope, 'Subnet', {
        name: 'snet-x', resourceGroupName: 'rg-x', virtualNetworkName: 'vnet-x', addressPrefixes: ['10.0.0.0/24'],
      });

      // WHEN
      AzureTags.apply(scope, MANDATORY);
    }));

    // THEN
    expect(json.resource.azurerm_subnet.Subnet).not.toHaveProperty('tags');
  });

  test('leaves non-Azure resources alone, even when they have a tags attribute', () => {
    // GIVEN
    const json: TfJson = JSON.parse(synthChecked((scope) => {
      new NetworkTaggedInstance(scope, 'Instance', ['allow-ssh']);

      // WHEN
      AzureTags.apply(scope, MANDATORY);
    }));

    // THEN
    expect(tagsOf(json, 'google_compute_instance', 'Instance')).toEqual(['allow-ssh']);
  });

  test('keeps the keys a resource sets itself and adds the missing ones', () => {
    // GIVEN
    const json: TfJson = JSON.parse(synthChecked((scope) => {
      resourceGroup(scope, 'Group', { environment: 'dev-blue', owner: 'team-a' });

      // WHEN
      AzureTags.apply(scope, MANDATORY);
    }));

    // THEN
    expect(tagsOf(json, 'azurerm_resource_group', 'Group')).toEqual({
      'environment': 'dev-blue',
      'cost-center': 'cc-1234',
      'owner': 'team-a',
    });
  });

  test('tags resources added after the aspect was applied, in nested constructs', () => {
    // GIVEN
    const stack = newStack();
    AzureTags.apply(stack, MANDATORY);

    // WHEN
    const team = new Construct(stack, 'Team');
    resourceGroup(team, 'Late');

    // THEN
    const json: TfJson = JSON.parse(Testing.synth(stack));
    expect(Object.values(json.resource.azurerm_resource_group)[0].tags).toEqual(MANDATORY);
  });

  test('tags every taggable resource of an AzureNetwork', () => {
    // GIVEN
    const stack = newStack();
    new AzureNetwork(stack, 'Network', {
      namePrefix: 'acme-dev',
      location: 'westeurope',
      addressSpace: '10.20.0.0/16',
      subnets: { systemNodes: '10.20.0.0/22', userNodes: '10.20.16.0/20', privateEndpoints: '10.20.4.0/24', apiServer: '10.20.5.0/28' },
      tags: { owner: 'platform' },
    });

    // WHEN
    AzureTags.apply(stack, MANDATORY);

    // THEN
    const json: TfJson = JSON.parse(Testing.synth(stack));
    const taggable = ['azurerm_resource_group', 'azurerm_virtual_network', 'azurerm_network_security_group', 'azurerm_nat_gateway', 'azurerm_public_ip'];
    for (const type of taggable) {
      for (const resource of Object.values(json.resource[type])) {
        expect(resource.tags).toEqual({ ...MANDATORY, owner: 'platform' });
      }
    }
    for (const resource of Object.values(json.resource.azurerm_subnet)) {
      expect(resource).not.toHaveProperty('tags');
    }
  });

  test('lets Terraform merge a tag map that is only known at apply time, the resource\'s map winning', () => {
    // GIVEN
    const stack = newStack();
    const ownTags = new TerraformVariable(stack, 'own_tags', { type: 'map(string)' });
    resourceGroup(stack, 'Group', Token.asStringMap(ownTags.value));

    // WHEN
    AzureTags.apply(stack, MANDATORY);

    // THEN
    const json: TfJson = JSON.parse(Testing.synth(stack));
    expect(tagsOf(json, 'azurerm_resource_group', 'Group'))
      .toBe('${merge({"environment" = "dev", "cost-center" = "cc-1234"}, var.own_tags)}');
  });

  test('gives the same result when the scope is synthesized twice', () => {
    // GIVEN
    const stack = newStack();
    const ownTags = new TerraformVariable(stack, 'own_tags', { type: 'map(string)' });
    resourceGroup(stack, 'Group', Token.asStringMap(ownTags.value));
    resourceGroup(stack, 'Plain', { owner: 'team-a' });
    AzureTags.apply(stack, MANDATORY);

    // WHEN
    const first = Testing.synth(stack);
    const second = Testing.synth(stack);

    // THEN
    expect(second).toEqual(first);
  });

  test('the aspect on the outer scope wins a key both set', () => {
    // GIVEN
    const stack = newStack();
    const team = new Construct(stack, 'Team');
    resourceGroup(team, 'Group');

    // WHEN
    AzureTags.apply(team, { environment: 'sandbox', team: 'a' });
    AzureTags.apply(stack, MANDATORY);

    // THEN
    const json: TfJson = JSON.parse(Testing.synth(stack));
    expect(Object.values(json.resource.azurerm_resource_group)[0].tags).toEqual({ ...MANDATORY, team: 'a' });
  });

  test('apply registers the aspect on the scope and returns it', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const aspect = AzureTags.apply(stack, MANDATORY);

    // THEN
    expect(Aspects.of(stack).all).toEqual([aspect]);
    expect(aspect.tags).toEqual(MANDATORY);
  });

  test('does not share the caller\'s tag object', () => {
    // GIVEN
    const tags: Record<string, string> = { ...MANDATORY };
    const json: TfJson = JSON.parse(synthChecked((scope) => {
      resourceGroup(scope, 'Group');
      AzureTags.apply(scope, tags);

      // WHEN
      tags.environment = 'changed';
    }));

    // THEN
    expect(tagsOf(json, 'azurerm_resource_group', 'Group')).toEqual(MANDATORY);
  });

  describe('validation', () => {
    test.each<[string, Record<string, string>, string]>([
      ['an empty key', { '': 'x' },
        'AzureTags: tags has an empty key (expected 1-128 characters)'],
      ['a key over 128 characters', { ['k'.repeat(129)]: 'x' },
        `AzureTags: tags key "${'k'.repeat(129)}" is 129 characters long (expected at most 128)`],
      ['a forbidden character in a key', { 'a&b': 'x' },
        'AzureTags: tags key "a&b" contains a character Azure forbids in tag names (expected none of < > % & \\ ? /)'],
      ['a reserved prefix', { 'Microsoft.owner': 'x' },
        'AzureTags: tags key "Microsoft.owner" starts with a prefix Azure reserves (expected no microsoft, azure or windows prefix)'],
      ['a value over 256 characters', { note: 'v'.repeat(257) },
        'AzureTags: tags key "note" has a value 257 characters long (expected at most 256)'],
      ['more than 50 tags', Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])),
        'AzureTags: tags has 51 entries (expected at most 50, the Azure limit per resource)'],
    ])('rejects %s', (_case, tags, message) => {
      // GIVEN / WHEN / THEN
      expect(() => new AzureTags(tags)).toThrow(new Error(message));
    });

    test('reports every problem at once, one per line', () => {
      // GIVEN
      const tags = { 'azure?': 'x', 'ok': 'fine', 'note': 'v'.repeat(300) };

      // WHEN
      const create = () => new AzureTags(tags);

      // THEN
      expect(create).toThrow(new Error([
        'AzureTags: tags key "azure?" contains a character Azure forbids in tag names (expected none of < > % & \\ ? /)',
        'AzureTags: tags key "azure?" starts with a prefix Azure reserves (expected no microsoft, azure or windows prefix)',
        'AzureTags: tags key "note" has a value 300 characters long (expected at most 256)',
      ].join('\n')));
    });

    test('skips checks on values that are Tokens', () => {
      // GIVEN
      const stack = newStack();
      const owner = new TerraformVariable(stack, 'owner', { type: 'string' }).stringValue;

      // WHEN
      const create = () => new AzureTags({ owner });

      // THEN
      expect(create).not.toThrow();
    });
  });
});
