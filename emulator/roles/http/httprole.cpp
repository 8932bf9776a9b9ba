#include "httprole.h"

#include "eventemitter.h"
#include "events/eventkind.h"
#include "monotonic.h"

#include <algorithm>
#include <cstdio>

namespace infrastage::roles {

HttpRole::HttpRole(QObject *parent)
    : Role(parent)
    , m_server(this)
    , m_pool(this) {
    m_server.setPeerFilter(&m_filter);
    m_pool.setPeerFilter(&m_filter);
    connect(&m_server, &http::HttpServer::rejected, this,
            [](const QHostAddress &peer, int status, const QByteArray &reason) {
                EventEmitter::emitEvent(
                    EventKind::HttpRejected,
                    QJsonObject{{QStringLiteral("client"), peer.toString()},
                                {QStringLiteral("status"), status},
                                {QStringLiteral("reason"), QString::fromLatin1(reason)}});
            });
}

bool HttpRole::startServer(const QJsonObject &config, const http::HttpServer::Options &defaults,
                           QString *error) {
    m_tracing = config.value(QLatin1String("tracing")).toBool(true);
    http::ListenSpec spec;
    if (!http::ListenSpec::fromJson(config.value(QLatin1String("listen")), QStringLiteral("listen"),
                                    &spec, error))
        return false;
    http::HttpServer::Options o = defaults;
    const QJsonObject t = config.value(QLatin1String("timeouts")).toObject();
    o.requestTimeoutMs = t.value(QLatin1String("client")).toInt(o.requestTimeoutMs);
    o.idleTimeoutMs =
        t.value(QLatin1String("idle"))
            .toInt(t.contains(QLatin1String("client")) ? std::max(o.requestTimeoutMs, 1)
                                                       : o.idleTimeoutMs);
    if (o.requestTimeoutMs <= 0 || o.idleTimeoutMs <= 0) {
        *error = QStringLiteral("timeouts must be positive milliseconds");
        return false;
    }
    m_server.setOptions(o);
    if (!m_server.listen(spec, error))
        return false;
    m_listenAddress = spec.address;
    m_pool.setSourceAddress(spec.address);
    return true;
}

void HttpRole::control(const QJsonObject &command) {
    const QString cmd = command.value(QLatin1String("cmd")).toString();
    if (cmd == QLatin1String("slow")) {
        const int ms = std::max(0, command.value(QLatin1String("ms")).toInt());
        m_server.setExtraLatency(ms);
        onSlow(ms);
        EventEmitter::emitEvent(EventKind::ControlApplied, QJsonObject{{QStringLiteral("cmd"), cmd},
                                                                       {QStringLiteral("ms"), ms}});
        return;
    }
    if (cmd == QLatin1String("cut") || cmd == QLatin1String("heal") ||
        cmd == QLatin1String("delay") || cmd == QLatin1String("loss")) {
        const QString peerText = command.value(QLatin1String("peer")).toString();
        QHostAddress peer;
        if (!peer.setAddress(peerText)) {
            std::fprintf(stderr, "control %s: bad peer address '%s'\n", qPrintable(cmd),
                         qPrintable(peerText));
            Role::control(command);
            return;
        }
        QJsonObject applied{{QStringLiteral("cmd"), cmd},
                            {QStringLiteral("peer"), peer.toString()}};
        if (cmd == QLatin1String("cut")) {
            m_filter.cut(peer);
            m_server.abortPeer(peer);
            m_pool.abortPeer(peer);
            onCut(peer);
        } else if (cmd == QLatin1String("heal")) {
            m_filter.heal(peer);
        } else if (cmd == QLatin1String("delay")) {
            const int ms = std::max(0, command.value(QLatin1String("ms")).toInt());
            m_filter.setDelay(peer, ms);
            applied.insert(QStringLiteral("ms"), ms);
        } else {
            const int percent = std::clamp(command.value(QLatin1String("percent")).toInt(), 0, 100);
            m_filter.setLoss(peer, percent);
            applied.insert(QStringLiteral("percent"), percent);
        }
        EventEmitter::emitEvent(EventKind::ControlApplied, applied);
        return;
    }
    if (cmd == QLatin1String("internet")) {
        const bool reachable = command.value(QLatin1String("reachable")).toBool(true);
        QSet<QString> inside;
        for (const QJsonValue &a : command.value(QLatin1String("inside")).toArray())
            inside.insert(a.toString());
        m_filter.setInternet(reachable, inside);
        if (!reachable) {
            m_server.abortRefused();
            onInternetCut();
        }
        EventEmitter::emitEvent(
            EventKind::ControlApplied,
            QJsonObject{{QStringLiteral("cmd"), cmd}, {QStringLiteral("reachable"), reachable}});
        return;
    }
    Role::control(command);
}

void HttpRole::stop() {
    m_server.close();
}

QJsonObject HttpRole::messageJson(const QByteArray &line, const http::HttpHeaders &headers) {
    QJsonArray list;
    for (const auto &f : headers.fields())
        list.append(QJsonArray{QString::fromLatin1(f.first), QString::fromLatin1(f.second)});
    return QJsonObject{{QStringLiteral("line"), QString::fromLatin1(line)},
                       {QStringLiteral("headers"), list}};
}

QJsonObject HttpRole::requestJson(const http::HttpRequest &r) {
    return messageJson(r.requestLine(), r.headers);
}

QJsonObject HttpRole::responseJson(const http::HttpResponse &r) {
    return messageJson(r.statusLine(), r.headers);
}

} // namespace infrastage::roles
