#include "eventcategory.h"

#include "events/eventkind.h"

#include <QCoreApplication>
#include <QHash>

namespace infrastage::gui {

namespace {

QHash<QString, EventCategory> buildTable() {
    namespace K = EventKind;
    QHash<QString, EventCategory> t;
    auto put = [&t](EventCategory c, std::initializer_list<QLatin1String> kinds) {
        for (QLatin1String k : kinds)
            t.insert(k, c);
    };
    put(EventCategory::Dns, {K::DnsQuery, K::DnsAnswer, K::DnsMalformed});
    put(EventCategory::Http,
        {K::LbRequest,   K::LbChoice,   K::LbForward,   K::LbRetry,        K::LbResponse,
         K::LbError,     K::LbRedirect, K::LbTlsFailed, K::LbTcpError,     K::LbTcpOpen,
         K::LbTcpClose,  K::LbQueue,    K::LbDequeue,   K::LbQueueTimeout, K::WebRequest,
         K::WebStatic,   K::WebForward, K::WebDenied,   K::WebResponse,    K::AppRequest,
         K::HttpRejected});
    put(EventCategory::HealthCheck, {K::LbHealth, K::LbCheck});
    put(EventCategory::Database, {K::DbQuery, K::DbRole, K::DbFenced});
    put(EventCategory::Replication,
        {K::ReplicationConnected, K::ReplicationDisconnected, K::ReplicationTimeout,
         K::ReplicationError, K::ReplicationDiverged, K::ReplicationLag,
         K::ReplicationReplicaConnected, K::ReplicationReplicaDisconnected, K::ReplicationReplica,
         K::ReplicationSemisync});
    put(EventCategory::Fault,
        {K::RuntimeFault, K::ControlApplied, K::ControlError, K::ControlIgnored});
    put(EventCategory::Failover,
        {K::FailoverSuspect, K::FailoverRecovered, K::FailoverFence, K::FailoverSplitBrainRisk,
         K::FailoverDiverged, K::FailoverNoCandidate, K::FailoverPromote, K::FailoverError,
         K::FailoverRepoint, K::FailoverDone});
    put(EventCategory::Firewall, {K::FirewallAccept, K::FirewallDrop, K::FirewallReject});
    put(EventCategory::Monitoring, {K::MonitorAlert, K::MonitorTarget});
    return t;
}

} // namespace

EventCategory eventCategory(const QString &kind) {
    static const QHash<QString, EventCategory> table = buildTable();
    return table.value(kind, EventCategory::Runtime);
}

QString eventCategoryName(EventCategory category) {
    auto tr = [](const char *s) { return QCoreApplication::translate("EventCategory", s); };
    switch (category) {
    case EventCategory::Dns:
        return tr("DNS");
    case EventCategory::Http:
        return tr("HTTP");
    case EventCategory::HealthCheck:
        return tr("Health checks");
    case EventCategory::Database:
        return tr("Database");
    case EventCategory::Replication:
        return tr("Replication");
    case EventCategory::Fault:
        return tr("Faults");
    case EventCategory::Failover:
        return tr("Failover");
    case EventCategory::Firewall:
        return tr("Firewall");
    case EventCategory::Monitoring:
        return tr("Monitoring");
    case EventCategory::Runtime:
        return tr("Processes");
    }
    return QString();
}

} // namespace infrastage::gui
