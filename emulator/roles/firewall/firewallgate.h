#pragma once

#include "firewallfilter.h"

#include <QHostAddress>
#include <QList>
#include <QObject>

#include <functional>

class QTcpSocket;

namespace infrastage::firewall {

// Enforces the firewalls guarding this node's host on what really arrives at its listeners
// (GatedServer calls it for every connection, the dns role for every datagram). One per
// process, configured from the node config before the role starts.
//
// accept: the connection goes on. reject: it is reset at once (SO_LINGER 0), so the client
// sees "connection reset". drop: it is held open and never answered, so the client waits until
// its own timeout, as behind a real drop rule (at most kMaxHeld are held; beyond that the
// oldest is reset). Each decision is an event firewall.accept / .drop / .reject naming the
// rule; to stay cheap under load an accept is reported once per source and port (every one
// with detail on), a drop or reject every time.
class FirewallGate final : public QObject {
    Q_OBJECT

public:
    static constexpr int kMaxHeld = 512;
    using Reporter = std::function<void(QLatin1String kind, const QJsonObject &details)>;

    static FirewallGate &process();

    bool configure(const QJsonValue &config, QString *error);
    void setReporter(Reporter reporter) { m_reporter = std::move(reporter); }
    void setReportEveryAccept(bool on) { m_everyAccept = on; }
    bool enabled() const { return m_filter.enabled(); }

    // A connection just accepted on descriptor `fd` by `listener` ("listen", "https",
    // "stats"). True: let it in. False: the gate reset it or holds it, and owns `fd`.
    bool admit(qintptr fd, const QString &listener);
    // A datagram from `peer`: true to answer it (a dropped or rejected one is ignored).
    bool admitDatagram(const QHostAddress &peer, quint16 peerPort, const QString &listener);
    int heldCount() const { return int(m_held.size()); }

private:
    using QObject::QObject;
    void report(const Verdict &v, const QHostAddress &peer, quint16 peerPort, int port,
                const QString &listener, bool first);
    void hold(qintptr fd);

    FirewallFilter m_filter;
    Reporter m_reporter;
    bool m_everyAccept = false;
    QList<QTcpSocket *> m_held; // oldest first
};

} // namespace infrastage::firewall
