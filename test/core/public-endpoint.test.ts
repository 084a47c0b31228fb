import { publicEndpointConflict, publicEndpointProblems } from '../../core/public-endpoint';

const TOKEN = '${Token[TOKEN.1]}';
const rules = { isUnresolved: (v: unknown) => typeof v === 'string' && v.startsWith('${Token[') };

describe('publicEndpointProblems', () => {
  test('a reason and public networks pass', () => {
    expect(publicEndpointProblems('publicEndpoint', { allowedCidrs: ['203.0.113.0/24', '198.51.100.7/32'], reason: 'SEC-1' }, rules)).toEqual([]);
  });

  test('every problem at once, each naming the path, the index and the value', () => {
    expect(publicEndpointProblems('publicEndpoint', {
      allowedCidrs: ['0.0.0.0/0', '10.0.0.1/8', 'office', '203.0.113.0/24', '203.0.113.0/24', TOKEN],
      reason: '   ',
    }, rules)).toEqual([
      'publicEndpoint.allowedCidrs[0] "0.0.0.0/0" opens the API endpoint to the whole internet (expected the CIDRs of your offices, VPN or CI runners)',
      'publicEndpoint.allowedCidrs[1] "10.0.0.1/8" has host bits set (expected the network address 10.0.0.0/8)',
      'publicEndpoint.allowedCidrs[2] "office" is not an IPv4 CIDR (expected like 203.0.113.0/24)',
      'publicEndpoint.allowedCidrs[4] "203.0.113.0/24" is listed twice (expected each network once)',
      'publicEndpoint.reason is empty (expected why the API must be reachable from outside the private network, e.g. a ticket reference)',
    ]);
  });

  test('an empty list, a missing list from JavaScript, and a reason longer than the cloud stores', () => {
    const maxReason = { length: 10, storedIn: 'a tag' };
    expect(publicEndpointProblems('p', { allowedCidrs: [], reason: 'x'.repeat(11) }, { ...rules, maxReason })).toEqual([
      'p.allowedCidrs is empty (expected the networks allowed to reach the public endpoint, like 203.0.113.0/24; leave p out for a private endpoint)',
      'p.reason is 11 characters long (expected at most 10, as it is stored in a tag)',
    ]);
    expect(publicEndpointProblems('p', { reason: 'SEC-1' } as any, rules)).toEqual([
      'p.allowedCidrs is empty (expected the networks allowed to reach the public endpoint, like 203.0.113.0/24; leave p out for a private endpoint)',
    ]);
  });

  test('tokens are left to the engine', () => {
    expect(publicEndpointProblems('p', { allowedCidrs: [TOKEN], reason: TOKEN }, rules)).toEqual([]);
  });
});

describe('publicEndpointConflict', () => {
  test('names the shared prop and every deprecated one set with it', () => {
    expect(publicEndpointConflict('publicEndpoint', [])).toBeUndefined();
    expect(publicEndpointConflict('publicEndpoint', ['publicApiServer'])).toBe(
      'publicEndpoint and publicApiServer are both set (expected publicEndpoint only: publicApiServer is deprecated and means the same)');
    expect(publicEndpointConflict('publicEndpoint', ['a', 'b'])).toBe(
      'publicEndpoint and a and b are both set (expected publicEndpoint only: a and b are deprecated and mean the same)');
  });
});
