/**
 * The GKE release channel of a {@link GkeCluster}: it decides the Kubernetes version and when GKE upgrades it, so the
 * cluster stays on supported versions. An enum-like class: `GkeReleaseChannel.of('...')` names a channel GKE adds
 * before this library lists it. `UNSPECIFIED` (no channel, versions managed by hand) is refused.
 */
export class GkeReleaseChannel {
  /** The newest versions, weeks after their open-source release; no SLA on upgrade stability. */
  public static readonly RAPID = new GkeReleaseChannel('RAPID');

  /** Versions 2-3 months after RAPID: features and stability balanced. GKE's default. */
  public static readonly REGULAR = new GkeReleaseChannel('REGULAR');

  /** Versions 2-3 months after REGULAR: for workloads that favour stability over features. */
  public static readonly STABLE = new GkeReleaseChannel('STABLE');

  /** Like REGULAR, and a minor version stays up to 24 months (extended support, billed). */
  public static readonly EXTENDED = new GkeReleaseChannel('EXTENDED');

  /** A channel by its GKE name, for one this library does not list yet. */
  public static of(value: string): GkeReleaseChannel {
    return new GkeReleaseChannel(value);
  }

  /** @param value the channel as GKE spells it */
  private constructor(public readonly value: string) {}

  public toString(): string {
    return this.value;
  }
}
