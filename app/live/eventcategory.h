#pragma once

#include <QString>

namespace infrastage::gui {

// The groups the event log filters by; each event kind belongs to one.
enum class EventCategory {
    Dns,         // questions and answers
    Http,        // requests through the load balancer, web and application servers
    HealthCheck, // a load balancer's checks and UP/DOWN transitions
    Database,    // statements and role changes
    Replication, // the primary's log streamed to replicas, lag
    Fault,       // faults injected and control commands applied
    Failover,    // automatic failover's steps
    Firewall,    // connections a firewall let in, dropped or rejected
    Monitoring,  // the monitoring node's alerts and scrape targets going down or up
    Runtime,     // processes starting, stopping, exiting; everything else
};
inline constexpr int EventCategoryCount = 10;

EventCategory eventCategory(const QString &kind);
QString eventCategoryName(EventCategory category); // "DNS", "HTTP", "Health checks", ...

} // namespace infrastage::gui
