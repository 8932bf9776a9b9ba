#pragma once

#include "model/firewallpolicy.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

namespace infrastage::firewall {

// What the firewalls in front of a listener decided for one source.
struct Verdict {
    FirewallAction action = FirewallAction::Accept;
    QString firewall; // the firewall that decided (empty: no firewall guards this listener)
    QString name;     // its name
    QString rule;     // the rule that decided: "server-1-fw rule 3: accept tcp dport 3306 ..."
    QString source;   // the design host the connection came from, or "internet"
    bool guarded() const { return !firewall.isEmpty(); }
};

// The firewalls guarding this node's host, as the orchestrator configured them (the node
// config's "firewall" object, runtime/firewallconfig.cpp): rules with loopback sources and
// design ports, checked in order, the first match deciding, chain after chain. Decisions are
// cached per source and port, so a connection costs one hash lookup.
class FirewallFilter final {
public:
    // Reads the "firewall" object; an absent one (undefined) guards nothing.
    bool configure(const QJsonValue &config, QString *error);
    bool enabled() const { return !m_chains.isEmpty(); }
    // The design port of one of the node's listeners ("listen", "https", "stats"); 0 if unknown.
    int designPort(const QString &listener) const { return m_listeners.value(listener); }
    // The verdict for a connection from the IPv4 address `peer` to design port `port`;
    // `first` says whether this source and port were seen for the first time.
    const Verdict &decide(quint32 peer, int port, bool *first = nullptr);

private:
    struct Rule {
        FirewallAction action = FirewallAction::Accept;
        QSet<quint32> sources;
        bool internet = false;
        bool any = false;
        QList<int> ports; // empty: every port
        QString text;
    };
    struct Chain {
        QString firewall;
        QString name;
        FirewallAction policy = FirewallAction::Drop;
        QString policyText;
        QSet<quint32> bypass; // sources whose traffic does not pass through it
        QList<Rule> rules;
    };
    Verdict compute(quint32 peer, int port) const;

    QList<Chain> m_chains;
    QHash<quint32, QString> m_hosts; // design addresses (loopback) -> host id
    QSet<quint32> m_trusted;         // the node's own host, the runtime's management address
    QHash<QString, int> m_listeners;
    QHash<quint64, Verdict> m_cache;
};

} // namespace infrastage::firewall
