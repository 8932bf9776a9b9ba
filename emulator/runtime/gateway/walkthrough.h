#pragma once

#include "runtimeevent.h"
#include "walkthroughstep.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace infrastage::runtime {

// The five steps of the reference design's walkthrough (DNS resolution, load balancer choice,
// server processing, database operation, response path) built from the real events of one
// request's trace: the whole walkthrough the gateway delivers when a request is done, and what
// `infrastage-cli request` prints.
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
        qint64 askedNs = 0; // CLOCK_MONOTONIC when the question was sent
    };
    struct Client {
        QByteArray method = "GET";
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

    Walkthrough() = default; // empty: no request
    Walkthrough(Dns dns, Client client, QList<RuntimeEvent> events, QHash<QString, QString> roles);

    bool isEmpty() const { return m_client.trace.isEmpty(); }
    const Dns &dns() const { return m_dns; }
    const Client &client() const { return m_client; }
    const QList<RuntimeEvent> &events() const { return m_events; }
    // One step per event in time order, each with its hop and caption, then the browser's;
    // offsets from the DNS question (from the request when the address was remembered).
    QList<WalkthroughStep> steps() const;
    qint64 startNs() const;
    // The browser's last step: the response received, or why the request failed.
    WalkthroughStep browserStep() const;

    QJsonObject toJson() const;
    QString toText() const;

    // Which of the five steps (1-5) an event of `role` and `kind` belongs to.
    static int stepOf(const QString &role, const QString &kind);
    // One human line for an event ("chose server-1-web (roundrobin: ...)").
    static QString describe(const RuntimeEvent &event);

private:
    QString at(qint64 t) const; // "+0.412 ms" relative to the request

    Dns m_dns;
    Client m_client;
    QList<RuntimeEvent> m_events;
    QHash<QString, QString> m_roles; // node id -> role
};

} // namespace infrastage::runtime

Q_DECLARE_METATYPE(infrastage::runtime::Walkthrough)
