// The Mermaid importer: the reference design's own diagram, the syntax people write, and
// input that is wrong or huge.
#include "analysis/analyzer.h"
#include "importer.h"
#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <QFile>
#include <QSet>
#include <QtTest>

#include <ctime>

using namespace infrastage;

namespace {

ImportResult importText(const QString &text) {
    const Importer *mermaid = Importers::find(QStringLiteral("mermaid"));
    return mermaid->import(text.toUtf8(), QStringLiteral("test.mmd"));
}

QSet<QString> linkSet(const TopologyData &t) {
    QSet<QString> out;
    for (const Link &l : t.links())
        out.insert(QStringLiteral("%1 %2->%3 %4")
                       .arg(linkKindName(l.kind), l.from, l.to, l.text(QStringLiteral("access"))));
    return out;
}

QStringList ruleIds(const TopologyData &t) {
    QStringList ids;
    for (const Finding &f : analyzeTopology(t))
        ids.append(f.rule);
    ids.sort();
    return ids;
}

const Node *byName(const TopologyData &t, const QString &name) {
    for (const Node &n : t.nodes()) {
        if (n.name == name)
            return &n;
    }
    return nullptr;
}

} // namespace

class TestMermaidImport final : public QObject {
    Q_OBJECT

private slots:
    void referenceDiagramIsTheThreeServerDesign() {
        QFile md(
            QStringLiteral(INFRASTAGE_SOURCE_DIR "/tests/exchange/data/three-server-design.md"));
        QVERIFY(md.open(QIODevice::ReadOnly));
        const Importer *importer = Importers::forFile(md.fileName(), QByteArray());
        QVERIFY(importer);
        const ImportResult r = importer->import(md.readAll(), QStringLiteral("reference.md"));
        TopologyData expected;
        QString error;
        QVERIFY2(TopologyFile::load(
                     QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json"),
                     &expected, &error),
                 qPrintable(error));
        QCOMPARE(r.topology.nodes().size(), expected.nodes().size());
        for (const Node &e : expected.nodes()) {
            const Node *n = r.topology.node(e.id);
            QVERIFY2(n, qPrintable(QStringLiteral("no node '%1' imported").arg(e.id)));
            QCOMPARE(nodeKindName(n->kind), nodeKindName(e.kind));
            QCOMPARE(n->parent, e.parent);
            QCOMPARE(n->name, e.name);
            QCOMPARE(n->text(QStringLiteral("ip")), e.text(QStringLiteral("ip")));
            QCOMPARE(n->text(QStringLiteral("role")), e.text(QStringLiteral("role")));
        }
        QCOMPARE(linkSet(r.topology), linkSet(expected));
        QCOMPARE(ruleIds(r.topology), ruleIds(expected));
        QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(QLatin1Char('\n'))));
    }

    void syntaxPeopleWrite() {
        const ImportResult r = importText(
            QStringLiteral("%% a comment\n"
                           "flowchart LR\n"
                           "    classDef hot fill:#f00\n"
                           "    U([\"🧑‍💻 Visitor<br/>browser\"]) -- HTTPS request "
                           "--> F{{Edge firewall<br>IP: 8.8.8.1}}\n"
                           "    F ==>|\"allowed\"| L{HAProxy<br/>IP: 8.8.8.8}:::hot\n"
                           "    subgraph web1 [\"Web box 1 🚀\"]\n"
                           "        direction TB\n"
                           "        N1[Nginx] --> A1(Application server)\n"
                           "        DB1[(Main database)]\n"
                           "    end\n"
                           "    L -.-> N1\n"
                           "    A1 -->|writes| DB1; style L stroke:#333\n"
                           "    linkStyle 0 stroke:red\n"
                           "    class L hot\n"));
        QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(QLatin1Char('\n'))));
        const Node *user = byName(r.topology, QStringLiteral("🧑‍💻 Visitor (browser)"));
        QVERIFY(user);
        QCOMPARE(user->kind, NodeKind::Client);
        const Node *fw = r.topology.node(QStringLiteral("firewall"));
        QVERIFY(fw);
        QCOMPARE(fw->text(QStringLiteral("ip")), QStringLiteral("8.8.8.1"));
        const Node *server = r.topology.node(QStringLiteral("web1"));
        QVERIFY(server);
        QCOMPARE(server->kind, NodeKind::Server);
        QCOMPARE(server->name, QStringLiteral("Web box 1 🚀"));
        const Node *db = r.topology.child(QStringLiteral("web1"), NodeKind::Database);
        QVERIFY(db); // the cylinder says database even though the label does not name one
        QCOMPARE(db->text(QStringLiteral("role")), QStringLiteral("primary"));
        const QSet<QString> links = linkSet(r.topology);
        QVERIFY2(links.contains(QStringLiteral("network user->firewall ")),
                 qPrintable(QStringList(links.values()).join(',')));
        QVERIFY(links.contains(QStringLiteral("network firewall->lb ")));
        QVERIFY(links.contains(QStringLiteral("backend lb->web1-web ")));
        QVERIFY(links.contains(QStringLiteral("upstream web1-web->web1-app ")));
        QVERIFY(links.contains(QStringLiteral("data web1-app->web1-db write")));
    }

    void everyDirectionIsRead() {
        for (const char *dir : {"TD", "TB", "LR", "RL", "BT"}) {
            const ImportResult r =
                importText(QStringLiteral("graph %1\n  A[DNS] --> B[Load balancer]\n")
                               .arg(QLatin1String(dir)));
            QVERIFY2(r.warnings.isEmpty(), dir);
            QCOMPARE(r.topology.links().size(), 1);
            QCOMPARE(r.topology.links().first().kind, LinkKind::DnsRecord);
        }
    }

    void unknownBoxesBecomeNotesWithALineNumber() {
        const ImportResult r =
            importText(QStringLiteral("graph TD\n  A[Load balancer] --> B[Coffee machine]\n"));
        QCOMPARE(r.topology.nodes().size(), 2);
        QVERIFY(r.warnings.join(QLatin1Char('\n'))
                    .contains(QLatin1String("line 2: cannot tell what 'Coffee machine'")));
    }

    void unbalancedBracketsAreWarnings() {
        const ImportResult r =
            importText(QStringLiteral("graph TD\n  A[Load balancer --> B[Nginx]\n  C[(MySQL --> "
                                      "D\n  subgraph S1\n  E[DNS]\n"));
        QVERIFY(
            r.warnings.join(QLatin1Char('\n')).contains(QLatin1String("line 2: unbalanced '['")));
        QVERIFY(r.warnings.join(QLatin1Char('\n')).contains(QLatin1String("has no 'end'")));
        QVERIFY(r.topology.node(QStringLiteral("dns")));
    }

    void unknownDiagramTypeImportsNothing() {
        const ImportResult r =
            importText(QStringLiteral("sequenceDiagram\n  Alice->>Bob: Hello\n"));
        QVERIFY(r.topology.nodes().isEmpty());
        QCOMPARE(r.warnings.size(), 1);
        QVERIFY(r.warnings.first().startsWith(QLatin1String("line 1: 'sequenceDiagram'")));
    }

    void markdownWithoutDiagramSaysSo() {
        const ImportResult r = Importers::find(QStringLiteral("mermaid"))
                                   ->import("# Title\n\nJust text.\n", QStringLiteral("x.md"));
        QVERIFY(r.topology.nodes().isEmpty());
        QVERIFY(r.warnings.join(QLatin1Char('\n')).contains(QLatin1String("no Mermaid diagram")));
    }

    void tenMegabytesAreBounded() {
        // Many distinct nodes, one enormous line and random bytes: warnings, not a hang.
        QString text = QStringLiteral("graph TD\n");
        text.reserve(11 * 1024 * 1024);
        for (int i = 0; text.size() < 6 * 1024 * 1024; ++i)
            text += QStringLiteral("  n%1[Server %1 IP: 10.0.%2.%3] --> n%4[(MySQL replica)]\n")
                        .arg(i)
                        .arg((i / 250) % 250)
                        .arg(i % 250 + 1)
                        .arg(i + 1);
        text += QString(3 * 1024 * 1024, QLatin1Char('['));
        text += QLatin1Char('\n');
        QRandomGenerator rng(42);
        while (text.size() < 10 * 1024 * 1024)
            text += QChar(ushort(32 + rng.bounded(90)));
        // CPU time, not wall time: the bound is about the importer's work (no quadratic
        // blow-up), which a busy machine does not change, while it stretches the wall clock.
        const std::clock_t cpuStart = std::clock();
        const ImportResult r = importText(text);
        const qint64 cpuMs = qint64(std::clock() - cpuStart) * 1000 / CLOCKS_PER_SEC;
        QVERIFY(r.topology.nodes().size() > 0);
        QVERIFY(r.warnings.join(QLatin1Char('\n')).contains(QLatin1String("more than 5000 nodes")));
        QVERIFY(r.warnings.join(QLatin1Char('\n')).contains(QLatin1String("longer than")));
        QVERIFY2(cpuMs < 60000, qPrintable(QString::number(cpuMs)));
        qInfo("10 MB imported in %lld ms of CPU", cpuMs);
    }
};

QTEST_GUILESS_MAIN(TestMermaidImport)
#include "tst_mermaidimport.moc"
