/**
 * How often Amazon Inspector's enhanced scanning scans an image of an {@link EcrRegistrySettings} repository.
 * An enum-like class: `EcrScanFrequency.of('...')` names a frequency ECR adds before this library lists it.
 */
export class EcrScanFrequency {
  /** Rescans whenever new vulnerabilities are published, as long as the image is pushed or pulled now and then. */
  public static readonly CONTINUOUS_SCAN = new EcrScanFrequency('CONTINUOUS_SCAN');

  /** Scans each image once, when it is pushed. */
  public static readonly SCAN_ON_PUSH = new EcrScanFrequency('SCAN_ON_PUSH');

  /** A frequency by its ECR name (`ScanFrequency` of a registry scanning rule), for one this library does not list yet. */
  public static of(value: string): EcrScanFrequency {
    return new EcrScanFrequency(value);
  }

  /** @param value the frequency as ECR spells it */
  private constructor(public readonly value: string) {}

  public toString(): string {
    return this.value;
  }
}
