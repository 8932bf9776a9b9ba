#include "eventmerger.h"

#include <QTimer>

namespace infrastage::runtime {

EventMerger::EventMerger(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this)) {
    m_timer->setInterval(10);
    connect(m_timer, &QTimer::timeout, this, [this] {
        releaseUpTo(RuntimeEvent::nowNs() - m_holdNs);
        if (m_held.empty())
            m_timer->stop();
    });
}

void EventMerger::add(const RuntimeEvent &event) {
    if (event.t < m_lastReleased) {
        ++m_late;
        emit released(event);
        return;
    }
    m_held.emplace(event.t, event);
    if (!m_timer->isActive())
        m_timer->start();
}

void EventMerger::releaseUpTo(qint64 t) {
    while (!m_held.empty() && m_held.begin()->first <= t) {
        auto node = m_held.extract(m_held.begin());
        m_lastReleased = node.key();
        emit released(node.mapped());
    }
}

void EventMerger::flush() {
    releaseUpTo(std::numeric_limits<qint64>::max());
    m_timer->stop();
}

} // namespace infrastage::runtime
