import { MatchPrefilter } from '../../../../lib/parity/private/prefilter';

describe('MatchPrefilter', () => {
  test('admits a string holding any literal, or passing any test, and rules out the rest', () => {
    // GIVEN
    const prefilter = new MatchPrefilter(['acme-dev', 'eu-west-1'], [(s) => s.endsWith('!')]);

    // THEN
    expect(prefilter.mayMatch('bucket-acme-dev-logs')).toBe(true);
    expect(prefilter.mayMatch('arn:aws:s3:eu-west-1:x')).toBe(true);
    expect(prefilter.mayMatch('hello!')).toBe(true);
    expect(prefilter.mayMatch('acme-prod in eu-central-1')).toBe(false);
    expect(prefilter.mayMatch('')).toBe(false);
  });

  test('a literal containing a shorter one changes nothing', () => {
    // GIVEN
    const both = new MatchPrefilter(['dev', 'acme-dev', 'Dev']);
    const minimal = new MatchPrefilter(['dev', 'Dev']);

    // THEN
    for (const s of ['acme-dev', 'device', 'AcmeDev', 'prod', 'de-v']) expect(both.mayMatch(s)).toBe(minimal.mayMatch(s));
  });

  test('an empty literal admits every string', () => {
    expect(new MatchPrefilter(['']).mayMatch('anything')).toBe(true);
  });
});
