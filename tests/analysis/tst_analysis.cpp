// The analysis: each rule fires where the design has the weakness and stays quiet where it
// does not. The examples are the fixtures.
#include "analysis/analyzer.h"
#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <QSet>
#include <QTest>

using namespace infrastage;

namespace {

TopologyData load(const char *name) {
    TopologyData t;
    QString error;
    const bool ok = TopologyFile::load(
        QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/%1.infra.json").arg(QLatin1String(name)),
        &t, &error);
    if (!ok)
        qFatal("%s", qPrintable(error));
    return t;
}

const Finding *find(const Findings &findings, const QString &rule,
                    const QString &node = QString()) {
    for (const Finding &f : findings) {
        if (f.rule == rule && (node.isEmpty() || f.nodes.contains(node)))
            return &f;
    }
    return nullptr;
}

QSet<QString> rules(const Findings &findings, const QString &prefix = QString()) {
    QSet<QString> out;
    for (const Finding &f : findings) {
        if (f.rule.startsWith(prefix))
            out.insert(f.rule);
    }
    return out;
}

void setNode(TopologyData &t, const QString &id, const QString &key, const QVariant &value) {
    Node n = *t.node(id);
    n.properties[key] = value;
    t.replaceNode(n);
}

void removeLink(TopologyData &t, const QString &id) {
    t.removeLinkAt(t.linkIndex(id));
}

} // namespace

class TestAnalysis : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void threeServerShowsEveryWeaknessOfTheReference() {
        const Findings f = analyzeTopology(load("three-server"));
        QVERIFY(find(f, QStringLiteral("spof.load-balancer"), QStringLiteral("lb")));
        const Finding *primary = find(f, QStringLiteral("spof.primary-database"));
        QVERIFY(primary);
        QVERIFY(primary->nodes.contains(QStringLiteral("server-1-db")));
        QVERIFY(find(f, QStringLiteral("spof.network-link"), QStringLiteral("internet")));
        QVERIFY(find(f, QStringLiteral("security.no-firewall")));
        QVERIFY(find(f, QStringLiteral("security.no-https"), QStringLiteral("lb")));
        QVERIFY(
            find(f, QStringLiteral("security.database-exposed"), QStringLiteral("server-1-db")));
        QVERIFY(find(f, QStringLiteral("monitoring.none")));
        QVERIFY(
            find(f, QStringLiteral("consistency.replication-lag"), QStringLiteral("server-2-db")));
        QVERIFY(find(f, QStringLiteral("consistency.split-brain"), QStringLiteral("server-1-db")));
        // Either server alone does not take the read path down.
        QVERIFY(!find(f, QStringLiteral("spof.server")));
        for (const Finding &x : f) {
            QVERIFY(!x.title.isEmpty() && !x.explanation.isEmpty() && !x.fix.isEmpty());
            if (x.category == FindingCategory::Spof)
                QCOMPARE(x.severity == Severity::Error || x.rule == QLatin1String("spof.dns"),
                         true);
        }
    }

    void securedMonitoredHasNoSecurityOrMonitoringGaps() {
        const Findings f = analyzeTopology(load("secured-monitored"));
        QVERIFY(rules(f, QStringLiteral("security.")).isEmpty());
        QVERIFY(rules(f, QStringLiteral("monitoring.")).isEmpty());
        QVERIFY(find(f, QStringLiteral("spof.load-balancer")));
    }

    void scaleUpHasNoSpofOnReadOrWritePath() {
        const Findings f = analyzeTopology(load("scale-up"));
        QVERIFY2(
            rules(f, QStringLiteral("spof.")).isEmpty(),
            qPrintable(
                QStringList(rules(f, QStringLiteral("spof.")).values()).join(QLatin1Char(' '))));
        QVERIFY(!find(f, QStringLiteral("consistency.split-brain")));
    }

    void oneServerIsOneBigSpof() {
        const Findings f = analyzeTopology(load("one-server"));
        QVERIFY(find(f, QStringLiteral("spof.server"), QStringLiteral("server-1")));
        // Its components are told with the server, not one by one.
        QVERIFY(!find(f, QStringLiteral("spof.web")));
        QVERIFY(!find(f, QStringLiteral("spof.database")));
    }

    void secondLoadBalancerOnTheVipRemovesTheLbSpof() {
        TopologyData t = load("three-server");
        setNode(t, QStringLiteral("lb"), QStringLiteral("vip"), QStringLiteral("8.8.8.9"));
        Node lb2 = *t.node(QStringLiteral("lb"));
        lb2.id = QStringLiteral("lb-2");
        lb2.properties[QStringLiteral("ip")] = QStringLiteral("8.8.8.7");
        t.appendNode(lb2);
        for (const char *web : {"server-1-web", "server-2-web"})
            t.appendLink(makeLink(LinkKind::Backend, QStringLiteral("lb-2-") + QLatin1String(web),
                                  QStringLiteral("lb-2"), QLatin1String(web)));
        QVERIFY(find(analyzeTopology(t), QStringLiteral("spof.load-balancer")));
        // Users reach the pair over the internet link, so give the second its own uplink too.
        t.appendLink(makeLink(LinkKind::Network, QStringLiteral("isp-2"), QStringLiteral("user"),
                              QStringLiteral("lb-2")));
        const Findings f = analyzeTopology(t);
        QVERIFY(!find(f, QStringLiteral("spof.load-balancer")));
        QVERIFY(!find(f, QStringLiteral("spof.network-link")));
    }

    void automaticFailoverRemovesThePrimaryWriteSpof() {
        TopologyData t = load("three-server");
        setNode(t, QStringLiteral("server-1-db"), QStringLiteral("auto_failover"), true);
        const Findings f = analyzeTopology(t);
        QVERIFY(!find(f, QStringLiteral("spof.primary-database")));
        // Failover without fencing is the split-brain risk.
        QVERIFY(find(f, QStringLiteral("consistency.split-brain")));
        setNode(t, QStringLiteral("server-1-db"), QStringLiteral("fencing"), true);
        QVERIFY(!find(analyzeTopology(t), QStringLiteral("consistency.split-brain")));
    }

    void singleBackendMakesTheServerASpof() {
        TopologyData t = load("three-server");
        removeLink(t, QStringLiteral("lb-server-2"));
        const Findings f = analyzeTopology(t);
        QVERIFY(find(f, QStringLiteral("spof.server"), QStringLiteral("server-1")));
    }

    void serverTouchedTwiceOnOnePathIsFound() {
        // Web and database on one server, the application on another: losing either server
        // breaks the path even though no single component of the first dominates alone.
        TopologyData t = load("three-server");
        removeLink(t, QStringLiteral("server-1-upstream"));
        t.appendLink(makeLink(LinkKind::Upstream, QStringLiteral("cross"),
                              QStringLiteral("server-1-web"), QStringLiteral("server-2-app")));
        removeLink(t, QStringLiteral("lb-server-2"));
        removeLink(t, QStringLiteral("server-2-reads"));
        Link rw = makeLink(LinkKind::Data, QStringLiteral("s2-rw"), QStringLiteral("server-2-app"),
                           QStringLiteral("server-1-db"));
        t.appendLink(rw);
        removeLink(t, QStringLiteral("server-2-writes"));
        const Findings f = analyzeTopology(t);
        QVERIFY(find(f, QStringLiteral("spof.server"), QStringLiteral("server-1")));
        QVERIFY(find(f, QStringLiteral("spof.server"), QStringLiteral("server-2")));
    }

    void brokenDesignsSayTheyCannotServe() {
        TopologyData t = load("three-server");
        removeLink(t, QStringLiteral("lb-server-1"));
        removeLink(t, QStringLiteral("lb-server-2"));
        const Findings f = analyzeTopology(t);
        QVERIFY(find(f, QStringLiteral("consistency.no-read-path")));
        QVERIFY(!rules(f, QStringLiteral("spof.")).contains(QStringLiteral("spof.load-balancer")));
    }

    void tlsWithoutRedirectIsReported() {
        TopologyData t = load("three-server");
        setNode(t, QStringLiteral("lb"), QStringLiteral("tls"), true);
        Findings f = analyzeTopology(t);
        QVERIFY(!find(f, QStringLiteral("security.no-https")));
        QVERIFY(find(f, QStringLiteral("security.http-not-redirected")));
        setNode(t, QStringLiteral("lb"), QStringLiteral("redirect_http"), true);
        QVERIFY(!find(analyzeTopology(t), QStringLiteral("security.http-not-redirected")));
    }

    void firewallThatOpensTheDatabasePortExposesIt() {
        TopologyData t = load("secured-monitored");
        QVERIFY(!find(analyzeTopology(t), QStringLiteral("security.database-exposed")));
        setNode(t, QStringLiteral("server-1-fw"), QStringLiteral("allow"),
                QStringLiteral("80,443,3306"));
        const Findings f = analyzeTopology(t);
        QVERIFY(
            find(f, QStringLiteral("security.database-exposed"), QStringLiteral("server-1-db")));
        QVERIFY(
            !find(f, QStringLiteral("security.database-exposed"), QStringLiteral("server-2-db")));
        setNode(t, QStringLiteral("server-2-fw"), QStringLiteral("policy"),
                QStringLiteral("accept"));
        QVERIFY(find(analyzeTopology(t), QStringLiteral("security.firewall-open"),
                     QStringLiteral("server-2-fw")));
        // The same rules as the emulator enforces: a rule of one's own counts, first match.
        t = load("secured-monitored");
        setNode(t, QStringLiteral("server-2-fw"), QStringLiteral("rules"),
                QStringLiteral("accept from internet port 3306"));
        QVERIFY(find(analyzeTopology(t), QStringLiteral("security.database-exposed"),
                     QStringLiteral("server-2-db")));
        setNode(t, QStringLiteral("server-1-fw"), QStringLiteral("allow"),
                QStringLiteral("80,443,3306"));
        setNode(t, QStringLiteral("server-1-fw"), QStringLiteral("rules"),
                QStringLiteral("reject from internet port 3306"));
        QVERIFY(!find(analyzeTopology(t), QStringLiteral("security.database-exposed"),
                      QStringLiteral("server-1-db")));
    }

    void partialMonitoringNamesTheBlindHosts() {
        TopologyData t = load("secured-monitored");
        t.removeNodeAt(t.nodeIndex(QStringLiteral("server-2-agent")));
        const Findings f = analyzeTopology(t);
        const Finding *x = find(f, QStringLiteral("monitoring.unmonitored-host"));
        QVERIFY(x);
        QCOMPARE(x->nodes, QStringList{QStringLiteral("server-2")});
        QVERIFY(!find(f, QStringLiteral("monitoring.none")));
    }

    void readsOnlyFromThePrimaryHaveNoLag() {
        TopologyData t = load("three-server");
        removeLink(t, QStringLiteral("server-2-reads"));
        QVERIFY(!find(analyzeTopology(t), QStringLiteral("consistency.replication-lag")));
    }

    void modelProblemsAndWritesToReplicas() {
        TopologyData t = load("three-server");
        removeLink(t, QStringLiteral("replication"));
        Link l = *t.link(QStringLiteral("server-2-reads"));
        l.properties[QStringLiteral("access")] = QStringLiteral("readwrite");
        t.replaceLink(l);
        const Findings f = analyzeTopology(t);
        const Finding *model =
            find(f, QStringLiteral("consistency.model"), QStringLiteral("server-2-db"));
        QVERIFY(model);
        QVERIFY(model->title.contains(QStringLiteral("no primary")));
        QVERIFY(
            find(f, QStringLiteral("consistency.write-to-replica"), QStringLiteral("server-2-db")));
    }

    void noDnsRecordIsReported() {
        TopologyData t = load("three-server");
        removeLink(t, QStringLiteral("dns-www"));
        const Findings f = analyzeTopology(t);
        QVERIFY(find(f, QStringLiteral("consistency.no-dns-record"), QStringLiteral("lb")));
        QVERIFY(!find(f, QStringLiteral("spof.dns")));
    }

    // A file with these problems is refused, but a model built or edited in memory can still
    // have them, and the analysis must report them rather than crash.
    void danglingAndDuplicateIdsAreReportedNotFollowed() {
        TopologyData t = load("three-server");
        t.appendLink(makeLink(LinkKind::Network, QStringLiteral("from-nowhere"),
                              QStringLiteral("ghost"), QStringLiteral("user")));
        t.appendLink(makeLink(LinkKind::DnsRecord, QStringLiteral("dns-www"),
                              QStringLiteral("ghost-a"), QStringLiteral("ghost-b")));
        const Findings f = analyzeTopology(t);
        QVERIFY(find(f, QStringLiteral("consistency.model"), QStringLiteral("from-nowhere")));
        QVERIFY(find(f, QStringLiteral("consistency.model"), QStringLiteral("dns-www")));
        QVERIFY(find(f, QStringLiteral("spof.load-balancer"), QStringLiteral("lb")));
    }

    void findingsAreSortedBySeverity() {
        const Findings f = analyzeTopology(load("three-server"));
        for (int i = 1; i < f.size(); ++i)
            QVERIFY(int(f.at(i - 1).severity) <= int(f.at(i).severity));
    }
};

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
