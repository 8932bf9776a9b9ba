#pragma once

// The ports of the Prometheus ecosystem, used by the address plan (the emulator's monitor,
// agents and database metrics listen there, moved like any port) and by the exported
// prometheus.yml (the real exporters' defaults).
namespace infrastage::monitoring {

inline constexpr int kPrometheusPort = 9090;     // the monitor: status page, alerts, /metrics
inline constexpr int kNodeExporterPort = 9100;   // a monitoring agent on a server
inline constexpr int kMysqldExporterPort = 9104; // a database's metrics

} // namespace infrastage::monitoring
