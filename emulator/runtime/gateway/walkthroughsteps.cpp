#include "walkthroughsteps.h"

#include "events/eventkind.h"

namespace infrastage::runtime {

WalkthroughSteps::WalkthroughSteps(QHash<QString, QString> roles, qint64 startNs)
    : m_roles(std::move(roles))
    , m_startNs(startNs) {}

bool WalkthroughSteps::applicationHolds() const {
    return m_roles.value(m_holder) == QLatin1String("app");
}

WalkthroughStep WalkthroughSteps::stepOf(const RuntimeEvent &e) {
    // A database hears from whoever holds the request; a web or app server from its caller.
    const QString previous =
        e.kind == EventKind::DbQuery ? m_holder : m_callers.value(e.node, m_holder);
    WalkthroughStep step =
        WalkthroughStep::fromEvent(e, m_roles.value(e.node), previous, m_startNs);
    if (e.kind == EventKind::LbForward || e.kind == EventKind::WebForward) {
        m_callers.insert(step.to, e.node);
        m_holder = step.to;
    } else if (e.kind == EventKind::LbRequest) {
        m_holder = e.node;
    }
    m_steps.append(step);
    return step;
}

QList<WalkthroughStep> WalkthroughSteps::add(const RuntimeEvent &e) {
    if (e.kind == EventKind::DbQuery && !applicationHolds()) {
        m_waiting.append(e);
        return {};
    }
    QList<WalkthroughStep> ready{stepOf(e)};
    if (applicationHolds()) {
        for (const RuntimeEvent &w : std::as_const(m_waiting))
            ready.append(stepOf(w));
        m_waiting.clear();
    }
    return ready;
}

QList<WalkthroughStep> WalkthroughSteps::flush() {
    QList<WalkthroughStep> ready;
    for (const RuntimeEvent &w : std::as_const(m_waiting))
        ready.append(stepOf(w));
    m_waiting.clear();
    return ready;
}

QList<WalkthroughStep> WalkthroughSteps::steps() const {
    WalkthroughSteps copy = *this;
    copy.flush();
    return copy.m_steps;
}

} // namespace infrastage::runtime
