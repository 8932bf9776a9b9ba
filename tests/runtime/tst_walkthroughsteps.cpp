// WalkthroughSteps on a request's events as they arrive from several processes: the hops it
// names, and the order it gives them when one process's event comes after a later one's.
#include "events/eventkind.h"
#include "gateway/walkthroughsteps.h"

#include <QtTest>

using namespace infrastage;
using namespace infrastage::runtime;

namespace {

RuntimeEvent event(qint64 t, const char *node, const QString &kind, QJsonObject details = {}) {
    RuntimeEvent e;
    e.t = t;
    e.node = QString::fromLatin1(node);
    e.kind = kind;
    e.trace = QStringLiteral("0af7651916cd43dd8448eb211c80319c");
    e.details = std::move(details);
    return e;
}

const QHash<QString, QString> kRoles{
    {"lb", "lb"}, {"server-1-web", "web"}, {"server-1-app", "app"}, {"server-1-db", "db"}};

// GET /api/guestbook through the reference design, in the order it happened.
QList<RuntimeEvent> guestbookRead() {
    namespace K = EventKind;
    return {event(10, "lb", K::LbRequest),
            event(20, "lb", K::LbForward, {{"server", "server-1-web"}}),
            event(30, "server-1-web", K::WebRequest),
            event(40, "server-1-web", K::WebForward, {{"upstream", "server-1-app"}}),
            event(50, "server-1-db", K::DbQuery, {{"statement", "select"}}),
            event(60, "server-1-app", K::AppRequest),
            event(70, "server-1-web", K::WebResponse),
            event(80, "lb", K::LbResponse)};
}

QStringList hops(const QList<WalkthroughStep> &steps) {
    QStringList out;
    for (const WalkthroughStep &s : steps)
        out << s.from + QStringLiteral("->") + s.to;
    return out;
}

} // namespace

class TestWalkthroughSteps final : public QObject {
    Q_OBJECT

private slots:
    void stepsFollowTheRequest() {
        WalkthroughSteps steps(kRoles, 0);
        QList<WalkthroughStep> streamed;
        for (const RuntimeEvent &e : guestbookRead())
            streamed += steps.add(e);
        const QStringList want{"browser->lb",
                               "lb->server-1-web",
                               "lb->server-1-web",
                               "server-1-web->server-1-app",
                               "server-1-app->server-1-db",
                               "server-1-web->server-1-app",
                               "server-1-web->lb",
                               "lb->browser"};
        QCOMPARE(hops(streamed), want);
        QCOMPARE(hops(steps.steps()), want);
        QVERIFY(steps.flush().isEmpty());
    }

    void aQueryBeforeItsForwardWaitsForIt() {
        // The web server's forward arrives after the database's query (written later by a
        // descheduled process): the query's step comes after the forward's, from the app.
        QList<RuntimeEvent> events = guestbookRead();
        events.swapItemsAt(3, 4);
        WalkthroughSteps steps(kRoles, 0);
        QCOMPARE(steps.add(events.at(0)).size(), 1);
        QCOMPARE(steps.add(events.at(1)).size(), 1);
        QCOMPARE(steps.add(events.at(2)).size(), 1);
        QVERIFY(steps.add(events.at(3)).isEmpty()); // the query waits
        const QList<WalkthroughStep> released = steps.add(events.at(4));
        QCOMPARE(hops(released),
                 (QStringList{"server-1-web->server-1-app", "server-1-app->server-1-db"}));
        QCOMPARE(released.last().kind, EventKind::DbQuery);
    }

    void aQueryWhoseForwardNeverComesIsFlushed() {
        QList<RuntimeEvent> events = guestbookRead();
        events.removeAt(3); // the forward was lost
        WalkthroughSteps steps(kRoles, 0);
        int streamed = 0;
        for (const RuntimeEvent &e : events)
            streamed += int(steps.add(e).size());
        QCOMPARE(streamed, int(events.size()) - 1);
        QCOMPARE(steps.steps().size(), events.size()); // what steps() shows includes it
        const QList<WalkthroughStep> last = steps.flush();
        QCOMPARE(last.size(), 1);
        QCOMPARE(last.first().kind, EventKind::DbQuery);
        QVERIFY(steps.flush().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWalkthroughSteps)
#include "tst_walkthroughsteps.moc"
