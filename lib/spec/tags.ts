/**
 * Tag and label keys every taggable resource of every output carries. They are written so the same key and value
 * are valid as an AWS tag, an Azure tag, a GCP label and a Kubernetes label.
 */
export const MANDATORY_TAG_KEYS = ['owner', 'cost-center', 'environment', 'data-classification'] as const;

/** Mandatory keys the organization gives; `environment` is set by the library for each environment. */
export const ORGANIZATION_TAG_KEYS = ['owner', 'cost-center', 'data-classification'] as const;

/** The intersection of the GCP label and Kubernetes label rules: lowercase letters, digits, `_` and `-`, at most 63, values starting and ending alphanumeric. */
export const LABEL_KEY_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;
export const LABEL_VALUE_PATTERN = /^[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?$/;
