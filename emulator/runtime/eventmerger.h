#pragma once

#include "runtimeevent.h"

#include <QObject>

#include <map>

class QTimer;

namespace infrastage::runtime {

// Merges the event streams of all nodes into one stream ordered by time. Each node's lines
// arrive in order, but two nodes' lines reach us through different pipes; events are held for
// a short window (default 30 ms) and released sorted by `t`. An event arriving later than the
// window is released at once and so may follow a newer one; `lateEvents()` counts those, and
// the window widens to what that event needed (at most 1 s), so that on a machine too busy to
// deliver within 30 ms the order holds at the cost of a later release; it narrows again, by
// halves, after 5 s without a late event.
class EventMerger final : public QObject {
    Q_OBJECT

public:
    explicit EventMerger(QObject *parent = nullptr);

    void setHoldWindowMs(int ms) { m_baseHoldNs = m_holdNs = qint64(ms) * 1000000; }
    qint64 holdWindowNs() const { return m_holdNs; } // now, widened or not
    void add(const RuntimeEvent &event);
    void flush(); // releases everything held, in order
    qint64 lateEvents() const { return m_late; }

signals:
    void released(const infrastage::runtime::RuntimeEvent &event);

private:
    void releaseUpTo(qint64 t);

    std::multimap<qint64, RuntimeEvent> m_held;
    QTimer *m_timer;
    qint64 m_baseHoldNs = 30 * 1000000;
    qint64 m_holdNs = 30 * 1000000;
    qint64 m_lastLateNs = 0; // when the window last widened (or narrowed)
    qint64 m_lastReleased = 0;
    qint64 m_late = 0;
};

} // namespace infrastage::runtime
