// The topology model: defaults, link-kind inference and validation messages.
#include "model/kindspec.h"
#include "model/topology.h"
#include "model/validator.h"

#include <QSignalSpy>
#include <QTest>

using namespace infrastage;

namespace {

// A valid minimal server with a web, app and database inside.
TopologyData serverWithDatabase(const QString &role) {
    TopologyData t;
    Node server = makeNode(NodeKind::Server, QStringLiteral("s1"));
    t.appendNode(server);
    Node db = makeNode(NodeKind::Database, QStringLiteral("db1"));
    db.parent = QStringLiteral("s1");
    db.properties[QStringLiteral("role")] = role;
    t.appendNode(db);
    return t;
}

bool hasIssue(const ValidationIssues &issues, const QString &id, const QString &field,
              const QString &fragment) {
    for (const ValidationIssue &i : issues) {
        if ((i.nodeId == id || i.linkId == id) && i.field == field && i.message.contains(fragment))
            return true;
    }
    return false;
}

} // namespace

class TestModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void freshNodesAreValid() {
        // Every kind dropped with its defaults (components inside a server) validates.
        for (NodeKind kind : allNodeKinds()) {
            TopologyData t;
            Node host = makeNode(NodeKind::Server, QStringLiteral("host"), QStringLiteral("H"));
            host.properties[QStringLiteral("ip")] = QStringLiteral("10.1.1.1");
            t.appendNode(host);
            Node n = makeNode(kind, QStringLiteral("n"));
            if (nodeKindSpec(kind).placement == Placement::Component)
                n.parent = QStringLiteral("host");
            if (n.properties.contains(QStringLiteral("ip")) && kind != NodeKind::Server)
                n.properties[QStringLiteral("ip")] = QStringLiteral("10.9.9.9");
            if (kind == NodeKind::Database)
                continue; // a fresh database is a primary; covered below
            t.appendNode(n);
            const ValidationIssues issues = validateTopology(t);
            QVERIFY2(issues.isEmpty(),
                     qPrintable(nodeKindName(kind) + QStringLiteral(": ") +
                                (issues.isEmpty() ? QString() : issues.first().toString())));
        }
        QVERIFY(validateTopology(serverWithDatabase(QStringLiteral("primary"))).isEmpty());
    }

    void defaultsFollowTheReferenceDesign() {
        const Node lb = makeNode(NodeKind::LoadBalancer, QStringLiteral("lb"));
        QCOMPARE(lb.text(QStringLiteral("algorithm")), QStringLiteral("roundrobin"));
        QCOMPARE(lb.number(QStringLiteral("port")), 80);
        QCOMPARE(lb.flag(QStringLiteral("tls")), false);
        QCOMPARE(lb.number(QStringLiteral("check_inter")), 2000);
        QCOMPARE(lb.number(QStringLiteral("check_fall")), 3);
        QCOMPARE(lb.number(QStringLiteral("check_rise")), 2);
        QCOMPARE(lb.text(QStringLiteral("ip")), QStringLiteral("8.8.8.8"));
        const Node db = makeNode(NodeKind::Database, QStringLiteral("db"));
        QCOMPARE(db.text(QStringLiteral("replication")), QStringLiteral("async"));
        QCOMPARE(db.number(QStringLiteral("port")), 3306);
    }

    void linkKindFollowsFromEnds() {
        LinkKind k;
        QVERIFY(inferLinkKind(NodeKind::LoadBalancer, NodeKind::Server, &k));
        QCOMPARE(k, LinkKind::Backend);
        QVERIFY(inferLinkKind(NodeKind::Database, NodeKind::Database, &k));
        QCOMPARE(k, LinkKind::Replication);
        QVERIFY(inferLinkKind(NodeKind::Web, NodeKind::App, &k));
        QCOMPARE(k, LinkKind::Upstream);
        QVERIFY(inferLinkKind(NodeKind::App, NodeKind::Database, &k));
        QCOMPARE(k, LinkKind::Data);
        QVERIFY(inferLinkKind(NodeKind::Dns, NodeKind::LoadBalancer, &k));
        QCOMPARE(k, LinkKind::DnsRecord);
        QVERIFY(inferLinkKind(NodeKind::Client, NodeKind::LoadBalancer, &k));
        QCOMPARE(k, LinkKind::Network);
        QVERIFY(!inferLinkKind(NodeKind::Files, NodeKind::Database, &k));
        QVERIFY(!inferLinkKind(NodeKind::Note, NodeKind::Server, &k));
    }

    void validationNamesNodeFieldAndReason() {
        TopologyData t = serverWithDatabase(QStringLiteral("primary"));
        Node lb = makeNode(NodeKind::LoadBalancer, QStringLiteral("lb"));
        lb.properties[QStringLiteral("port")] = qint64(70000);
        lb.properties[QStringLiteral("ip")] = QStringLiteral("300.1.1.1");
        t.appendNode(lb);
        Node dup = makeNode(NodeKind::Server, QStringLiteral("s2"));
        t.appendNode(dup); // same default IP as s1
        Node misplaced = makeNode(NodeKind::Database, QStringLiteral("db2"));
        misplaced.parent = QStringLiteral("lb");
        t.appendNode(misplaced);
        t.appendLink(makeLink(LinkKind::Backend, QStringLiteral("dangling"), QStringLiteral("lb"),
                              QStringLiteral("nowhere")));
        t.appendLink(makeLink(LinkKind::Replication, QStringLiteral("nonsense"),
                              QStringLiteral("lb"), QStringLiteral("db1")));
        const ValidationIssues issues = validateTopology(t);
        QVERIFY(hasIssue(issues, QStringLiteral("lb"), QStringLiteral("port"),
                         QStringLiteral("70000")));
        QVERIFY(hasIssue(issues, QStringLiteral("lb"), QStringLiteral("ip"),
                         QStringLiteral("300.1.1.1")));
        QVERIFY(hasIssue(issues, QStringLiteral("s2"), QStringLiteral("ip"),
                         QStringLiteral("already used")));
        QVERIFY(hasIssue(issues, QStringLiteral("db2"), QStringLiteral("parent"),
                         QStringLiteral("only be placed inside a server")));
        QVERIFY(hasIssue(issues, QStringLiteral("dangling"), QStringLiteral("to"),
                         QStringLiteral("does not exist")));
        QVERIFY(hasIssue(issues, QStringLiteral("nonsense"), QStringLiteral("kind"),
                         QStringLiteral("cannot go from")));
        QVERIFY(hasStructuralIssue(issues));
        const ValidationIssue &first = issues.first();
        QVERIFY(first.toString().startsWith(QStringLiteral("node '")));
    }

    void duplicateIdsAreReported() {
        TopologyData t;
        t.appendNode(makeNode(NodeKind::Client, QStringLiteral("a")));
        t.appendLink(makeLink(LinkKind::Network, QStringLiteral("a"), QStringLiteral("a"),
                              QStringLiteral("a")));
        QVERIFY(hasIssue(validateTopology(t), QStringLiteral("a"), QStringLiteral("id"),
                         QStringLiteral("duplicate id")));
    }

    void replicaWithoutPrimaryIsLoadableButReported() {
        const ValidationIssues issues =
            validateTopology(serverWithDatabase(QStringLiteral("replica")));
        QVERIFY(hasIssue(issues, QStringLiteral("db1"), QStringLiteral("role"),
                         QStringLiteral("no primary")));
        QVERIFY(!hasStructuralIssue(issues));
    }

    void componentsMustNotShareAPort() {
        TopologyData t = serverWithDatabase(QStringLiteral("primary"));
        Node web = makeNode(NodeKind::Web, QStringLiteral("w"));
        web.parent = QStringLiteral("s1");
        web.properties[QStringLiteral("port")] = qint64(3306);
        t.appendNode(web);
        QVERIFY(hasIssue(validateTopology(t), QStringLiteral("w"), QStringLiteral("port"),
                         QStringLiteral("already used by 'db1'")));
    }

    void hostNamesFollowDnsRules_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        const QString label63(63, QLatin1Char('a'));
        QTest::newRow("reference") << QStringLiteral("www.foobar.com") << true;
        QTest::newRow("one label") << QStringLiteral("localhost") << true;
        QTest::newRow("root dot") << QStringLiteral("www.foobar.com.") << true;
        QTest::newRow("underscore, digits") << QStringLiteral("_dmarc.1x.example") << true;
        QTest::newRow("63-character label") << label63 + QStringLiteral(".com") << true;
        QTest::newRow("64-character label") << label63 + QStringLiteral("a.com") << false;
        const QString first191 = QStringList{label63, label63, label63}.join(QLatin1Char('.'));
        QTest::newRow("253 characters")
            << first191 + QLatin1Char('.') + QString(61, QLatin1Char('a')) << true;
        QTest::newRow("254 characters")
            << first191 + QLatin1Char('.') + QString(62, QLatin1Char('a')) << false;
        QTest::newRow("leading hyphen") << QStringLiteral("-www.foobar.com") << false;
        QTest::newRow("trailing hyphen") << QStringLiteral("www-.foobar.com") << false;
        QTest::newRow("empty label") << QStringLiteral("www..foobar.com") << false;
        QTest::newRow("leading dot") << QStringLiteral(".foobar.com") << false;
        QTest::newRow("only a dot") << QStringLiteral(".") << false;
        QTest::newRow("space") << QStringLiteral("www.foo bar.com") << false;
        QTest::newRow("accent") << QStringLiteral("www.caf\u00e9.com") << false;
    }

    void hostNamesFollowDnsRules() {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        TopologyData t = serverWithDatabase(QStringLiteral("primary"));
        Node web = makeNode(NodeKind::Web, QStringLiteral("w"));
        web.parent = QStringLiteral("s1");
        web.properties[QStringLiteral("server_name")] = name;
        t.appendNode(web);
        QCOMPARE(hasIssue(validateTopology(t), QStringLiteral("w"), QStringLiteral("server_name"),
                          QStringLiteral("not a valid DNS name")),
                 !valid);
    }

    void missingAndUnknownPropertiesAndDuplicateLinks() {
        TopologyData t = serverWithDatabase(QStringLiteral("primary"));
        Node app = makeNode(NodeKind::App, QStringLiteral("app"));
        app.parent = QStringLiteral("s1");
        app.properties.remove(QStringLiteral("workers"));
        app.properties[QStringLiteral("colour")] = QStringLiteral("blue");
        t.appendNode(app);
        t.appendLink(makeLink(LinkKind::Data, QStringLiteral("d1"), QStringLiteral("app"),
                              QStringLiteral("db1")));
        t.appendLink(makeLink(LinkKind::Data, QStringLiteral("d2"), QStringLiteral("app"),
                              QStringLiteral("db1")));
        const ValidationIssues issues = validateTopology(t);
        QStringList appIssues;
        for (const ValidationIssue &i : issues) {
            if (i.nodeId == QLatin1String("app"))
                appIssues.append(i.field + QLatin1Char(':') + i.message);
        }
        QCOMPARE(appIssues, (QStringList{QStringLiteral("workers:missing"),
                                         QStringLiteral("colour:a application server has no "
                                                        "property 'colour'")}));
        QVERIFY(hasIssue(issues, QStringLiteral("d2"), QString(),
                         QStringLiteral("duplicates link 'd1'")));
        QVERIFY(!hasIssue(issues, QStringLiteral("d1"), QString(), QStringLiteral("duplicates")));
    }

    void topologySignalsNameTheIds() {
        Topology topology;
        QSignalSpy added(&topology, &Topology::nodeAdded);
        QSignalSpy changed(&topology, &Topology::nodeChanged);
        QSignalSpy removed(&topology, &Topology::nodeRemoved);
        Node n = makeNode(NodeKind::Client, QStringLiteral("c"));
        topology.insertNode(0, n);
        n.name = QStringLiteral("Browser");
        topology.updateNode(n);
        topology.updateNode(n); // no change, no signal
        topology.removeNode(QStringLiteral("c"));
        QCOMPARE(added.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(added.first().first().toString(), QStringLiteral("c"));
        QVERIFY(topology.data().nodes().isEmpty());
    }

    void uniqueIdsAvoidNodesAndLinks() {
        TopologyData t;
        t.appendNode(makeNode(NodeKind::Server, QStringLiteral("server")));
        t.appendLink(makeLink(LinkKind::Network, QStringLiteral("server-2"), QStringLiteral("x"),
                              QStringLiteral("y")));
        QCOMPARE(t.uniqueId(QStringLiteral("server")), QStringLiteral("server-3"));
        QCOMPARE(t.uniqueId(QStringLiteral("lb")), QStringLiteral("lb"));
    }
};

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
