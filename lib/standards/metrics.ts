/**
 * The metrics every service is expected to expose, so one set of rules, dashboards and rollout analyses works for
 * all of them. They follow the OpenTelemetry HTTP semantic conventions as the Prometheus exporter of every
 * OpenTelemetry SDK names them: a request-duration histogram in seconds, labelled with the response status code.
 */
export const SERVICE_METRICS = {
  /** Histogram of server request durations, in seconds (`_bucket`, `_count`, `_sum`). */
  requestDuration: 'http_server_request_duration_seconds',
  /** Label holding the HTTP status code of a request. */
  statusCodeLabel: 'http_response_status_code',
  /** Status codes that count as a failed request: server errors. 4xx are the client's. */
  errorStatusRegex: '5..',
  /** Path the metrics are scraped from, on the service's own port. */
  path: '/metrics',
  /** Scrape interval of every service, in seconds. */
  scrapeIntervalSeconds: 30,
} as const;
