#pragma once

#include "walkthroughstep.h"

#include <QHash>
#include <QList>

namespace infrastage::runtime {

// Turns the events of one request's trace, in time order, into walkthrough steps, following
// the request from node to node so that each step names the link it crossed.
// A database's step names the application that asked it, known from the forward to that
// application; on a busy machine that event can arrive after the query's (each process writes
// its own events), so the query's step waits for it.
class WalkthroughSteps final {
public:
    WalkthroughSteps(QHash<QString, QString> roles, qint64 startNs);

    // The steps this event makes ready, in order: usually its own; none while it waits; a
    // waiting query's after the forward it waited for.
    QList<WalkthroughStep> add(const RuntimeEvent &event);
    // The steps still waiting (the forward never came), at the end of the request.
    QList<WalkthroughStep> flush();
    // Every step: those made ready, then those still waiting.
    QList<WalkthroughStep> steps() const;

private:
    WalkthroughStep stepOf(const RuntimeEvent &event);
    bool applicationHolds() const;

    QHash<QString, QString> m_roles;   // node id -> role
    QHash<QString, QString> m_callers; // node id -> the node that sent it the request
    QString m_holder;                  // the node the request reached last
    qint64 m_startNs;
    QList<WalkthroughStep> m_steps;
    QList<RuntimeEvent> m_waiting; // queries that came before the forward to their application
};

} // namespace infrastage::runtime
