#pragma once

#include "runtimeevent.h"

#include <QHash>
#include <QList>

namespace infrastage::runtime {

// Pairs the firewall decisions of a run with the hops of one request. A decision is taken when
// a connection is opened, so it carries no trace: it belongs to a request whose event at the
// same node came in on that connection (lb.request, web.request and app.request name their
// `client`), or, at a database, whose application's host is the decision's source. A
// kept-alive connection was let in before the request: its hop has no firewall step.
class FirewallMatcher final {
public:
    static bool isDecision(const QString &kind);

    // `hostOf`: node id -> the id of the host it stands on (AddressPlan endpoints).
    explicit FirewallMatcher(QHash<QString, QString> hostOf)
        : m_hostOf(std::move(hostOf)) {}

    // Keeps a decision until a hop claims it (the most recent ones only).
    void remember(const RuntimeEvent &decision);
    // The decisions that belong right before the traced event `e`, with e's trace.
    QList<RuntimeEvent> claim(const RuntimeEvent &e);
    // The drops and rejects of connections or datagrams from the Internet (the browser) at
    // `node` since `sinceNs`, given `trace`: why a request got no answer there.
    QList<RuntimeEvent> claimRefusals(const QString &node, qint64 sinceNs, const QString &trace);

private:
    static constexpr int kKept = 256;
    QList<RuntimeEvent> m_decisions;
    QHash<QString, QString> m_hostOf;
    QString m_lastApplication; // the application the request was last forwarded to
};

} // namespace infrastage::runtime
