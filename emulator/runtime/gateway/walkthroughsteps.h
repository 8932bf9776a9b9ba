#pragma once

#include "walkthroughstep.h"

#include <QHash>
#include <QList>

namespace infrastage::runtime {

// Turns the events of one request's trace, in time order, into walkthrough steps, following
// the request from node to node so that each step names the link it crossed.
class WalkthroughSteps final {
public:
    WalkthroughSteps(QHash<QString, QString> roles, qint64 startNs);

    WalkthroughStep add(const RuntimeEvent &event);
    const QList<WalkthroughStep> &steps() const { return m_steps; }

private:
    QHash<QString, QString> m_roles;   // node id -> role
    QHash<QString, QString> m_callers; // node id -> the node that sent it the request
    QString m_holder;                  // the node the request reached last
    qint64 m_startNs;
    QList<WalkthroughStep> m_steps;
};

} // namespace infrastage::runtime
