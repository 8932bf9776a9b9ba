// The exported rules and the monitor's evaluation mean the same: the same series are given to
// Prometheus' own rule tester (`promtool test rules` over alerts.yml) and to RuleEvaluator, and
// both must fire the same alerts, with the same labels and summaries, at the same times.
#include "model/node.h"
#include "monitoring/alertrules.h"
#include "monitoring/exposition.h"
#include "monitoring/ruleevaluator.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace infrastage;
using namespace infrastage::monitoring;

namespace {

// One scenario: series sampled every second (values per second; "_" = the scrape failed,
// which for `up` is 0), and the seconds at which the named alert must be firing.
struct Scenario {
    QString alert;
    QString job, instance, node;
    QList<QPair<QString, QStringList>> series; // "name{labels}" without target labels -> values
    QList<int> firingAt;                       // seconds when it must fire
    QList<int> quietAt;                        // seconds when it must not
};

QList<Scenario> scenarios() {
    return {
        {QStringLiteral("TargetDown"),
         QStringLiteral("web"),
         QStringLiteral("127.168.1.10:8080"),
         QStringLiteral("server-1-web"),
         {{QStringLiteral("up"), QString("1 0 0 0 0 1 1").split(' ')}},
         {3, 4},
         {1, 2, 5, 6}},
        {QStringLiteral("ReplicationLag"),
         QStringLiteral("mysqld"),
         QStringLiteral("127.168.1.11:9104"),
         QStringLiteral("server-2-db"),
         {{QStringLiteral("mysql_slave_status_seconds_behind_master"),
           QString("0 0.2 3 3 3 3 0.1").split(' ')}},
         {4, 5},
         {2, 3, 6}},
        {QStringLiteral("HighErrorRatio"),
         QStringLiteral("app"),
         QStringLiteral("127.168.1.11:8000"),
         QStringLiteral("server-2-app"),
         {{QStringLiteral("infrastage_http_responses_total{code=\"2xx\"}"),
           QString("0 9 18 27 36 45 54").split(' ')},
          {QStringLiteral("infrastage_http_responses_total{code=\"5xx\"}"),
           QString("0 1 2 3 4 5 6").split(' ')}},
         {3, 4, 5, 6},
         {1, 2}},
        {QStringLiteral("ReplicaSqlThreadStopped"),
         QStringLiteral("mysqld"),
         QStringLiteral("127.168.1.11:9104"),
         QStringLiteral("server-2-db"),
         {{QStringLiteral("mysql_slave_status_slave_sql_running"),
           QString("1 1 0 0 0 0 0").split(' ')}},
         {4, 5, 6},
         {2, 3}},
    };
}

QString withTarget(const QString &series, const Scenario &s) {
    const QString labels =
        QStringLiteral("job=\"%1\",instance=\"%2\",node=\"%3\"").arg(s.job, s.instance, s.node);
    if (series.endsWith(QLatin1Char('}')))
        return series.left(series.size() - 1) + QLatin1Char(',') + labels + QLatin1Char('}');
    return series + QLatin1Char('{') + labels + QLatin1Char('}');
}

} // namespace

class TestPromtoolRules : public QObject {
    Q_OBJECT

private slots:
    void prometheusAndTheMonitorAgree() {
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (promtool.isEmpty())
            QSKIP("prometheus (promtool) is not installed");
        Node m = makeNode(NodeKind::Monitoring, QStringLiteral("monitoring"));
        m.properties.insert(QStringLiteral("scrape_interval"), 1000);
        m.properties.insert(QStringLiteral("alert_for"), 2000);
        const QList<AlertRule> rules = AlertRules::forMonitor(m);
        QTemporaryDir dir;
        QFile yaml(dir.filePath(QStringLiteral("alerts.yml")));
        QVERIFY(yaml.open(QIODevice::WriteOnly));
        yaml.write(AlertRules::prometheusYaml(rules, QStringLiteral("test")).toUtf8());
        yaml.close();

        QString tests = QStringLiteral("rule_files:\n  - alerts.yml\nevaluation_interval: 1s\n"
                                       "tests:\n");
        for (const Scenario &s : scenarios()) {
            // The monitor's side: one scrape a second, evaluated at once.
            RuleEvaluator e(rules);
            QMap<int, QList<ActiveAlert>> firing; // second -> firing alerts of the scenario
            const int seconds = int(s.series.first().second.size());
            for (int t = 0; t < seconds; ++t) {
                MetricSamples samples;
                bool ok = true;
                for (const auto &series : s.series) {
                    const double v = series.second.at(t).toDouble();
                    if (series.first == QLatin1String("up")) {
                        ok = v == 1;
                        continue;
                    }
                    MetricSamples one;
                    QString error;
                    QVERIFY(Exposition::parse(series.first.toUtf8() + ' ' + Exposition::number(v),
                                              &one, &error));
                    samples += one;
                }
                e.addScrape({s.job, s.instance, s.node, QString()}, qint64(t) * 1000, ok, samples,
                            ok ? QString() : QStringLiteral("Connection refused"));
                e.evaluate(qint64(t) * 1000);
                for (const ActiveAlert &a : e.alerts()) {
                    if (a.rule == s.alert && a.state == AlertState::Firing)
                        firing[t].append(a);
                }
            }
            for (int t : s.firingAt)
                QVERIFY2(firing.value(t).size() == 1,
                         qPrintable(QStringLiteral("%1 not firing at %2 s").arg(s.alert).arg(t)));
            for (int t : s.quietAt)
                QVERIFY2(firing.value(t).isEmpty(),
                         qPrintable(QStringLiteral("%1 firing at %2 s").arg(s.alert).arg(t)));

            // Prometheus' side: the same series and the alerts the monitor fired, as expected.
            tests += QStringLiteral("  - interval: 1s\n    input_series:\n");
            for (const auto &series : s.series)
                tests += QStringLiteral("      - series: '%1'\n        values: '%2'\n")
                             .arg(withTarget(series.first, s), series.second.join(' '));
            tests += QStringLiteral("    alert_rule_test:\n");
            for (int t = 1; t < seconds; ++t) {
                tests += QStringLiteral("      - eval_time: %1s\n        alertname: %2\n")
                             .arg(t)
                             .arg(s.alert);
                if (firing.value(t).isEmpty()) {
                    tests += QStringLiteral("        exp_alerts: []\n");
                    continue;
                }
                const ActiveAlert &a = firing.value(t).first();
                tests += QStringLiteral("        exp_alerts:\n          - exp_labels:\n");
                for (auto it = a.labels.cbegin(); it != a.labels.cend(); ++it) {
                    if (it.key() != QLatin1String("alertname"))
                        tests +=
                            QStringLiteral("              %1: \"%2\"\n").arg(it.key(), it.value());
                }
                tests +=
                    QStringLiteral("            exp_annotations:\n              summary: \"%1\"\n")
                        .arg(a.summary);
            }
        }
        QFile test(dir.filePath(QStringLiteral("test.yml")));
        QVERIFY(test.open(QIODevice::WriteOnly));
        test.write(tests.toUtf8());
        test.close();
        QProcess p;
        p.setWorkingDirectory(dir.path());
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(promtool,
                {QStringLiteral("test"), QStringLiteral("rules"), QStringLiteral("test.yml")});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0,
                 qPrintable(QString::fromUtf8(p.readAll()) + QLatin1Char('\n') + tests));
    }
};

QTEST_GUILESS_MAIN(TestPromtoolRules)
#include "tst_promtoolrules.moc"
