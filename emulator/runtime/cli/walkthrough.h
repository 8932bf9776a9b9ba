#pragma once

#include "runtimeevent.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace infrastage::cli {

// The five steps of the reference design's walkthrough (DNS resolution, load balancer choice,
// server processing, database operation, response path) built from the real events of one
// request's trace. Used by `infrastage-cli request`.
class Walkthrough final {
public:
    struct Dns {
        QString name;
        QString server;        // node id
        QString serverAddress; // 127.x.y.z:port really asked
        QString designServer;  // 8.8.4.4:53 in the diagram
        QString rcode;
        QString answer;    // the final address
        QStringList chain; // "www.foobar.com CNAME ...", "... A 8.8.8.8 (TTL 300)"
        qint64 elapsedNs = 0;
    };
    struct Client {
        QString url;
        QString trace;
        QString target; // the loopback address:port the request went to
        QString designTarget;
        QString tls;      // HTTPS: protocol and cipher agreed ("TLSv1.3 TLS_AES_256_GCM_SHA384")
        QString location; // a redirect's Location header
        bool dnsCached = false; // the address came from an earlier request of this walkthrough
        int status = 0;
        qint64 bytes = 0;
        QString servedBy;
        QString error;
        qint64 sentNs = 0;     // CLOCK_MONOTONIC when the request was written
        qint64 receivedNs = 0; // when the response was complete
    };

    Walkthrough(Dns dns, Client client, QList<runtime::RuntimeEvent> events,
                QHash<QString, QString> roles);

    QJsonObject toJson() const;
    QString toText() const;

    // Which of the five steps (1-5) an event of `role` and `kind` belongs to.
    static int stepOf(const QString &role, const QString &kind);
    // One human line for an event ("chose server-1-web (roundrobin: ...)").
    static QString describe(const runtime::RuntimeEvent &event);

private:
    QString at(qint64 t) const; // "+0.412 ms" relative to the request

    Dns m_dns;
    Client m_client;
    QList<runtime::RuntimeEvent> m_events;
    QHash<QString, QString> m_roles; // node id -> role
};

} // namespace infrastage::cli
