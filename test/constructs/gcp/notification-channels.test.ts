import { Testing } from 'cdktf';
import { GcpNotificationChannels, GcpNotificationChannelsProps } from '../../../constructs/gcp';
import { resourcesOf, TfJson } from '../../support/terraform';
import { tfValidationMessage } from '../../support/tf-validation';

const PROPS: GcpNotificationChannelsProps = {
  namePrefix: 'acme-dev',
  project: 'acme-dev-4821',
  levels: [
    { name: 'devops', emails: ['oncall@example.com'] },
    { name: 'security', emails: ['security@example.com'], webhookUrls: ['https://hooks.example.com/sec'] },
  ],
  labels: { environment: 'dev' },
};
const parse = (props: Partial<GcpNotificationChannelsProps> = {}): TfJson => JSON.parse(Testing.synthScope((scope) => {
  new GcpNotificationChannels(scope, 'AlertChannels', { ...PROPS, ...props });
}));

test('one channel per address of each level, labelled with its level, at addresses from level and address', () => {
  const json = parse();
  expect(Object.keys(json.resource.google_monitoring_notification_channel).sort()).toEqual([
    'AlertChannels_devops-email-d876c66b_A60A27DE',
    'AlertChannels_security-email-786906db_9AA968FB',
    'AlertChannels_security-webhook-ddf18895_9D5BC5A3',
  ].sort());
  const channels = resourcesOf(json, 'google_monitoring_notification_channel');
  expect(channels.map((c) => [c.type, c.labels, c.user_labels['escalation-level']])).toEqual(expect.arrayContaining([
    ['email', { email_address: 'oncall@example.com' }, 'devops'],
    ['email', { email_address: 'security@example.com' }, 'security'],
    ['webhook_tokenauth', { url: 'https://hooks.example.com/sec' }, 'security'],
  ]));
  expect(channels.every((c) => c.user_labels.environment === 'dev' && c.project === 'acme-dev-4821')).toBe(true);
});

test('reordering the addresses moves no channel', () => {
  const swapped = parse({ levels: [{ name: 'security', webhookUrls: ['https://hooks.example.com/sec'], emails: ['security@example.com'] }, PROPS.levels[0]] });
  const addresses = (json: TfJson) => Object.keys(json.resource.google_monitoring_notification_channel).sort();
  expect(addresses(swapped)).toEqual(addresses(parse()));
});

test('channelIds of an unknown level names the levels there are', () => {
  Testing.synthScope((scope) => {
    const channels = new GcpNotificationChannels(scope, 'AlertChannels', PROPS);
    expect(channels.channelIds('security')).toHaveLength(2);
    expect(() => channels.channelIds('cto')).toThrow('GcpNotificationChannels: no level "cto" (expected one of devops, security)');
  });
});

test('bad levels are all reported at synth', () => {
  const message = tfValidationMessage((scope) => new GcpNotificationChannels(scope, 'AlertChannels', {
    ...PROPS, levels: [{ name: 'Dev', emails: ['x'] }, { name: 'cto' }, { name: 'cto', webhookUrls: ['ftp://x'] }],
  }));
  for (const problem of [
    'GcpNotificationChannels: levels[0].name "Dev" is not a level name (expected a DNS label like devops)',
    'GcpNotificationChannels: levels[0].emails[0] "x" is not an email address (expected like oncall@example.com)',
    'GcpNotificationChannels: levels[1] "cto" reaches nobody (expected at least one email or webhook URL)',
    'GcpNotificationChannels: levels[2].name "cto" is listed twice (expected each level once)',
    'GcpNotificationChannels: levels[2].webhookUrls[0] "ftp://x" is not an HTTPS URL (expected like https://hooks.example.com/alerts)',
  ]) expect(message).toContain(problem);
});
