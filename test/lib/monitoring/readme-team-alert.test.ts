/**
 * The README's "Adding your own alert" snippet, run: it must be a valid PrometheusRule, pass promtool, and reach the
 * role the README says through the Alertmanager configuration the baseline renders.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { acme } from '../../../examples/acme/org';
import { alertmanagerConfig } from '../../../lib/monitoring';
import { defineOrganization } from '../../../lib/spec';
import { crdSchemaProblems } from '../../support/crd-schema';
import { runTool, writeFiles } from '../../support/prometheus-tools';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf-8');
const match = /<!-- readme-test: team-alert -->\n```yaml\n([\s\S]*?)```/.exec(readme);
const rule = match ? yaml.load(match[1]) as any : undefined;

test('the README holds the team alert snippet', () => {
  expect(rule).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' });
});

test('it is a valid PrometheusRule', () => {
  expect(crdSchemaProblems([rule])).toEqual([]);
});

test('promtool accepts its rules', () => {
  const dir = writeFiles({ 'team.yaml': { groups: rule.spec.groups } });
  const run = runTool('promtool', ['check', 'rules', 'team.yaml'], dir);
  expect(run.output).toContain('SUCCESS');
  expect(run.status).toBe(0);
});

test('its labels route it to the team lead, as the README says', () => {
  const org = defineOrganization(acme);
  const dir = writeFiles({ 'alertmanager.yaml': alertmanagerConfig({ receivers: org.alerting.escalation, roles: org.alerting.roles, smtp: org.alerting.smtp }) });
  const { alert, labels } = rule.spec.groups[0].rules[0];
  const run = runTool('amtool', ['config', 'routes', 'test', '--config.file=alertmanager.yaml', `alertname=${alert}`, ...Object.entries<string>(labels).map(([k, v]) => `${k}=${v}`)], dir);
  expect(run.status).toBe(0);
  expect(run.stdout.trim()).toBe('team-lead');
});
