#include "viptakeover.h"

#include "events/eventkind.h"

namespace infrastage::runtime {

VipTakeover::VipTakeover(Orchestrator *orchestrator, QString killed, QObject *parent)
    : QObject(parent)
    , m_orchestrator(orchestrator)
    , m_killed(std::move(killed)) {
    m_timeout.setSingleShot(true);
    const VirtualAddress *v = m_orchestrator->plan().virtualOf(m_killed);
    qint64 longest = 0;
    if (v) {
        m_members = v->members;
        for (const QString &id : m_members) {
            const Node *n = m_orchestrator->topology().node(id);
            longest = qMax(longest, n ? n->number(QStringLiteral("advert_int")) : 0);
        }
    }
    m_timeout.setInterval(int(4 * longest + 3000));
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_orchestrator->disconnect(this);
        emit finished(false, QStringLiteral("%1: no other load balancer took its VIP over "
                                            "within %2 ms")
                                 .arg(m_killed)
                                 .arg(m_clock.elapsed()));
    });
}

bool VipTakeover::moves(const Orchestrator &orchestrator, const QString &node) {
    const VirtualAddress *v = orchestrator.plan().virtualOf(node);
    return v && v->members.size() > 1 && v->endpoint.node == node;
}

NodeInfo VipTakeover::frontDoor(const Orchestrator &orchestrator, const QString &node) {
    NodeInfo info = orchestrator.node(node);
    if (const VirtualAddress *v = orchestrator.plan().virtualOf(node)) {
        info.address = v->endpoint.address;
        info.port = v->endpoint.port;
        info.designAddress = v->endpoint.designAddress;
        info.httpsPort = v->endpoint.tlsPort;
    }
    return info;
}

void VipTakeover::start() {
    m_clock.start();
    connect(m_orchestrator, &Orchestrator::event, this, &VipTakeover::onEvent);
    m_timeout.start();
}

void VipTakeover::onEvent(const RuntimeEvent &e) {
    if (e.kind != EventKind::VrrpVipAcquired || e.node == m_killed || !m_members.contains(e.node))
        return;
    m_timeout.stop();
    m_orchestrator->disconnect(this);
    emit finished(true, QStringLiteral("%1: %2 took the VIP over %3 ms after the kill; measured "
                                       "from then on")
                            .arg(m_killed, e.node)
                            .arg(m_clock.elapsed()));
}

} // namespace infrastage::runtime
