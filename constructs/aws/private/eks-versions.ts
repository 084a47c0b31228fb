/** The Kubernetes version a new cluster gets unless told otherwise. */
export const DEFAULT_KUBERNETES_VERSION = '1.33';

/** Add-on versions known to work with {@link DEFAULT_KUBERNETES_VERSION}; bump them together with it. */
export const DEFAULT_ADDON_VERSIONS = {
  vpcCni: 'v1.20.1-eksbuild.3',
  coreDns: 'v1.12.2-eksbuild.4',
  kubeProxy: 'v1.33.3-eksbuild.6',
  ebsCsiDriver: 'v1.45.0-eksbuild.2',
  podIdentityAgent: 'v1.3.8-eksbuild.2',
} as const;
