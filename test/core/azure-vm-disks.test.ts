import { AKS_DEFAULT_OS_DISK_GIB, AZURE_VM_TEMP_DISK_GIB, ephemeralOsDiskGiB } from '../../core/azure-vm-disks';

describe('ephemeralOsDiskGiB', () => {
  test('AKS\'s default size where the temp disk is larger, the whole temp disk where it is smaller', () => {
    expect(ephemeralOsDiskGiB('Standard_D4ds_v5')).toBe(AKS_DEFAULT_OS_DISK_GIB);
    expect(ephemeralOsDiskGiB('Standard_D2ds_v5')).toBe(75);
    expect(ephemeralOsDiskGiB('Standard_E2ds_v5')).toBe(75);
  });

  test('no size for a VM size whose temp disk is not known to hold one (no temp disk, or not in the table)', () => {
    expect(ephemeralOsDiskGiB('Standard_D4s_v5')).toBeUndefined();
    expect(ephemeralOsDiskGiB('Standard_D4as_v5')).toBeUndefined();
    // Not an own key of the table: inherited properties are not VM sizes
    expect(ephemeralOsDiskGiB('constructor')).toBeUndefined();
  });

  test('the table holds the vendor\'s numbers: temp storage doubles with the vCPUs, 75 GiB per 2 vCPUs', () => {
    // Microsoft Learn, Ddsv5 and Edsv5 series: Standard_<family><vCPUs>ds_v5 has 37.5 GiB of temp disk per vCPU
    for (const [size, gib] of Object.entries(AZURE_VM_TEMP_DISK_GIB)) {
      const vcpus = Number(/^Standard_[DE](\d+)ds_v5$/.exec(size)![1]);
      expect([size, gib]).toEqual([size, vcpus * 37.5]);
    }
  });
});
