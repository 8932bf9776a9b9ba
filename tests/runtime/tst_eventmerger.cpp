// EventMerger releases the nodes' events in time order; an event later than the hold window is
// released at once (counted), and the window widens to what it would have needed (bounded).
#include "eventmerger.h"

#include <QtTest>

using infrastage::runtime::EventMerger;
using infrastage::runtime::RuntimeEvent;

namespace {
RuntimeEvent at(qint64 t, const char *kind) {
    RuntimeEvent e;
    e.t = t;
    e.kind = QString::fromLatin1(kind);
    return e;
}
} // namespace

class TestEventMerger final : public QObject {
    Q_OBJECT

private slots:
    void lateEventsWidenTheWindow() {
        EventMerger merger;
        merger.setHoldWindowMs(30);
        QList<RuntimeEvent> out;
        connect(&merger, &EventMerger::released, this,
                [&](const RuntimeEvent &e) { out.append(e); });
        const qint64 ms = 1000000;
        qint64 now = RuntimeEvent::nowNs();
        merger.add(at(now, "b"));
        merger.add(at(now - 5 * ms, "a")); // within the window: sorted
        QTRY_COMPARE(out.size(), 2);
        QCOMPARE(out.at(0).kind, QStringLiteral("a"));
        QCOMPARE(out.at(1).kind, QStringLiteral("b"));

        // 900 ms late: out of order, counted, and the window grows past that.
        merger.add(at(now - 900 * ms, "late"));
        QCOMPARE(merger.lateEvents(), 1);
        QVERIFY(merger.holdWindowNs() > 900 * ms);
        QVERIFY(merger.holdWindowNs() <= 1000 * ms);

        // Later events still come out in time order, and none counts as late.
        merger.add(at(RuntimeEvent::nowNs(), "d"));
        merger.add(at(now + 1, "c"));
        QTRY_COMPARE_WITH_TIMEOUT(out.size(), 5, 5000);
        QCOMPARE(out.at(3).kind, QStringLiteral("c"));
        QCOMPARE(out.at(4).kind, QStringLiteral("d"));
        QCOMPARE(merger.lateEvents(), 1);
    }
};

QTEST_GUILESS_MAIN(TestEventMerger)
#include "tst_eventmerger.moc"
