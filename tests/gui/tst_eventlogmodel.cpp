// The event log's window (EventLogModel, no processes): whatever the events' size and however
// they come in batches, it holds at most its bytes and its rows, the newest, in order.
#include "live/eventlogmodel.h"

#include <QRandomGenerator>
#include <QTest>

using namespace infrastage::gui;
using infrastage::runtime::RuntimeEvent;

namespace {

RuntimeEvent hop(qint64 t, qsizetype detailBytes) {
    RuntimeEvent e;
    e.t = t;
    e.node = QStringLiteral("server-1-web");
    e.kind = QStringLiteral("web.request");
    e.trace = QStringLiteral("%1").arg(t, 32, 16, QLatin1Char('0'));
    e.detailsJson =
        "{\"headers\":\"" + QByteArray(qMax<qsizetype>(0, detailBytes - 15), 'x') + "\"}";
    return e;
}

qint64 heldBytes(const EventLogModel &m) {
    qint64 sum = 0;
    for (int r = 0; r < m.rowCount(); ++r)
        sum += EventLogModel::bytesOf(m.event(r));
    return sum;
}

} // namespace

class TestEventLogModel : public QObject {
    Q_OBJECT

private slots:
    void holdsAtMostItsBytesWhateverTheEventsSize();
    void holdsAtMostItsRows();
    void anEventLargerThanTheWindowIsNotHeld();
};

void TestEventLogModel::holdsAtMostItsBytesWhateverTheEventsSize() {
    const qint64 maxBytes = 256 * 1024;
    EventLogModel m(20000, maxBytes);
    QRandomGenerator random(3);
    qint64 t = 0;
    for (int batch = 0; batch < 300; ++batch) {
        QList<RuntimeEvent> events;
        const int n = 1 + int(random.bounded(batch % 7 == 0 ? 2000 : 40));
        for (int i = 0; i < n; ++i) // from a bare health check to a hop with 40 KB of headers
            events << hop(++t, random.bounded(batch % 5 == 0 ? 40000 : 1500));
        m.append(events);
        QVERIFY2(m.bytes() <= maxBytes, qPrintable(QString::number(m.bytes())));
        QCOMPARE(m.bytes(), heldBytes(m));
        QCOMPARE(m.event(m.rowCount() - 1).t, t); // the newest is always there
        for (int r = 1; r < m.rowCount(); ++r)
            QVERIFY(m.event(r).t == m.event(r - 1).t + 1); // in order, none missing
    }
    // The window is used: well over half of it held at the end of small events.
    QList<RuntimeEvent> small;
    for (int i = 0; i < 5000; ++i)
        small << hop(++t, 200);
    m.append(small);
    QVERIFY(m.bytes() > maxBytes / 2 && m.bytes() <= maxBytes);
    m.clear();
    QCOMPARE(m.bytes(), 0);
    QCOMPARE(m.rowCount(), 0);
}

void TestEventLogModel::holdsAtMostItsRows() {
    EventLogModel m(100, 64 * 1024 * 1024);
    QList<RuntimeEvent> events;
    for (int i = 1; i <= 250; ++i)
        events << hop(i, 10);
    m.append(events.mid(0, 60));
    m.append(events.mid(60));
    QCOMPARE(m.rowCount(), 100);
    QCOMPARE(m.event(0).t, 151);
    QCOMPARE(m.bytes(), heldBytes(m));
}

void TestEventLogModel::anEventLargerThanTheWindowIsNotHeld() {
    EventLogModel m(1000, 64 * 1024);
    m.append({hop(1, 100), hop(2, 100)});
    m.append({hop(3, 100 * 1024)});
    // Held rows are always the stream's newest, with no gap: what came before it goes too.
    QCOMPARE(m.rowCount(), 0);
    QCOMPARE(m.bytes(), 0);
    m.append({hop(4, 100), hop(5, 100 * 1024), hop(6, 100)});
    QCOMPARE(m.rowCount(), 1);
    QCOMPARE(m.event(0).t, 6);
    QVERIFY(m.bytes() <= 64 * 1024);
}

QTEST_GUILESS_MAIN(TestEventLogModel)
#include "tst_eventlogmodel.moc"
