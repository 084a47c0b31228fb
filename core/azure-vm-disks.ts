/**
 * Local temp disk of the Azure VM sizes on which the baseline places an ephemeral OS disk, in GiB.
 *
 * Source: Microsoft Learn, the "Temp storage (SSD) GiB" column of "Ddv5 and Ddsv5-series"
 * (https://learn.microsoft.com/azure/virtual-machines/ddv5-ddsv5-series) and "Edv5 and Edsv5-series"
 * (https://learn.microsoft.com/azure/virtual-machines/edv5-edsv5-series); both list ephemeral OS disks as supported.
 * These v5 sizes have no cache disk, so Azure places the ephemeral OS disk on the temp disk (`ResourceDisk`), which
 * is what bounds its size. A size missing here is not known to fit: it keeps a managed OS disk unless a caller adds
 * the size with its source.
 */
export const AZURE_VM_TEMP_DISK_GIB: Readonly<Record<string, number>> = {
  Standard_D2ds_v5: 75,
  Standard_D4ds_v5: 150,
  Standard_D8ds_v5: 300,
  Standard_D16ds_v5: 600,
  Standard_D32ds_v5: 1200,
  Standard_D48ds_v5: 1800,
  Standard_D64ds_v5: 2400,
  Standard_D96ds_v5: 3600,
  Standard_E2ds_v5: 75,
  Standard_E4ds_v5: 150,
  Standard_E8ds_v5: 300,
  Standard_E16ds_v5: 600,
  Standard_E20ds_v5: 750,
  Standard_E32ds_v5: 1200,
  Standard_E48ds_v5: 1800,
  Standard_E64ds_v5: 2400,
  Standard_E96ds_v5: 3600,
};

/** AKS's default OS disk size, in GiB: an ephemeral OS disk takes it where the temp disk is larger. */
export const AKS_DEFAULT_OS_DISK_GIB = 128;

/**
 * The size of the ephemeral OS disk a node of `vmSize` gets, in GiB: AKS's default size, or the whole temp disk when
 * that is smaller. Undefined for a size not in {@link AZURE_VM_TEMP_DISK_GIB}.
 */
export function ephemeralOsDiskGiB(vmSize: string): number | undefined {
  const temp = Object.hasOwn(AZURE_VM_TEMP_DISK_GIB, vmSize) ? AZURE_VM_TEMP_DISK_GIB[vmSize] : undefined;
  return temp === undefined ? undefined : Math.min(AKS_DEFAULT_OS_DISK_GIB, temp);
}
