/**
 * Where the cluster's Prometheus answers queries, from inside the cluster: the Service of the kube-prometheus-stack
 * release (`<release>-prometheus` in its namespace, port 9090). Everything that queries it (the canary analysis of
 * Argo Rollouts, Grafana's data source) reads this one constant, so moving Prometheus is a one-line change.
 */
export const IN_CLUSTER_PROMETHEUS_URL = 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090';
