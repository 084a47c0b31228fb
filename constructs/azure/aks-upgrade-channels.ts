/**
 * The channel in which AKS upgrades a cluster's Kubernetes version by itself (`automatic_upgrade_channel`).
 * An enum-like class: `AksAutomaticUpgradeChannel.of('...')` names a channel AKS adds before this library lists it.
 */
export class AksAutomaticUpgradeChannel {
  /** The latest patch of the cluster's minor version: security fixes without API changes. */
  public static readonly PATCH = new AksAutomaticUpgradeChannel('patch');

  /** The latest patch of the minor version before the newest (N-1). */
  public static readonly STABLE = new AksAutomaticUpgradeChannel('stable');

  /** The latest patch of the newest minor version. */
  public static readonly RAPID = new AksAutomaticUpgradeChannel('rapid');

  /** Only the node image, weekly; the Kubernetes version stays. Requires the node OS channel `NODE_IMAGE`. */
  public static readonly NODE_IMAGE = new AksAutomaticUpgradeChannel('node-image');

  /** No automatic upgrades: the platform team upgrades by hand. */
  public static readonly NONE = new AksAutomaticUpgradeChannel('none');

  /** A channel by its AKS name, for one this library does not list yet. */
  public static of(value: string): AksAutomaticUpgradeChannel {
    return new AksAutomaticUpgradeChannel(value);
  }

  /** @param value the channel as AKS spells it */
  private constructor(public readonly value: string) {}

  public toString(): string {
    return this.value;
  }
}

/**
 * The channel in which AKS updates the nodes' operating system by itself (`node_os_upgrade_channel`).
 * An enum-like class: `AksNodeOsUpgradeChannel.of('...')` names a channel AKS adds before this library lists it.
 */
export class AksNodeOsUpgradeChannel {
  /** A patched node image, rolled weekly: nodes never drift. */
  public static readonly NODE_IMAGE = new AksNodeOsUpgradeChannel('NodeImage');

  /** OS security patches applied on the nodes in the maintenance window, without a new image. */
  public static readonly SECURITY_PATCH = new AksNodeOsUpgradeChannel('SecurityPatch');

  /** The OS updates itself (unattended upgrades), outside the maintenance window. */
  public static readonly UNMANAGED = new AksNodeOsUpgradeChannel('Unmanaged');

  /** No OS updates at all. */
  public static readonly NONE = new AksNodeOsUpgradeChannel('None');

  /** A channel by its AKS name, for one this library does not list yet. */
  public static of(value: string): AksNodeOsUpgradeChannel {
    return new AksNodeOsUpgradeChannel(value);
  }

  /** @param value the channel as AKS spells it */
  private constructor(public readonly value: string) {}

  public toString(): string {
    return this.value;
  }
}
