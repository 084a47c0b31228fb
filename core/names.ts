/**
 * Kubernetes name and label syntax (k8s.io/apimachinery validation), checked
 * offline so that a bad value fails at synth with the prop that caused it,
 * rather than at apply time with an API server message.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** RFC 1123 label: what a Namespace name must be. */
export function isDnsLabel(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS_LABEL.test(value);
}

/** RFC 1035 label (an RFC 1123 label that starts with a letter): what a Service name must be. */
export function isDns1035Label(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS_1035_LABEL.test(value);
}

/** RFC 1123 subdomain: what most object names, service accounts included, must be. */
export function isDnsSubdomain(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

/** A label key: an optional DNS subdomain prefix and '/', then a qualified name. */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return false;
  }
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** A label value: empty, or a qualified name of at most 63 characters. */
export function isLabelValue(value: unknown): value is string {
  return typeof value === 'string' && (value === '' || (value.length <= 63 && QUALIFIED_NAME.test(value)));
}

/** Why a label key is not one, as a sentence starting with `path` (`labels`, `podLabels`, ...); undefined when it is. */
export function labelKeyProblem(path: string, key: string): string | undefined {
  if (isLabelKey(key)) {
    return undefined;
  }
  return `${path} key ${JSON.stringify(key)} is not a Kubernetes label key (expected an optional DNS subdomain and '/', then 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, like cost-center)`;
}

/** Why the value of label `key` is not a label value, as a sentence starting with `path`; undefined when it is one. */
export function labelValueProblem(path: string, key: string, value: unknown): string | undefined {
  if (isLabelValue(value)) {
    return undefined;
  }
  return `${path}[${JSON.stringify(key)}] ${JSON.stringify(value)} is not a Kubernetes label value (expected at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, like cc-1234)`;
}

/**
 * Every problem with a map of labels, one sentence each, starting with `path`
 * (`labels`, `podLabels`, ...), in the order of the map.
 */
export function labelProblems(path: string, labels: Readonly<Record<string, string>>): string[] {
  return Object.entries(labels)
    .flatMap(([key, value]) => [labelKeyProblem(path, key), labelValueProblem(path, key, value)])
    .filter((problem): problem is string => problem !== undefined);
}
