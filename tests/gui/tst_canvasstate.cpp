// What the live canvas shows, from a run's events alone (CanvasState, no processes): traffic
// read from details that came as text, and which load balancer of a VRRP pair holds the VIP.
#include "guitestsupport.h"

#include "events/eventkind.h"
#include "live/canvasstate.h"

#include <QTest>

using namespace infrastage;
using namespace infrastage::gui;
using runtime::RuntimeEvent;

namespace {

RuntimeEvent hop(const QString &node, QLatin1String kind, const QByteArray &details,
                 const QString &trace = QString()) {
    RuntimeEvent e;
    e.t = 1;
    e.node = node;
    e.kind = kind;
    e.trace = trace;
    e.detailsJson = details; // as the designer gets a hop: text, not parsed
    return e;
}

} // namespace

class TestCanvasState : public QObject {
    Q_OBJECT

private slots:
    void trafficFromDetailsText();
    void vrrpPairShowsWhoHoldsTheVip();
};

void TestCanvasState::trafficFromDetailsText() {
    CanvasState s;
    s.begin(testing::example("three-server"));
    const QString link = s.linkBetween(QStringLiteral("lb"), QStringLiteral("server-1-web"));
    QVERIFY(!link.isEmpty());
    const QString trace = QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736");
    for (int us : {100, 200, 300, 400})
        s.apply(hop(QStringLiteral("lb"), EventKind::LbResponse,
                    QStringLiteral(R"({"headers":{"host":"www.foobar.com"},"status":200,)"
                                   R"("server":"server-1-web","server_us":%1})")
                        .arg(us)
                        .toUtf8(),
                    trace),
                0);
    s.apply(hop(QStringLiteral("lb"), EventKind::LbResponse,
                R"({"status":503,"server":"server-1-web","server_us":900})", trace),
            0);
    s.tick(1000);
    const CanvasState::LinkTraffic t = s.links().value(link);
    QCOMPARE(t.requests, 5);
    QCOMPARE(t.errors, 1);
    QCOMPARE(t.p95Us, 900);
    // A failure named in text puts its badge on the node.
    s.apply(hop(QStringLiteral("lb"), EventKind::LbError,
                R"({"status":503,"reason":"no server available"})", trace),
            1000);
    QCOMPARE(s.nodes().value(QStringLiteral("lb")).failure,
             QStringLiteral("503: no server available"));
}

void TestCanvasState::vrrpPairShowsWhoHoldsTheVip() {
    CanvasState s;
    s.begin(testing::example("three-server"));
    const QString lb1 = QStringLiteral("lb-1"), lb2 = QStringLiteral("lb-2");
    s.apply(hop(lb1, EventKind::VrrpState, R"({"from":"INIT","to":"MASTER","reason":"x"})"), 0);
    s.apply(hop(lb1, EventKind::VrrpVipAcquired, R"({"vip":"127.8.8.8:8080"})"), 0);
    s.apply(hop(lb2, EventKind::VrrpState, R"({"from":"INIT","to":"BACKUP","reason":"x"})"), 0);
    QCOMPARE(s.nodes().value(lb1).vrrp, QStringLiteral("MASTER"));
    QVERIFY(s.nodes().value(lb1).holdsVip);
    QCOMPARE(s.nodes().value(lb2).vrrp, QStringLiteral("BACKUP"));
    QVERIFY(!s.nodes().value(lb2).holdsVip);
    QVERIFY(s.takeChangedNodes().contains(lb1));

    // The MASTER is killed: it holds nothing; the BACKUP takes over and binds the VIP.
    s.apply(hop(lb1, EventKind::RuntimeExited, R"({"code":9,"fault":true})"), 0);
    QVERIFY(s.nodes().value(lb1).vrrp.isEmpty());
    QVERIFY(!s.nodes().value(lb1).holdsVip);
    s.apply(hop(lb2, EventKind::VrrpState, R"({"from":"BACKUP","to":"MASTER","reason":"y"})"), 0);
    s.apply(hop(lb2, EventKind::VrrpVipAcquired, R"({})"), 0);
    QCOMPARE(s.nodes().value(lb2).vrrp, QStringLiteral("MASTER"));
    QVERIFY(s.nodes().value(lb2).holdsVip);
    s.apply(hop(lb2, EventKind::VrrpVipReleased, R"({})"), 0);
    QVERIFY(!s.nodes().value(lb2).holdsVip);
}

QTEST_GUILESS_MAIN(TestCanvasState)
#include "tst_canvasstate.moc"
