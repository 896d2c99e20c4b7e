/**
 * Metrics: {@link dev.socketsuite.runtime.metrics.ServiceMetrics} registers every meter a
 * service exposes at {@code /observe/metrics} (connections, bytes, errors by kind, drops by
 * reason, latency histograms). Health checks live with the lifecycle in the parent package.
 * Uses Helidon metrics and the Prometheus client.
 */
package dev.socketsuite.runtime.metrics;
