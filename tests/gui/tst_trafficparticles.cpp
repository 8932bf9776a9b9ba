// The load's dots on the canvas (TrafficParticles) and their frame clock, driven with chosen
// times, no processes: a dot is where its age says whatever the frames were, a late frame
// does not slow the traffic, and the timer stops when nothing moves.
#include "live/trafficparticles.h"

#include <QGraphicsScene>
#include <QTest>

using namespace infrastage::gui;

namespace {

QPainterPath line() {
    QPainterPath p(QPointF(0, 0));
    p.lineTo(1000, 0);
    return p;
}

const QString kLink = QStringLiteral("l1");

} // namespace

class TestTrafficParticles : public QObject {
    Q_OBJECT

private slots:
    void framesAtSixtyPerSecond();
    void motionFollowsTheClockNotTheFrames();
    void aLateFrameReleasesWhatWasDueWhereItIsNow();
    void theTimerStopsWhenNothingMoves();
    void linksAreCappedWhateverTheRate();
};

void TestTrafficParticles::framesAtSixtyPerSecond() {
    // Under 33 ms by construction, with room for a frame that comes a little late.
    QVERIFY(TrafficParticles::frameMs() <= 17);
}

void TestTrafficParticles::motionFollowsTheClockNotTheFrames() {
    // The same 750 ms in 16 ms frames and in three uneven ones: the same dots, the same places.
    QGraphicsScene a, b;
    TrafficParticles smooth(&a), jerky(&b);
    smooth.setRate(kLink, line(), 10, 0);
    jerky.setRate(kLink, line(), 10, 0);
    for (qint64 t = 0; t <= 752; t += 16)
        smooth.advanceTo(t);
    for (qint64 t : {0, 40, 400, 752})
        jerky.advanceTo(t);
    const QList<qreal> s = smooth.progress(kLink), j = jerky.progress(kLink);
    QCOMPARE(s.size(), 7); // one every 100 ms: 100, 200, ... 700
    QCOMPARE(j.size(), s.size());
    for (int i = 0; i < s.size(); ++i)
        QVERIFY2(qAbs(s.at(i) - j.at(i)) < 1e-9,
                 qPrintable(QStringLiteral("%1: %2 vs %3").arg(i).arg(s.at(i)).arg(j.at(i))));
    QVERIFY(qAbs(s.first() - 0.652) < 1e-9); // released at 100 ms, 652 ms along a 1 s link
}

void TestTrafficParticles::aLateFrameReleasesWhatWasDueWhereItIsNow() {
    // 400 ms without a frame (a busy GUI thread): the four dots owed are spread along the way,
    // not bunched at its start, and the first is as far as if every frame had come.
    QGraphicsScene scene;
    TrafficParticles p(&scene);
    p.setRate(kLink, line(), 10, 0);
    p.advanceTo(1000);
    p.advanceTo(1400);
    const QList<qreal> at = p.progress(kLink);
    QCOMPARE(at.size(), 4);
    for (int i = 0; i < 4; ++i)
        QVERIFY2(qAbs(at.at(i) - 0.1 * (3 - i)) < 1e-9, qPrintable(QString::number(at.at(i))));
    // And the dots go at the end of their second, frames or not.
    p.setRate(kLink, line(), 0, 0);
    p.advanceTo(2399);
    QCOMPARE(p.progress(kLink).size(), 1);
    p.advanceTo(2400);
    QCOMPARE(p.particles(), 0);
}

void TestTrafficParticles::theTimerStopsWhenNothingMoves() {
    QGraphicsScene scene;
    TrafficParticles p(&scene);
    QVERIFY(!p.isAnimating());
    p.setRate(kLink, line(), 0, 0); // a link without traffic starts nothing
    QVERIFY(!p.isAnimating());
    p.setRate(kLink, line(), 5, 0);
    QVERIFY(p.isAnimating());
    p.advanceTo(0);
    p.advanceTo(300);
    QVERIFY(p.particles() > 0);
    p.setRate(kLink, line(), 0, 0);
    p.advanceTo(1000);
    QVERIFY(p.isAnimating()); // the last dots still travel
    p.advanceTo(1300);
    QCOMPARE(p.particles(), 0);
    QVERIFY(!p.isAnimating()); // a still canvas costs no frames
    // The timer really runs while dots move, at its own pace.
    p.setRate(kLink, line(), 20, 0);
    QTRY_VERIFY_WITH_TIMEOUT(p.particles() > 0, 5000);
    p.setRate(kLink, line(), 0, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!p.isAnimating(), 5000);
    QCOMPARE(p.particles(), 0);
}

void TestTrafficParticles::linksAreCappedWhateverTheRate() {
    // 2,000 requests/s on a link draws the capped rate, and a long stall does not pile up dots.
    QGraphicsScene scene;
    TrafficParticles p(&scene);
    p.setRate(kLink, line(), 2000, 0.5);
    p.advanceTo(0);
    p.advanceTo(10000);
    QVERIFY(p.particles() <= TrafficParticles::maxPerSecond());
    for (qint64 t = 10000; t < 12000; t += 16)
        p.advanceTo(t);
    QVERIFY(p.particles() <= TrafficParticles::maxPerSecond() + 1);
    QVERIFY(p.particles() >= TrafficParticles::maxPerSecond() - 1);
}

QTEST_MAIN(TestTrafficParticles)
#include "tst_trafficparticles.moc"
