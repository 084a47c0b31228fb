import { ref, TfResource } from './terraform';

/**
 * Asserts what the customer-managed keys of AcrRegistry and AksCluster share: the key lives in the vault at
 * `vaultAddress`, is created only once the deployer holds the Crypto Officer role assigned at `officerAddress`,
 * rotates every 180 days, expires after two years with a 30-day notice, and cannot be destroyed.
 */
export function expectProtectedKey(key: TfResource, vaultAddress: string, officerAddress: string): void {
  expect(key.key_vault_id).toBe(ref(vaultAddress, 'id'));
  expect(key.rotation_policy).toEqual({
    automatic: { time_after_creation: 'P180D' },
    expire_after: 'P730D',
    notify_before_expiry: 'P30D',
  });
  expect(key.lifecycle).toEqual({ prevent_destroy: true });
  expect(key.depends_on).toEqual([officerAddress]);
}
