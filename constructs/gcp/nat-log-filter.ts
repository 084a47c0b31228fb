/** Which Cloud NAT events a {@link GcpNetwork} logs. */
export enum GcpNatLogFilter {
  /** Only dropped connections: NAT ran out of ports or addresses. */
  ERRORS_ONLY = 'ERRORS_ONLY',

  /** Only successful translations: every connection opened through NAT. */
  TRANSLATIONS_ONLY = 'TRANSLATIONS_ONLY',

  /** Both. */
  ALL = 'ALL',
}
