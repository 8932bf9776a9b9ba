// The one rule list of each firewall (FirewallPolicies::derive) on the shipped examples, the
// nftables export written from it, and rules a user wrote wrong: a clear error naming the
// firewall, the rule and what is wrong, in `check` (the validator) as in the runtime.
#include "configwriter.h"

#include "io/topologyfile.h"
#include "model/firewallpolicy.h"
#include "model/validator.h"

#include <QtTest>

using namespace infrastage;

namespace {

TopologyData example(const char *name) {
    TopologyData t;
    QString error;
    if (!TopologyFile::load(QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/%1.infra.json")
                                .arg(QLatin1String(name)),
                            &t, &error))
        qFatal("%s", qPrintable(error));
    return t;
}

const FilterRule *ruleFor(const FirewallPolicy &p, const QString &why) {
    for (const FilterRule &r : p.rules) {
        if (r.why == why)
            return &r;
    }
    return nullptr;
}

QString nftablesOf(const TopologyData &t, const QString &hostId) {
    const ConfigContext ctx(t, ConfigContext::Target::Hosts);
    for (const ConfigFile &f : ConfigWriters::render(ctx)) {
        if (f.path == QStringLiteral("hosts/%1/nftables.conf").arg(hostId))
            return QString::fromUtf8(f.content);
    }
    return QString();
}

QStringList errorsOf(TopologyData t, const QString &firewall, const QString &rules) {
    Node fw = *t.node(firewall);
    fw.properties.insert(QStringLiteral("rules"), rules);
    t.replaceNode(fw);
    QStringList errors;
    FirewallPolicies::derive(t, fw, &errors);
    return errors;
}

} // namespace

class TestFirewallRules final : public QObject {
    Q_OBJECT

private slots:
    void hostFirewallLetsInWhatTheLinksNeed() {
        const TopologyData t = example("secured-monitored");
        QStringList errors;
        const QList<FirewallPolicy> all = FirewallPolicies::derive(t, &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(all.size(), 3);
        const FirewallPolicy &s1 = all.at(1);
        QCOMPARE(s1.firewall, QStringLiteral("server-1-fw"));
        QVERIFY(!s1.edge);
        QCOMPARE(s1.hosts, QStringList{"server-1"});
        QCOMPARE(s1.policy, FirewallAction::Drop);
        const FilterRule *open = ruleFor(s1, "open to the Internet");
        QVERIFY(open && open->anySource());
        QCOMPARE(open->ports, (QList<int>{80, 443}));
        const FilterRule *lb = ruleFor(s1, "load balancer -> web server");
        QVERIFY(lb);
        QCOMPARE(lb->sources, QStringList{"lb"});
        QCOMPARE(lb->ports, QList<int>{80});
        // Server 2's application writes to Server 1's database; the replica replicates.
        const FilterRule *db = ruleFor(s1, "application -> database");
        QVERIFY(db);
        QCOMPARE(db->sources, QStringList{"server-2"});
        QCOMPARE(db->ports, QList<int>{3306});
        QVERIFY(ruleFor(s1, "replication"));
        QCOMPARE(ruleFor(s1, "replication")->sources, QStringList{"server-2"});
        // The monitoring host scrapes the web and application servers, the database's
        // exporter and the node exporter; not the database itself.
        const FilterRule *scrape = ruleFor(s1, "monitoring -> metrics");
        QVERIFY(scrape);
        QCOMPARE(scrape->sources, QStringList{"monitoring"});
        QCOMPARE(scrape->ports, (QList<int>{80, 8000, 9104, 9100}));
        // Nothing lets the Internet at the database.
        for (const FilterRule &r : s1.rules)
            QVERIFY(!(r.ports.contains(3306) && (r.anySource() || r.internet)));
    }

    void theFirstMatchingRuleDecides() {
        TopologyData t = example("secured-monitored");
        Node fw = *t.node("server-1-fw");
        fw.properties.insert("rules", "reject from server-2 port 8000; drop from internet");
        fw.properties.insert("policy", "reject");
        t.replaceNode(fw);
        const FirewallPolicy p = FirewallPolicies::derive(t, fw);
        int rule = -2;
        QCOMPARE(p.decide("server-2", 8000, &rule), FirewallAction::Reject);
        QCOMPARE(rule, 0);
        QCOMPARE(p.decide("server-2", 3306, &rule), FirewallAction::Accept);
        QCOMPARE(p.rules.at(rule).why, QStringLiteral("application -> database"));
        QCOMPARE(p.decide(QString(), 80), FirewallAction::Drop); // before "open to the Internet"
        QCOMPARE(p.decide("lb", 80), FirewallAction::Accept);
        QCOMPARE(p.decide("dns", 3306, &rule), FirewallAction::Reject); // the policy
        QCOMPARE(rule, -1);
        QVERIFY(nftablesOf(t, "server-1").contains("reject comment \"policy reject\""));
        // A rule for DNS's port matches its datagrams too, as the emulator's dns role does.
        t = example("secured-monitored");
        Link behind;
        behind.id = "edge-dns";
        behind.kind = LinkKind::Network;
        behind.from = "fw-edge";
        behind.to = "dns";
        t.appendLink(behind);
        Node edge = *t.node("fw-edge");
        edge.properties.insert("rules", "accept from internet port 53");
        t.replaceNode(edge);
        QVERIFY2(nftablesOf(t, "fw-edge").contains("meta l4proto { tcp, udp } th dport 53 accept"),
                 qPrintable(nftablesOf(t, "fw-edge")));
    }

    void edgeFirewallGuardsTheHostsBehindIt() {
        const TopologyData t = example("secured-monitored");
        const FirewallPolicy edge = FirewallPolicies::derive(t, *t.node("fw-edge"));
        QVERIFY(edge.edge);
        QCOMPARE(edge.hosts, QStringList{"lb"});
        QCOMPARE(edge.rules.size(), 1);
        // The user's browser only reaches the load balancer through it; the monitoring node
        // has a link of its own.
        QVERIFY(FirewallPolicies::crosses(t, edge, "user", "lb"));
        QVERIFY(!FirewallPolicies::crosses(t, edge, "monitoring", "lb"));
        QVERIFY(!FirewallPolicies::crosses(t, edge, "server-1", "lb"));
    }

    void nftablesIsWrittenFromTheSameRules() {
        TopologyData t = example("secured-monitored");
        Node fw = *t.node("server-1-fw");
        fw.properties.insert("rules", "reject from internet port 3306; accept from monitoring");
        t.replaceNode(fw);
        const FirewallPolicy p = FirewallPolicies::derive(t, fw);
        const QString conf = nftablesOf(t, "server-1");
        QVERIFY(!conf.isEmpty());
        for (const FilterRule &r : p.rules)
            QVERIFY2(conf.contains(QStringLiteral("comment \"%1\"").arg(r.why)), qPrintable(r.why));
        QVERIFY(conf.contains("ip saddr 192.168.1.11 tcp dport 3306 accept comment "
                              "\"application -> database\""));
        QVERIFY(conf.contains("tcp dport 3306 reject with tcp reset comment \"rules: reject from "
                              "internet port 3306\""));
        // User rules come before the ones the design needs: the first match decides.
        QVERIFY(conf.indexOf("rules: reject") < conf.indexOf("open to the Internet"));
    }

    void ruleNamingAnUnknownNodeOrPortIsAClearError() {
        const TopologyData t = example("secured-monitored");
        QStringList e = errorsOf(t, "server-1-fw", "accept from server-9 port 3306");
        QCOMPARE(e.size(), 1);
        QVERIFY2(e.first().contains("firewall 'Host firewall' (server-1-fw), rule 1 'accept from "
                                    "server-9 port 3306': no node 'server-9'"),
                 qPrintable(e.first()));
        e = errorsOf(t, "server-1-fw", "drop from internet port 80\nreject from lb port 3307");
        QCOMPARE(e.size(), 1);
        QVERIFY2(e.first().contains("rule 2 'reject from lb port 3307': nothing it protects "
                                    "listens on port 3307"),
                 qPrintable(e.first()));
        e = errorsOf(t, "fw-edge", "allow everything");
        QCOMPARE(e.size(), 1);
        QVERIFY2(e.first().contains("'allow' is not an action"), qPrintable(e.first()));
        e = errorsOf(t, "fw-edge", "drop port 99999; drop from");
        QCOMPARE(e.size(), 2);
        QVERIFY(e.at(0).contains("'99999' is not a port"));
        QVERIFY(e.at(1).contains("'from' needs a value"));
        // A component stands for its server.
        QVERIFY(
            errorsOf(t, "server-1-fw", "accept from server-2; drop from server-2-app").isEmpty());
    }

    void checkReportsABadRuleWithoutRefusingTheFile() {
        TopologyData t = example("secured-monitored");
        Node fw = *t.node("server-2-fw");
        fw.properties.insert("rules", "accept from nobody port 3306");
        t.replaceNode(fw);
        const ValidationIssues issues = validateTopology(t);
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.first().nodeId, QStringLiteral("server-2-fw"));
        QCOMPARE(issues.first().field, QStringLiteral("rules"));
        QVERIFY(!issues.first().structural);
        QVERIFY(issues.first().message.contains("no node 'nobody'"));
    }
};

QTEST_GUILESS_MAIN(TestFirewallRules)
#include "tst_firewallrules.moc"
