#pragma once

#include "mermaidgraph.h"
#include "model/topologydata.h"

#include <QHash>
#include <QSet>

namespace infrastage {

// Turns the arrows of a drawing into typed links once its boxes are nodes: the kinds at both
// ends decide (load balancer -> web server is a backend, application -> database is data,
// database -> database is replication), an arrow to a server box reaches the component that
// fits, the arrow's text says read or write, and what is left between two hosts is a network
// link. Then it adds what drawings leave implied: Nginx forwards to its application server,
// which uses its database; a load balancer reaches the web servers behind the firewalls it
// points at; an application drawn reading a replica writes to the primary; DNS answers with
// the entry point; a replica drawn without its replication arrow replicates from the primary.
class MermaidLinker final {
public:
    // `filled` receives what the linker adds that the drawing did not show.
    MermaidLinker(TopologyData *topology, QStringList *warnings, QStringList *filled);

    // Databases whose label says neither: the end an arrow between two databases leaves is
    // the primary, the other the replica; a database on its own is a primary.
    void resolveDatabaseRoles(const QList<MermaidEdge> &edges,
                              const QHash<QString, QString> &resolved);
    void link(const QList<MermaidEdge> &edges, const QHash<QString, QString> &resolved);
    void addImplied();
    // The address DNS answers with when a DNS box's label gives it; an arrow's text from the
    // browser to DNS ("Returns IP 8.8.8.8") wins over it.
    void setDnsAnswer(const QString &address) { m_dnsAnswer = address; }

private:
    void addLink(LinkKind kind, const QString &from, const QString &to, const QString &label,
                 int line);
    bool specificLink(const Node &a, const Node &b, LinkKind *kind, QString *from,
                      QString *to) const;
    bool connected(const QString &hostA, const QString &hostB);
    static QString hostPair(const QString &a, const QString &b) {
        return a < b ? a + QLatin1Char('\n') + b : b + QLatin1Char('\n') + a;
    }
    bool hasLink(LinkKind kind, const QString &from, const QString &to) const;
    void addBackendsThroughFirewalls();
    void addWritesToPrimary();
    void addReplicationToReplicas();
    void warn(int line, const QString &what);

    TopologyData *m_t;
    QStringList *m_warnings;
    QStringList *m_filled;
    QString m_dnsAnswer;       // an address a DNS server was drawn answering with
    QSet<QString> m_hostPairs; // hosts joined by a link, as hostPair()
    qsizetype m_pairsSeen = 0; // links already in m_hostPairs
};

} // namespace infrastage
