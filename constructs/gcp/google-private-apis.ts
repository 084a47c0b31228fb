/**
 * Google APIs through Private Google Access on `private.googleapis.com`: four addresses that Google routes to its
 * APIs from inside a VPC whose machines have no external IP. {@link GcpNetwork} resolves `*.googleapis.com` to them
 * (a private Cloud DNS zone) and routes them to the default internet gateway, which for this range never leaves
 * Google's network; a NetworkPolicy then opens the Google APIs as this one range.
 *
 * `restricted.googleapis.com` (199.36.153.4/30) is the VPC Service Controls variant, which serves only the services
 * a perimeter supports; without a perimeter the private range is the one to use.
 *
 * Plain data, free of any engine, so Kubernetes manifests can name the range without loading cdktf.
 */
export const GOOGLE_PRIVATE_APIS = {
  /** The range, for routes and NetworkPolicies. */
  cidr: '199.36.153.8/30',
  /** Its four addresses, for the DNS records. */
  addresses: ['199.36.153.8', '199.36.153.9', '199.36.153.10', '199.36.153.11'],
  /** The domain resolved to it. */
  domain: 'googleapis.com',
  /** The host the domain's names point to. */
  host: 'private.googleapis.com',
} as const;
