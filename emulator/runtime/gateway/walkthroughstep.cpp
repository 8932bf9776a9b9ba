#include "walkthroughstep.h"

#include "walkthrough.h"

#include "events/eventkind.h"

namespace infrastage::runtime {

namespace {

QJsonObject pick(const QJsonObject &d, std::initializer_list<const char *> keys) {
    QJsonObject o;
    for (const char *k : keys) {
        const QJsonValue v = d.value(QLatin1String(k));
        if (!v.isUndefined())
            o.insert(QLatin1String(k), v);
    }
    return o;
}

QString text(const QJsonObject &d, const char *key) {
    return d.value(QLatin1String(key)).toString();
}

} // namespace

QString walkthroughStageTitle(WalkthroughStage stage) {
    switch (stage) {
    case WalkthroughStage::Dns:
        return QStringLiteral("DNS resolution");
    case WalkthroughStage::Balancer:
        return QStringLiteral("Load balancer choice");
    case WalkthroughStage::Server:
        return QStringLiteral("Server processing");
    case WalkthroughStage::Database:
        return QStringLiteral("Database operation");
    case WalkthroughStage::Response:
        return QStringLiteral("Response path");
    }
    return QString();
}

WalkthroughStep WalkthroughStep::fromEvent(const RuntimeEvent &e, const QString &role,
                                           const QString &previousNode, qint64 startNs) {
    namespace K = EventKind;
    const QJsonObject &d = e.details;
    WalkthroughStep s;
    s.stage = WalkthroughStage(Walkthrough::stepOf(role, e.kind));
    s.node = e.node;
    s.kind = e.kind;
    s.caption = e.node + QStringLiteral(": ") + Walkthrough::describe(e);
    s.t = e.t;
    s.offsetMs = double(e.t - startNs) / 1e6;
    s.trace = e.trace;
    s.details = d;
    s.inbound = d.value(QLatin1String("received")).toObject();
    s.outbound = d.value(QLatin1String("forwarded")).toObject();
    for (const char *key : {"duration_us", "us"}) {
        const QJsonValue v = d.value(QLatin1String(key));
        if (v.isDouble()) {
            s.nodeMs = v.toDouble() / 1000.0;
            break;
        }
    }
    const QString from = previousNode.isEmpty() ? QString(BrowserNode) : previousNode;
    if (e.kind == K::DnsQuery) {
        s.from = BrowserNode, s.to = e.node;
        s.inbound = pick(d, {"name", "type", "id", "client", "edns"});
    } else if (e.kind == K::DnsAnswer) {
        s.from = e.node, s.to = BrowserNode;
        s.inbound = pick(d, {"name", "type", "id", "client"});
        s.outbound = pick(d, {"rcode", "answers", "bytes"});
    } else if (e.kind == K::LbRequest) {
        s.from = BrowserNode, s.to = e.node;
    } else if (e.kind == K::LbForward) {
        s.from = e.node, s.to = text(d, "server");
    } else if (e.kind == K::WebForward) {
        s.from = e.node, s.to = text(d, "upstream");
    } else if (e.kind == K::LbResponse || e.kind == K::LbError || e.kind == K::LbRedirect) {
        s.from = e.node, s.to = BrowserNode;
    } else if (e.kind == K::FirewallAccept || e.kind == K::FirewallDrop ||
               e.kind == K::FirewallReject) {
        // The firewall in front of the node decided on the connection the hop came in on.
        s.from = text(d, "source") == QLatin1String("internet") ? QString(BrowserNode) : from;
        s.to = e.node;
        s.inbound = pick(d, {"client", "source", "port", "listener"});
        s.outbound = pick(d, {"firewall", "action", "rule"});
    } else if (e.kind == K::WebRequest || e.kind == K::AppRequest) {
        s.from = from, s.to = e.node;
    } else if (e.kind == K::WebResponse) {
        s.from = e.node, s.to = from;
    } else if (e.kind == K::DbQuery) {
        s.from = from, s.to = e.node;
        s.inbound = pick(d, {"statement", "sql"});
        s.outbound = pick(d, {"ok", "rows", "changes", "error", "seq", "role", "semisync", "us"});
    }
    return s;
}

QJsonObject WalkthroughStep::toJson() const {
    return QJsonObject{{QStringLiteral("stage"), int(stage)},
                       {QStringLiteral("title"), walkthroughStageTitle(stage)},
                       {QStringLiteral("node"), node},
                       {QStringLiteral("from"), from},
                       {QStringLiteral("to"), to},
                       {QStringLiteral("kind"), kind},
                       {QStringLiteral("caption"), caption},
                       {QStringLiteral("t"), double(t)},
                       {QStringLiteral("offset_ms"), offsetMs},
                       {QStringLiteral("node_ms"), nodeMs},
                       {QStringLiteral("trace"), trace},
                       {QStringLiteral("inbound"), inbound},
                       {QStringLiteral("outbound"), outbound},
                       {QStringLiteral("details"), details}};
}

} // namespace infrastage::runtime
