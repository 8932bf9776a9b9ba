// The alert rules: one source for the monitor and the Prometheus export; their evaluation over
// scrapes (for:, counters' increase, histogram quantiles, stale targets); bad thresholds.
#include "io/topologyfile.h"
#include "model/topologydata.h"
#include "model/validator.h"
#include "monitoring/alertrules.h"
#include "monitoring/exposition.h"
#include "monitoring/metricnames.h"
#include "monitoring/replicationcluster.h"
#include "monitoring/ruleevaluator.h"

#include <QtTest>

#include <cmath>

using namespace infrastage;
using namespace infrastage::monitoring;

namespace {

const ScrapeTarget kWeb{QStringLiteral("web"), QStringLiteral("127.168.1.10:8080"),
                        QStringLiteral("server-1-web"), QString()};
const ScrapeTarget kReplica{QStringLiteral("mysqld"), QStringLiteral("127.168.1.11:9104"),
                            QStringLiteral("server-2-db"), QStringLiteral("server-1-db")};
const ScrapeTarget kPrimary{QStringLiteral("mysqld"), QStringLiteral("127.168.1.10:9104"),
                            QStringLiteral("server-1-db"), QStringLiteral("server-1-db")};
// The primary of another replication group (say, the orders database beside the guestbook's).
const ScrapeTarget kOtherPrimary{QStringLiteral("mysqld"), QStringLiteral("127.168.1.12:9104"),
                                 QStringLiteral("server-3-db"), QStringLiteral("server-3-db")};

QList<AlertRule> rulesOf(qint64 forMs) {
    Node m = makeNode(NodeKind::Monitoring, QStringLiteral("monitoring"));
    m.properties.insert(QStringLiteral("scrape_interval"), 1000);
    m.properties.insert(QStringLiteral("alert_for"), forMs);
    return AlertRules::forMonitor(m);
}

MetricSamples parsed(const QByteArray &text) {
    MetricSamples s;
    QString error;
    if (!Exposition::parse(text, &s, &error))
        qWarning("%s", qPrintable(error));
    return s;
}

// Web metrics with `total` responses of which `errors` were 5xx, all in the 0.1 s bucket
// except `slow` ones in the 1 s bucket.
MetricSamples web(int total, int errors, int slow = 0) {
    QByteArray t;
    t += "infrastage_http_responses_total{code=\"2xx\"} " + QByteArray::number(total - errors) +
         "\n";
    t += "infrastage_http_responses_total{code=\"5xx\"} " + QByteArray::number(errors) + "\n";
    t += "infrastage_http_request_duration_seconds_bucket{le=\"0.1\"} " +
         QByteArray::number(total - slow) + "\n";
    t += "infrastage_http_request_duration_seconds_bucket{le=\"1\"} " + QByteArray::number(total) +
         "\n";
    t += "infrastage_http_request_duration_seconds_bucket{le=\"+Inf\"} " +
         QByteArray::number(total) + "\n";
    return parsed(t);
}

MetricSamples replica(double lag, int io, int sql) {
    return parsed("mysql_global_variables_read_only 1\n"
                  "mysql_slave_status_seconds_behind_master " +
                  QByteArray::number(lag) + "\nmysql_slave_status_slave_io_running " +
                  QByteArray::number(io) + "\nmysql_slave_status_slave_sql_running " +
                  QByteArray::number(sql) + "\n");
}

QStringList names(const QList<AlertTransition> &ts) {
    QStringList out;
    for (const AlertTransition &t : ts)
        out.append(t.alert.rule +
                   (t.firing ? QStringLiteral(" firing") : QStringLiteral(" resolved")));
    return out;
}

} // namespace

class TestAlertRules : public QObject {
    Q_OBJECT

private slots:
    void theExportedRulesAreTheEvaluatedOnes() {
        const QList<AlertRule> rules = rulesOf(2000);
        const QString yaml = AlertRules::prometheusYaml(rules, QStringLiteral("Monitoring"));
        QCOMPARE(rules.size(), 7);
        for (const AlertRule &r : rules) {
            QVERIFY2(yaml.contains(QStringLiteral("- alert: %1\n").arg(r.name)),
                     qPrintable(r.name));
            QVERIFY(
                yaml.contains(QString(r.expr).replace(QLatin1Char('"'), QStringLiteral("\\\""))));
        }
        QVERIFY(yaml.contains(QStringLiteral("for: 2s")));
        // What the monitor is configured with reads back to the same rules.
        QList<AlertRule> back;
        QString error;
        QVERIFY2(AlertRules::fromJson(AlertRules::toJson(rules), &back, &error), qPrintable(error));
        QCOMPARE(back.size(), rules.size());
        QCOMPARE(back.at(1).threshold, 0.05);
        QCOMPARE(back.at(1).windowMs, 4000);
        QCOMPARE(back.at(3).threshold, 1.0);
    }

    void badThresholdsAreRefusedClearly() {
        QList<AlertRule> rules = rulesOf(2000);
        QJsonArray a = AlertRules::toJson(rules);
        QJsonObject ratio = a.at(1).toObject();
        ratio.insert(QStringLiteral("threshold"), 5); // 5 meant as 5 %, but a ratio is 0.05
        a.replace(1, ratio);
        QString error;
        QVERIFY(!AlertRules::fromJson(a, &rules, &error));
        QCOMPARE(error, QStringLiteral("rules[1]: alert rule 'HighErrorRatio': threshold 5 is not "
                                       "a ratio above 0 and at most 1 (5 % is 0.05)"));
        a = AlertRules::toJson(rulesOf(2000));
        QJsonObject lag = a.at(3).toObject();
        lag.insert(QStringLiteral("threshold"), -1);
        a.replace(3, lag);
        QVERIFY(!AlertRules::fromJson(a, &rules, &error));
        QVERIFY2(error.contains(QStringLiteral("'ReplicationLag': threshold -1 is not a positive")),
                 qPrintable(error));
        a = AlertRules::toJson(rulesOf(2000));
        QJsonObject down = a.at(0).toObject();
        down.insert(QStringLiteral("for_ms"), QStringLiteral("2s"));
        a.replace(0, down);
        QVERIFY(!AlertRules::fromJson(a, &rules, &error));
        QVERIFY2(error.contains(QStringLiteral("\"for_ms\"")), qPrintable(error));

        // In a design, the monitoring node's properties are checked by the validator.
        TopologyData t;
        QVERIFY(TopologyFile::load(
            QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/secured-monitored.infra.json"), &t,
            &error));
        QVERIFY(validateTopology(t).isEmpty());
        Node m = *t.node(QStringLiteral("monitoring"));
        m.properties.insert(QStringLiteral("error_ratio"), 150);
        t.replaceNode(m);
        const ValidationIssues issues = validateTopology(t);
        QCOMPARE(issues.size(), 1);
        QCOMPARE(issues.first().field, QStringLiteral("error_ratio"));
        QVERIFY2(issues.first().message.contains(QStringLiteral("100")),
                 qPrintable(issues.first().toString()));
    }

    void targetDownFiresAfterForAndResolves() {
        RuleEvaluator e(rulesOf(2000));
        e.addScrape(kWeb, 0, true, web(10, 0));
        QVERIFY(e.evaluate(0).isEmpty());
        e.addScrape(kWeb, 1000, false, {}, QStringLiteral("Connection refused"));
        QVERIFY(e.evaluate(1000).isEmpty());
        QCOMPARE(e.alerts().size(), 1);
        QCOMPARE(e.alerts().first().state, AlertState::Pending);
        e.addScrape(kWeb, 2000, false, {}, QStringLiteral("Connection refused"));
        QVERIFY(e.evaluate(2000).isEmpty()); // held 1 s of 2
        e.addScrape(kWeb, 3000, false, {}, QStringLiteral("Connection refused"));
        const QList<AlertTransition> fired = e.evaluate(3000);
        QCOMPARE(names(fired), QStringList{QStringLiteral("TargetDown firing")});
        const ActiveAlert &a = fired.first().alert;
        QCOMPARE(a.labels.value(QStringLiteral("node")), QStringLiteral("server-1-web"));
        QCOMPARE(a.labels.value(QStringLiteral("severity")), QStringLiteral("critical"));
        QCOMPARE(a.activeAtMs, 1000);
        QCOMPARE(a.detail, QStringLiteral("Connection refused"));
        QVERIFY(a.summary.startsWith(QStringLiteral("127.168.1.10:8080 (web)")));
        e.addScrape(kWeb, 4000, true, web(0, 0)); // restarted: counters start again
        QCOMPARE(names(e.evaluate(4000)), QStringList{QStringLiteral("TargetDown resolved")});
        QVERIFY(e.alerts().isEmpty());
    }

    void aShortBlipNeverFires() {
        RuleEvaluator e(rulesOf(2000));
        e.addScrape(kWeb, 1000, false, {});
        e.evaluate(1000);
        e.addScrape(kWeb, 2000, true, web(1, 0));
        QVERIFY(e.evaluate(2000).isEmpty()); // pending alerts vanish without a transition
        QVERIFY(e.alerts().isEmpty());
    }

    void errorRatioIsOverTheWindow() {
        RuleEvaluator e(rulesOf(0));
        e.addScrape(kWeb, 0, true, web(1000, 900)); // old errors do not count
        e.addScrape(kWeb, 1000, true, web(1100, 902));
        QVERIFY(e.evaluate(1000).isEmpty()); // 2 of 100 = 2 % < 5 %
        e.addScrape(kWeb, 2000, true, web(1200, 922));
        const QList<AlertTransition> t = e.evaluate(2000); // 22 of 200 = 11 %
        QCOMPARE(names(t), QStringList{QStringLiteral("HighErrorRatio firing")});
        QCOMPARE(t.first().alert.value, 0.11);
        // After the window (4 s) the bad second is forgotten.
        for (int s = 3; s <= 7; ++s)
            e.addScrape(kWeb, s * 1000, true, web(1200 + 100 * (s - 2), 922));
        QCOMPARE(names(e.evaluate(7000)), QStringList{QStringLiteral("HighErrorRatio resolved")});
    }

    void latencyP95IsAHistogramQuantile() {
        QCOMPARE(RuleEvaluator::histogramQuantile(0.95, {{0.1, 50}, {1, 100}, {INFINITY, 100}}),
                 0.1 + 0.9 * (95.0 - 50) / 50);
        QCOMPARE(RuleEvaluator::histogramQuantile(0.5, {{0.1, 100}, {INFINITY, 100}}), 0.05);
        QCOMPARE(RuleEvaluator::histogramQuantile(0.95, {{0.1, 0}, {INFINITY, 10}}), 0.1);
        QVERIFY(std::isnan(RuleEvaluator::histogramQuantile(0.95, {{0.1, 0}, {INFINITY, 0}})));
        RuleEvaluator e(rulesOf(0));
        e.addScrape(kWeb, 0, true, web(100, 0, 0));
        e.addScrape(kWeb, 1000, true, web(200, 0, 3)); // 3 % slow: p95 inside 0.1 s
        QVERIFY(e.evaluate(1000).isEmpty());
        e.addScrape(kWeb, 2000, true, web(300, 0, 23)); // 20 of 200 slow: p95 in (0.1, 1]
        QCOMPARE(names(e.evaluate(2000)), QStringList{QStringLiteral("HighLatencyP95 firing")});
    }

    void replicaAlertsReadTheLatestScrape() {
        RuleEvaluator e(rulesOf(0));
        e.addScrape(kPrimary, 0, true, parsed("mysql_global_variables_read_only 0\n"));
        e.addScrape(kReplica, 0, true, replica(0.2, 1, 1));
        QVERIFY(e.evaluate(0).isEmpty());
        e.addScrape(kReplica, 1000, true, replica(3.5, 1, 0));
        QCOMPARE(names(e.evaluate(1000)),
                 (QStringList{QStringLiteral("ReplicationLag firing"),
                              QStringLiteral("ReplicaSqlThreadStopped firing")}));
        // A replica that stops answering has no series: its alerts resolve, TargetDown fires.
        e.addScrape(kReplica, 2000, false, {});
        QCOMPARE(names(e.evaluate(2000)),
                 (QStringList{QStringLiteral("TargetDown firing"),
                              QStringLiteral("ReplicationLag resolved"),
                              QStringLiteral("ReplicaSqlThreadStopped resolved")}));
    }

    void splitBrainIsTwoWritableDatabases() {
        RuleEvaluator e(rulesOf(0));
        e.addScrape(kPrimary, 0, true, parsed("mysql_global_variables_read_only 0\n"));
        e.addScrape(kReplica, 0, true, parsed("mysql_global_variables_read_only 0\n"));
        const QList<AlertTransition> t = e.evaluate(0);
        QCOMPARE(names(t), QStringList{QStringLiteral("SplitBrain firing")});
        QCOMPARE(t.first().alert.value, 2.0);
        QVERIFY(!t.first().alert.labels.contains(QStringLiteral("instance")));
        QCOMPARE(t.first().alert.labels.value(QStringLiteral("cluster")),
                 QStringLiteral("server-1-db"));
        QCOMPARE(t.first().alert.detail, QStringLiteral("writable: server-1-db, server-2-db"));
    }

    void aReplicationGroupIsNamedAfterItsRootPrimary() {
        TopologyData t;
        for (const char *id : {"a", "b", "c", "x"})
            t.appendNode(makeNode(NodeKind::Database, QString::fromLatin1(id)));
        t.appendLink(makeLink(LinkKind::Replication, QStringLiteral("a-b"), "a", "b"));
        t.appendLink(makeLink(LinkKind::Replication, QStringLiteral("b-c"), "b", "c"));
        for (const char *id : {"a", "b", "c"}) // a chain: a -> b -> c
            QCOMPARE(replicationCluster(t, QString::fromLatin1(id)), QStringLiteral("a"));
        QCOMPARE(replicationCluster(t, QStringLiteral("x")), QStringLiteral("x"));
        // A drawn cycle (c -> a) ends the walk instead of looping.
        t.appendLink(makeLink(LinkKind::Replication, QStringLiteral("c-a"), "c", "a"));
        QVERIFY(!replicationCluster(t, QStringLiteral("b")).isEmpty());
    }

    void twoReplicationGroupsHaveAPrimaryEach() {
        // One writable database per group is no split brain, however many groups there are.
        RuleEvaluator e(rulesOf(0));
        e.addScrape(kPrimary, 0, true, parsed("mysql_global_variables_read_only 0\n"));
        e.addScrape(kReplica, 0, true, parsed("mysql_global_variables_read_only 1\n"));
        e.addScrape(kOtherPrimary, 0, true, parsed("mysql_global_variables_read_only 0\n"));
        QVERIFY(e.evaluate(0).isEmpty());
        // The replica of the first group promoted while its primary still takes writes.
        e.addScrape(kReplica, 1000, true, parsed("mysql_global_variables_read_only 0\n"));
        const QList<AlertTransition> t = e.evaluate(1000);
        QCOMPARE(names(t), QStringList{QStringLiteral("SplitBrain firing")});
        QCOMPARE(t.first().alert.labels.value(QStringLiteral("cluster")),
                 QStringLiteral("server-1-db"));
    }

    void expositionParsesWhatPrometheusWrites() {
        MetricSamples s;
        QString error;
        QVERIFY(Exposition::parse("# HELP x y\n# TYPE x counter\nx 1\n"
                                  "y{a=\"b\\\"c\",d=\"e\\\\f\"} +Inf 1700000000\nz{} 2.5e-3\n",
                                  &s, &error));
        QCOMPARE(s.size(), 3);
        QCOMPARE(s.at(1).labels.value(QStringLiteral("a")), QStringLiteral("b\"c"));
        QCOMPARE(s.at(1).labels.value(QStringLiteral("d")), QStringLiteral("e\\f"));
        QVERIFY(std::isinf(s.at(1).value));
        QCOMPARE(s.at(2).value, 0.0025);
        QVERIFY(!Exposition::parse("x{a=\"b} 1\n", &s, &error));
        QCOMPARE(error, QStringLiteral("line 1: label a: unterminated value"));
        QVERIFY(!Exposition::parse("ok 1\n9bad 1\n", &s, &error));
        QVERIFY(error.startsWith(QStringLiteral("line 2:")));
        QVERIFY(!Exposition::parse("x one\n", &s, &error));
        QCOMPARE(Exposition::line("m", {{"a", "x\"y"}}, 0.25),
                 QByteArray("m{a=\"x\\\"y\"} 0.25\n"));
    }
};

QTEST_GUILESS_MAIN(TestAlertRules)
#include "tst_alertrules.moc"
