#include "recordedrequest.h"

#include "addressplan.h"
#include "events/eventkind.h"
#include "gateway/walkthroughsteps.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>

namespace infrastage::gui {

using runtime::RuntimeEvent;

namespace {

QString str(const RuntimeEvent &e, const char *key) {
    return e.details.value(QLatin1String(key)).toString();
}

} // namespace

QString requestOutcomeText(int status, const QString &servedBy, double ms, const QString &error) {
    auto tr = [](const char *s) { return QCoreApplication::translate("LiveDocks", s); };
    if (!error.isEmpty())
        return tr("failed: %1").arg(error);
    return tr("%1 from %2 in %3 ms")
        .arg(status)
        .arg(servedBy.isEmpty() ? tr("the load balancer") : servedBy)
        .arg(ms, 0, 'f', 2);
}

QList<RecordedRequest> RecordedRequest::findAll(const std::vector<RuntimeEvent> &events,
                                                const TopologyData &topology) {
    struct Marker {
        const RuntimeEvent *event;
        QString first; // the trace of the first exchange (the redirected one, if any)
        qint64 askedNs, redirectNs;
        QList<const RuntimeEvent *> mine;
    };
    QList<Marker> markers;
    QHash<QString, int> byTrace; // either trace of a request -> its marker
    for (const RuntimeEvent &e : events) {
        if (e.kind != EventKind::BrowserRequest)
            continue;
        Marker m{&e,
                 str(e, "first_trace"),
                 str(e, "asked_ns").toLongLong(),
                 str(e, "redirect_ns").toLongLong(),
                 {}};
        if (m.first.isEmpty())
            m.first = str(e, "trace");
        byTrace.insert(str(e, "trace"), int(markers.size()));
        byTrace.insert(m.first, int(markers.size()));
        markers.append(m);
    }
    if (markers.isEmpty())
        return {};
    // The DNS question a request asked is known by its id and the port it came from.
    QHash<QString, int> byDns;
    for (int i = 0; i < markers.size(); ++i) {
        const RuntimeEvent &e = *markers.at(i).event;
        byDns.insert(QStringLiteral("%1 %2")
                         .arg(e.details.value(QLatin1String("dns_id")).toInt())
                         .arg(str(e, "dns_client")),
                     i);
    }
    for (const RuntimeEvent &e : events) {
        int owner = -1;
        if (!e.trace.isEmpty())
            owner = byTrace.value(e.trace, -1);
        else if (e.kind == EventKind::DnsQuery || e.kind == EventKind::DnsAnswer)
            owner = byDns.value(QStringLiteral("%1 %2")
                                    .arg(e.details.value(QLatin1String("id")).toInt())
                                    .arg(str(e, "client")),
                                -1);
        if (owner >= 0 && e.t >= markers.at(owner).askedNs && e.t <= markers.at(owner).event->t)
            markers[owner].mine.append(&e);
    }
    QHash<QString, QString> roles;
    for (const Node &n : topology.nodes())
        roles.insert(n.id, runtime::AddressPlan::roleOf(n));
    QList<RecordedRequest> out;
    for (const Marker &m : std::as_const(markers)) {
        const RuntimeEvent &e = *m.event;
        RecordedRequest r;
        r.title = QStringLiteral("%1 %2").arg(str(e, "method"), str(e, "url"));
        r.outcome = requestOutcomeText(
            e.details.value(QLatin1String("status")).toInt(), str(e, "served_by"),
            e.details.value(QLatin1String("total_ms")).toDouble(), str(e, "error"));
        r.trace = str(e, "trace");
        r.startNs = m.askedNs;
        r.doneNs = e.t;
        // As the request driver did live: one builder per exchange, the second from the
        // moment the redirect was followed.
        const bool redirected = m.first != r.trace;
        runtime::WalkthroughSteps first(roles, m.askedNs);
        runtime::WalkthroughSteps second(roles, m.redirectNs);
        for (const RuntimeEvent *x : m.mine) {
            if (!redirected || (x->trace != r.trace && x->t < m.redirectNs))
                first.add(*x);
            else if (x->trace == r.trace)
                second.add(*x);
        }
        r.steps = first.steps() + second.steps();
        out.append(r);
    }
    return out;
}

} // namespace infrastage::gui
