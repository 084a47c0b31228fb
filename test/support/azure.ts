import { ref, TfResource } from './terraform';

/**
 * Asserts what the customer-managed keys of AcrRegistry and AksCluster share: the key lives in the vault at
 * `vaultAddress`, is created only once `dependencies` exist (the deployer's Crypto Officer role, and the private endpoint of a private vault),
 * rotates every 180 days, expires after two years with a 30-day notice, and cannot be destroyed.
 */
export function expectProtectedKey(key: TfResource, vaultAddress: string, dependencies: string[]): void {
  expect(key.key_vault_id).toBe(ref(vaultAddress, 'id'));
  expect(key.rotation_policy).toEqual({
    automatic: { time_after_creation: 'P180D' },
    expire_after: 'P730D',
    notify_before_expiry: 'P30D',
  });
  // The first version expires two years after the plan that creates it; later versions follow the rotation policy.
  expect(key.expiration_date).toBe('${timeadd(plantimestamp(), "17520h")}');
  expect(key.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['expiration_date'] });
  expect(key.depends_on).toEqual(dependencies);
}
