#pragma once

// The metric names the roles serve on /metrics and the alert rules read (Prometheus text
// format 0.0.4). Database replication metrics carry mysqld_exporter's names, so the exported
// rules read the same in front of a real MySQL. docs/roles.md lists every metric.
namespace infrastage::monitoring {

// web and app roles (HttpMetrics)
inline constexpr const char kHttpRequests[] = "infrastage_http_requests_total";
inline constexpr const char kHttpResponses[] = "infrastage_http_responses_total"; // {code="5xx"}
inline constexpr const char kHttpDuration[] = "infrastage_http_request_duration_seconds";
inline constexpr const char kHttpDurationBucket[] =
    "infrastage_http_request_duration_seconds_bucket";
inline constexpr const char kHttpInFlight[] = "infrastage_http_requests_in_flight";
inline constexpr const char kHttpConnections[] = "infrastage_http_connections";

// db role (DbMetrics); replica gauges are present on replicas only
inline constexpr const char kDbUp[] = "mysql_up";
inline constexpr const char kDbReadOnly[] = "mysql_global_variables_read_only";
inline constexpr const char kReplicaLagSeconds[] = "mysql_slave_status_seconds_behind_master";
inline constexpr const char kReplicaIoRunning[] = "mysql_slave_status_slave_io_running";
inline constexpr const char kReplicaSqlRunning[] = "mysql_slave_status_slave_sql_running";

// every scrape (added by the monitor, as Prometheus does)
inline constexpr const char kUp[] = "up";

} // namespace infrastage::monitoring
