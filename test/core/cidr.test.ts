import { addressAt, carve, contains, ipv4CidrProblem, overlaps, parseIpv4Cidr, readIpv4Cidr } from '../../core/cidr';

const net = (cidr: string) => {
  const network = parseIpv4Cidr(cidr);
  if (!network) throw new Error(`test fixture ${cidr} is not a network`);
  return network;
};

describe('readIpv4Cidr', () => {
  test.each([
    ['10.20.0.0/16', 16, 2n ** 16n],
    ['0.0.0.0/0', 0, 2n ** 32n],
    ['203.0.113.7/32', 32, 1n],
    ['255.255.255.0/24', 24, 256n],
  ])('%s is a network', (cidr, prefixLength, size) => {
    // WHEN
    const network = parseIpv4Cidr(cidr);
    // THEN
    expect(network).toEqual({ cidr, prefixLength, first: network!.first, last: network!.first + size - 1n, size });
  });

  test.each(['10.20.0.0', '10.20.0.0/33', '10.20.0.0/08', '010.20.0.0/16', '10.20.0.256/24', '10.20.0/16', ' 10.20.0.0/16', '', 'fd00::/8', 42, undefined])(
    '%j is not an IPv4 CIDR', (text) => {
      expect(readIpv4Cidr(text)).toEqual({ problem: 'syntax' });
    });

  test('a CIDR with host bits set names the network it meant', () => {
    expect(readIpv4Cidr('10.20.3.4/16')).toEqual({ problem: 'host-bits', networkForm: '10.20.0.0/16' });
  });
});

describe('ipv4CidrProblem', () => {
  test('says what is wrong and what is expected, starting with the path', () => {
    expect(ipv4CidrProblem('subnets.nodes', '10.20.0/16', '10.20.0.0/16')).toBe('subnets.nodes "10.20.0/16" is not an IPv4 CIDR (expected like 10.20.0.0/16)');
    expect(ipv4CidrProblem('cidr', '10.20.0.1/20', '10.20.0.0/16')).toBe('cidr "10.20.0.1/20" has host bits set (expected the network address 10.20.0.0/20)');
    expect(ipv4CidrProblem('cidr', '10.20.0.0/20', '10.20.0.0/16')).toBeUndefined();
  });
});

describe('network math', () => {
  test('overlaps and contains agree on nesting, adjacency and disjointness', () => {
    const vpc = net('10.0.0.0/16');
    const inside = net('10.0.4.0/22');
    const adjacent = net('10.1.0.0/16');
    expect([overlaps(vpc, inside), overlaps(inside, vpc), contains(vpc, inside), contains(inside, vpc)]).toEqual([true, true, true, false]);
    expect([overlaps(vpc, adjacent), contains(vpc, adjacent)]).toEqual([false, false]);
  });

  test('carve aligns each subnet to its own size, in order, and refuses what does not fit', () => {
    const vpc = net('10.0.0.0/20');
    expect(carve(vpc, [22, 26, 22])).toEqual(['10.0.0.0/22', '10.0.4.0/26', '10.0.8.0/22']);
    expect(carve(vpc, [21, 21, 24])).toBeUndefined();
    expect(carve(vpc, [19])).toBeUndefined();
  });

  test('addressAt counts from the network address', () => {
    expect(addressAt(net('172.16.0.0/16'), 10)).toBe('172.16.0.10');
  });
});
