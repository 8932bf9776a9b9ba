// The Mermaid importer on the constructs and structures people draw: one small diagram per
// construct of Mermaid's grammar that used to be refused or half-read, and per structure whose
// meaning used to be lost. Each asserts what a teacher would see in the imported design.
#include "designcompletion.h"
#include "importer.h"
#include "model/validator.h"

#include <QtTest>

using namespace infrastage;

namespace {

ImportResult importText(const QString &text, const QString &name = QStringLiteral("t.mmd")) {
    return Importers::find(QStringLiteral("mermaid"))->import(text.toUtf8(), name);
}

QList<const Node *> ofKind(const TopologyData &t, NodeKind kind) {
    QList<const Node *> out;
    for (const Node &n : t.nodes()) {
        if (n.kind == kind)
            out.append(&n);
    }
    return out;
}

const Link *linkOf(const TopologyData &t, LinkKind kind, const QString &from, const QString &to) {
    for (const Link &l : t.links()) {
        if (l.kind == kind && l.from == from && l.to == to)
            return &l;
    }
    return nullptr;
}

bool valid(const TopologyData &t, QString *why) {
    for (const ValidationIssue &i : validateTopology(t)) {
        if (i.structural) {
            *why = i.toString();
            return false;
        }
    }
    return true;
}

} // namespace

class TestMermaidStructures final : public QObject {
    Q_OBJECT

private slots:
    void fourBacktickFenceAndQuotedLinkText() {
        const ImportResult r =
            importText(QStringLiteral("# Answer\n\n````mermaid\n"
                                      "flowchart TD\n"
                                      "  p[(MySQL primary)] --\"Replication\"--> "
                                      "q[(MySQL replica)]\n"
                                      "````\n"),
                       QStringLiteral("a.md"));
        QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join('\n')));
        QCOMPARE(ofKind(r.topology, NodeKind::Database).size(), 2);
        const Link &l = r.topology.links().first();
        QCOMPARE(l.kind, LinkKind::Replication);
        QCOMPARE(r.topology.node(l.to)->text(QStringLiteral("role")), QStringLiteral("replica"));
    }

    void multiLineQuotedLabelsBreaksEmojiAndClasses() {
        const ImportResult r = importText(QStringLiteral(
            "flowchart LR\n"
            "  u[\"👤 User\n     browser\"]:::ext --> l{{\"⚖️ HAProxy<BR>round robin\"}}\n"
            "  l --> w[Nginx<br />web]:::web\n"
            "  classDef web fill:#0f0\n"));
        QVERIFY2(r.warnings.size() <= 1, qPrintable(r.warnings.join('\n')));
        QCOMPARE(ofKind(r.topology, NodeKind::Client).size(), 1);
        QCOMPARE(ofKind(r.topology, NodeKind::Client).first()->name,
                 QStringLiteral("👤 User (browser)"));
        QCOMPARE(ofKind(r.topology, NodeKind::LoadBalancer).size(), 1);
        QCOMPARE(ofKind(r.topology, NodeKind::Web).size(), 1);
    }

    void ampersandChainsAndBothWayArrows() {
        const ImportResult r =
            importText(QStringLiteral("graph TD\n  lb[Load balancer] --> a[Nginx 1] & b[Nginx 2]\n"
                                      "  p[(Primary DB)] <--> q[(Replica DB)]\n"));
        QCOMPARE(ofKind(r.topology, NodeKind::Web).size(), 2);
        int backends = 0;
        for (const Link &l : r.topology.links())
            backends += l.kind == LinkKind::Backend;
        QCOMPARE(backends, 2);
        bool replication = false;
        for (const Link &l : r.topology.links())
            replication = replication || l.kind == LinkKind::Replication;
        QVERIFY(replication);
    }

    void idsReusedAcrossSubgraphsAreNodesOfTheirOwn() {
        const ImportResult r = importText(QStringLiteral("flowchart TD\n"
                                                         "  LB[Load balancer] --> Nginx\n"
                                                         "  subgraph S1[Server 1]\n"
                                                         "    Nginx --> App --> DB[(Primary)]\n"
                                                         "  end\n"
                                                         "  subgraph S2[Server 2]\n"
                                                         "    Nginx --> App --> DB[(Replica)]\n"
                                                         "  end\n"));
        QCOMPARE(ofKind(r.topology, NodeKind::Server).size(), 2);
        QCOMPARE(ofKind(r.topology, NodeKind::Web).size(), 2);
        QCOMPARE(ofKind(r.topology, NodeKind::App).size(), 2);
        QCOMPARE(ofKind(r.topology, NodeKind::Database).size(), 2);
        for (const Node *s : ofKind(r.topology, NodeKind::Server))
            QCOMPARE(r.topology.children(s->id).size(), 3);
    }

    void overLongIdsGiveValidIds() {
        const QString a(120, QLatin1Char('a'));
        const QString b(120, QLatin1Char('b'));
        const ImportResult r = importText(
            QStringLiteral("graph TD\n  %1[Load balancer] --> %2[Server 1]\n").arg(a, b));
        QString why;
        QVERIFY2(valid(r.topology, &why), qPrintable(why));
        QCOMPARE(r.topology.nodes().size(), 2);
        QCOMPARE(r.topology.links().size(), 1);
    }

    void architectureDiagrams() {
        const ImportResult r =
            importText(QStringLiteral("architecture-beta\n"
                                      "  group s1(server)[Server 1]\n"
                                      "  service lb(server)[HAProxy]\n"
                                      "  service web(server)[Nginx] in s1\n"
                                      "  service db(database)[Main store] in s1\n"
                                      "  junction j\n"
                                      "  lb:R --> L:j\n"
                                      "  j:R --> L:web\n"
                                      "  bogus line\n"));
        QCOMPARE(ofKind(r.topology, NodeKind::Server).size(), 1);
        QCOMPARE(ofKind(r.topology, NodeKind::Database).size(), 1); // from the icon alone
        QVERIFY(linkOf(r.topology, LinkKind::Backend, QStringLiteral("lb"), QStringLiteral("web")));
        QVERIFY2(r.warnings.join('\n').contains(QLatin1String("line 9: cannot read 'bogus line'")),
                 qPrintable(r.warnings.join('\n')));
    }

    void serverBoxWithArrowsHoldsItsParts() {
        const ImportResult r =
            importText(QStringLiteral("flowchart TB\n"
                                      "  S[Server 1<br>IP: 10.0.0.5] --> N[Nginx]\n"
                                      "  S --> A[Application server]\n"
                                      "  S --> C[application code]\n"
                                      "  S --> D[(MySQL)]\n"));
        const QList<const Node *> servers = ofKind(r.topology, NodeKind::Server);
        QCOMPARE(servers.size(), 1);
        QCOMPARE(servers.first()->text(QStringLiteral("ip")), QStringLiteral("10.0.0.5"));
        QCOMPARE(r.topology.children(servers.first()->id).size(), 4);
        // "application code" is the files, not a second application server on its port.
        QCOMPARE(ofKind(r.topology, NodeKind::Files).size(), 1);
        QCOMPARE(ofKind(r.topology, NodeKind::App).size(), 1);
    }

    void tierSubgraphsAreNotHosts() {
        const ImportResult r = importText(QStringLiteral("flowchart TD\n"
                                                         "  subgraph Database cluster\n"
                                                         "    p[(MySQL primary)]\n"
                                                         "    q[(MySQL replica)]\n"
                                                         "  end\n"
                                                         "  p --> q\n"));
        const QList<const Node *> dbs = ofKind(r.topology, NodeKind::Database);
        QCOMPARE(dbs.size(), 2);
        QVERIFY(dbs.at(0)->parent != dbs.at(1)->parent);
        QVERIFY(r.warnings.join('\n').contains(QLatin1String("read as a group")));
    }

    void firewallChainsKeepTheBackend() {
        const ImportResult r = importText(QStringLiteral("flowchart TD\n"
                                                         "  lb[HAProxy] --> fw[Firewall] --> n\n"
                                                         "  subgraph s1[Server 1]\n"
                                                         "    n[Nginx]\n"
                                                         "  end\n"));
        const Node *web = ofKind(r.topology, NodeKind::Web).first();
        QVERIFY(linkOf(r.topology, LinkKind::Backend, QStringLiteral("lb"), web->id));
        // The standalone firewall drawn without an address gets the designer's default.
        const Node *fw = ofKind(r.topology, NodeKind::Firewall).first();
        QCOMPARE(fw->text(QStringLiteral("ip")), QStringLiteral("8.8.8.1"));
        QVERIFY(r.filled.join('\n').contains(QLatin1String("8.8.8.1")));
        QString why;
        QVERIFY2(valid(r.topology, &why), qPrintable(why));
    }

    void loadBalancersDrawnAsAClusterArePaired() {
        const ImportResult r = importText(QStringLiteral("flowchart TD\n"
                                                         "  d[DNS] --> l1\n"
                                                         "  subgraph c[LB cluster]\n"
                                                         "    l1[HAProxy 1<br>VIP: 8.8.8.8]\n"
                                                         "    l2[HAProxy 2]\n"
                                                         "  end\n"
                                                         "  l1 --> n[Nginx]\n"));
        const QList<const Node *> lbs = ofKind(r.topology, NodeKind::LoadBalancer);
        QCOMPARE(lbs.size(), 2);
        QCOMPARE(lbs.at(0)->text(QStringLiteral("vip")), QStringLiteral("8.8.8.8"));
        QCOMPARE(lbs.at(1)->text(QStringLiteral("vip")), QStringLiteral("8.8.8.8"));
        QVERIFY(lbs.at(0)->number(QStringLiteral("priority")) >
                lbs.at(1)->number(QStringLiteral("priority")));
        // Both balance to the same web server; neither holds the VIP as its own address.
        const Node *web = ofKind(r.topology, NodeKind::Web).first();
        QVERIFY(linkOf(r.topology, LinkKind::Backend, lbs.at(1)->id, web->id));
        QVERIFY(lbs.at(0)->text(QStringLiteral("ip")) != QStringLiteral("8.8.8.8"));
        QString why;
        QVERIFY2(valid(r.topology, &why), qPrintable(why));
    }

    void sslOnALoadBalancerTurnsTlsOn() {
        const ImportResult r = importText(
            QStringLiteral("graph TD\n  u[User] -->|HTTPS| l[Load balancer]\n  m[LB 2]\n"));
        const QList<const Node *> lbs = ofKind(r.topology, NodeKind::LoadBalancer);
        QVERIFY(lbs.first()->flag(QStringLiteral("tls")));
        QVERIFY(!lbs.last()->flag(QStringLiteral("tls")));
    }

    void unlabelledAppToReplicaReads() {
        const ImportResult r =
            importText(QStringLiteral("graph TD\n"
                                      "  subgraph s2[Server 2]\n"
                                      "    a[App server] --> q[(MySQL replica)]\n"
                                      "  end\n"
                                      "  p[(MySQL primary)] --> q\n"));
        const Node *app = ofKind(r.topology, NodeKind::App).first();
        const Node *primary = nullptr;
        const Node *replica = nullptr;
        for (const Node *db : ofKind(r.topology, NodeKind::Database))
            (db->text(QStringLiteral("role")) == QLatin1String("replica") ? replica : primary) = db;
        QVERIFY(primary && replica);
        const Link *read = linkOf(r.topology, LinkKind::Data, app->id, replica->id);
        QVERIFY(read);
        QCOMPARE(read->text(QStringLiteral("access")), QStringLiteral("read"));
        // Its writes go to the primary.
        QVERIFY(linkOf(r.topology, LinkKind::Data, app->id, primary->id));
    }

    void theNameResolvesToThePairsHolder() {
        // The DNS box answers with the VIP: its record goes to the peer that holds it.
        const ImportResult r = importText(QStringLiteral("flowchart TD\n"
                                                         "  d[DNS: A 203.0.113.10] \n"
                                                         "  subgraph c[HAProxy cluster]\n"
                                                         "    h1[HAProxy 1 active]\n"
                                                         "    h2[HAProxy 2 passive]\n"
                                                         "    h1 <-. VRRP .-> h2\n"
                                                         "  end\n"
                                                         "  v((VIP 203.0.113.10)) --> h1\n"
                                                         "  h1 --> n[Nginx]\n  h2 --> n\n"));
        const QList<const Node *> lbs = ofKind(r.topology, NodeKind::LoadBalancer);
        QCOMPARE(lbs.size(), 2);
        const Node *holder = lbs.at(0)->number(QStringLiteral("priority")) >
                                     lbs.at(1)->number(QStringLiteral("priority"))
                                 ? lbs.at(0)
                                 : lbs.at(1);
        const Node *dns = ofKind(r.topology, NodeKind::Dns).first();
        QVERIFY(linkOf(r.topology, LinkKind::DnsRecord, dns->id, holder->id));
    }

    void linksTipACloseCallAndNeverMakeAKind() {
        // "app code" says files, "Gunicorn" an application: the links from Nginx and to the
        // database decide. A box nobody can name stays a note whatever it is linked to.
        const ImportResult r =
            importText(QStringLiteral("graph TB\n"
                                      "  subgraph a[Application server]\n"
                                      "    g[Gunicorn + app code]\n"
                                      "  end\n"
                                      "  w[Nginx] --> g --> m[(MySQL)]\n"
                                      "  l[Load balancer] --> c[Coffee machine]\n"));
        QCOMPARE(ofKind(r.topology, NodeKind::App).size(), 1);
        QVERIFY(ofKind(r.topology, NodeKind::Files).isEmpty());
        QCOMPARE(ofKind(r.topology, NodeKind::Note).size(), 1);
        QCOMPARE(ofKind(r.topology, NodeKind::Web).size(), 1);
    }

    void edgeDataAndBracketedLinesAreNotNodes() {
        // Mermaid 11: "A e1@--> B" names an edge and "e1@{ animate: true }" styles it.
        const ImportResult r =
            importText(QStringLiteral("flowchart LR\n"
                                      "  u[User] e1@--> f{{\"`**Firewall 1**\n(allows 443)`\"}}\n"
                                      "  e1@{ animate: true }\n"));
        QVERIFY2(r.warnings.filter(QStringLiteral("e1")).isEmpty(),
                 qPrintable(r.warnings.join(QLatin1Char('\n'))));
        QVERIFY(ofKind(r.topology, NodeKind::Note).isEmpty());
        QCOMPARE(ofKind(r.topology, NodeKind::Firewall).first()->name,
                 QStringLiteral("Firewall 1 (allows 443)"));
    }

    void aNoteNamingALoadBalancerIsANote() {
        const ImportResult r = importText(
            QStringLiteral("graph TD\n  n[SPOF: load balancer]\n  d[DNS<br>A record → LB IP]\n"));
        QCOMPARE(ofKind(r.topology, NodeKind::Note).size(), 1);
        QCOMPARE(ofKind(r.topology, NodeKind::Dns).size(), 1);
        QVERIFY(ofKind(r.topology, NodeKind::LoadBalancer).isEmpty());
    }

    void everyChoiceIsExplained() {
        const ImportResult r = importText(QStringLiteral("graph TD\n"
                                                         "  subgraph s[Server 1]\n"
                                                         "    a[App server]\n"
                                                         "    w[Nginx]\n"
                                                         "  end\n"));
        QCOMPARE(r.explanations.size(), r.topology.nodes().size());
        QVERIFY(r.explanations.join('\n').contains(QLatin1String("'nginx' in the first line")));
    }

    void completionMovesClashingPortsAndFillsAddresses() {
        TopologyData t;
        t.appendNode(makeNode(NodeKind::Server, QStringLiteral("s"), QStringLiteral("S")));
        Node a = makeNode(NodeKind::App, QStringLiteral("a"), QStringLiteral("A"));
        a.parent = QStringLiteral("s");
        a.properties.insert(QStringLiteral("port"), 80);
        Node w = makeNode(NodeKind::Web, QStringLiteral("w"), QStringLiteral("W"));
        w.parent = QStringLiteral("s");
        t.appendNode(w);
        t.appendNode(a);
        Node m = makeNode(NodeKind::Monitoring, QStringLiteral("m"), QStringLiteral("Mon"));
        t.appendNode(m);
        QStringList filled;
        QStringList removed;
        DesignCompletion::complete(&t, &filled, &removed);
        QString why;
        QVERIFY2(valid(t, &why), qPrintable(why));
        QCOMPARE(t.node(QStringLiteral("w"))->number(QStringLiteral("port")), 80);
        QCOMPARE(t.node(QStringLiteral("a"))->number(QStringLiteral("port")), 81);
        QCOMPARE(t.node(QStringLiteral("m"))->text(QStringLiteral("ip")),
                 QStringLiteral("10.0.0.9"));
        QCOMPARE(t.node(QStringLiteral("s"))->text(QStringLiteral("ip")),
                 QStringLiteral("192.168.1.10"));
        QCOMPARE(filled.size(), 2); // the port and the monitoring address; the server had one
        QVERIFY(removed.isEmpty());
    }

    void unreadablePartsAreReportedWithTheirLine() {
        const ImportResult r = importText(QStringLiteral("flowchart TD\n"
                                                         "  a[DNS] --> b[Load balancer]\n"
                                                         "  ??? !!!\n"
                                                         "  c[Nginx] -->\n"));
        const QString w = r.warnings.join('\n');
        QVERIFY2(w.contains(QLatin1String("line 3:")), qPrintable(w));
        QVERIFY2(w.contains(QLatin1String("line 4:")), qPrintable(w));
        QCOMPARE(r.topology.links().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestMermaidStructures)
#include "tst_mermaidstructures.moc"
