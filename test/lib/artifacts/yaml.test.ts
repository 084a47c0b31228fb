import { parseAllDocuments } from 'yaml';
import { parseManifestYaml, toManifestYaml } from '../../../lib/artifacts/yaml';

describe('manifest YAML', () => {
  // GIVEN objects whose strings a YAML 1.1 reader (go-yaml, as in kubectl and Argo CD) would take for other types
  const objects = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', labels: { a: 'on', b: 'yes', c: 'No', d: '0755', e: '1e3', f: '2026-01-01', g: '1:20', h: '~', i: '' } },
      data: { multi: 'line one\nline two', quote: 'say "hi"', colon: 'a: b', hash: 'a #b' },
    },
    { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'p' }, spec: { '=(securityContext)': { '=(runAsUser)': '>0' }, 'list': [{ n: 1 }, 2, true, null] } },
  ];

  test('round-trips through a YAML 1.1 reader and a YAML 1.2 reader unchanged', () => {
    // WHEN written
    const text = toManifestYaml(objects);

    // THEN both YAML versions read back exactly the objects, strings as strings
    expect(parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS())).toEqual(objects);
    expect(parseAllDocuments(text, { version: '1.2' }).map((d) => d.toJS())).toEqual(objects);
    expect(parseManifestYaml(text)).toEqual(objects);
  });

  test('writes one document per object, block style, no anchors', () => {
    const shared = { team: 'payments' };
    const text = toManifestYaml([{ kind: 'A', metadata: { labels: shared } }, { kind: 'B', metadata: { labels: shared } }]);
    expect(text).toBe('kind: A\nmetadata:\n  labels:\n    team: payments\n---\nkind: B\nmetadata:\n  labels:\n    team: payments\n');
  });

  test('reading skips empty documents and keeps dates as strings', () => {
    expect(parseManifestYaml('---\nkind: A\nwhen: 2026-01-01\n---\n---\n')).toEqual([{ kind: 'A', when: '2026-01-01' }]);
  });
});
