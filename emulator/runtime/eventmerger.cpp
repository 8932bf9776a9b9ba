#include "eventmerger.h"

#include <QTimer>

#include <algorithm>

namespace infrastage::runtime {

namespace {
constexpr qint64 kMaxHoldNs = 1000 * 1000000;       // the widest the window grows
constexpr qint64 kNarrowAfterNs = 5000 * 1000000LL; // without a late event, then halve it
} // namespace

EventMerger::EventMerger(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this)) {
    m_timer->setInterval(10);
    connect(m_timer, &QTimer::timeout, this, [this] {
        const qint64 now = RuntimeEvent::nowNs();
        if (m_holdNs > m_baseHoldNs && now - m_lastLateNs > kNarrowAfterNs) {
            m_holdNs = std::max(m_baseHoldNs, m_holdNs / 2);
            m_lastLateNs = now;
        }
        releaseUpTo(now - m_holdNs);
        if (m_held.empty())
            m_timer->stop();
    });
}

void EventMerger::add(const RuntimeEvent &event) {
    if (event.t < m_lastReleased) {
        ++m_late;
        // Wide enough for this one next time, with a margin of the base window.
        m_holdNs = std::clamp(m_lastReleased - event.t + m_holdNs + m_baseHoldNs, m_holdNs,
                              std::max(m_baseHoldNs, kMaxHoldNs));
        m_lastLateNs = RuntimeEvent::nowNs();
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
