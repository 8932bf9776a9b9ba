// Findings follow every edit: the list, the badges, selecting a finding, and one-click fixes
// that clear their finding (and come back on undo).
#include "analysis/analyzer.h"
#include "canvas/diagramscene.h"
#include "canvas/nodeitem.h"
#include "commands/designeditor.h"
#include "document/document.h"
#include "findings/analysisrunner.h"
#include "findings/findingspanel.h"
#include "fixes/fixes.h"
#include "guitestsupport.h"
#include "mainwindow.h"
#include "model/topology.h"

#include <QTreeWidget>
#include <QtTest>

using namespace infrastage;
using namespace infrastage::gui;
using namespace infrastage::gui::testing;

namespace {

bool hasRule(const Findings &findings, const QString &rule, const QString &node = QString()) {
    for (const Finding &f : findings) {
        if (f.rule == rule && (node.isEmpty() || f.nodes.contains(node)))
            return true;
    }
    return false;
}

} // namespace

class TestFindings : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> m_window;

    const Findings &current() {
        m_window->analysis()->runNow();
        return m_window->analysis()->findings();
    }

private Q_SLOTS:
    void initTestCase() { isolateSettings(); }

    void init() {
        m_window = std::make_unique<MainWindow>();
        m_window->document()->reset(example("three-server"));
        m_window->show();
    }

    void cleanup() {
        m_window->document()->undoStack()->setClean();
        m_window.reset();
    }

    void referenceDesignShowsItsWeaknesses() {
        const Findings &f = current();
        QVERIFY(hasRule(f, QStringLiteral("spof.load-balancer"), QStringLiteral("lb")));
        QVERIFY(hasRule(f, QStringLiteral("security.no-https")));
        QCOMPARE(m_window->findingsPanel()->list()->topLevelItemCount(), int(f.size()));
        // Sorted by severity: errors first.
        for (int i = 1; i < f.size(); ++i)
            QVERIFY(int(f.at(i - 1).severity) <= int(f.at(i).severity));
        // The load balancer carries a badge whose tooltip explains.
        NodeItem *lb = m_window->scene()->nodeItem(QStringLiteral("lb"));
        QVERIFY(lb->hasBadge());
        bool explained = false;
        for (QGraphicsItem *child : lb->childItems())
            explained = explained || child->toolTip().contains(QStringLiteral("single point"));
        QVERIFY(explained);
    }

    void editingUpdatesFindings() {
        QVERIFY(hasRule(current(), QStringLiteral("security.no-https")));
        QVERIFY(
            m_window->editor()->setNodeProperty(QStringLiteral("lb"), QStringLiteral("tls"), true));
        // The rerun is scheduled on the event loop, not forced by the test.
        QTRY_VERIFY(
            !hasRule(m_window->analysis()->findings(), QStringLiteral("security.no-https")));
        QVERIFY(hasRule(current(), QStringLiteral("security.http-not-redirected")));
        m_window->document()->undoStack()->undo();
        QTRY_VERIFY(hasRule(m_window->analysis()->findings(), QStringLiteral("security.no-https")));
    }

    void selectingAFindingSelectsItsNodes() {
        const Findings &f = current();
        int index = -1;
        for (int i = 0; i < f.size(); ++i) {
            if (f.at(i).rule == QLatin1String("spof.load-balancer"))
                index = i;
        }
        QVERIFY(index >= 0);
        m_window->findingsPanel()->selectFinding(index);
        QCOMPARE(m_window->scene()->selectedNodeIds(), QStringList{QStringLiteral("lb")});
    }

    void eachFixClearsItsFindingAndUndoBringsItBack_data() {
        QTest::addColumn<QString>("fixId");
        QTest::addColumn<QString>("rule");
        QTest::newRow("lb pair") << "add-lb-pair"
                                 << "spof.load-balancer";
        QTest::newRow("firewall") << "add-firewall"
                                  << "security.no-firewall";
        QTest::newRow("https") << "enable-https"
                               << "security.no-https";
        QTest::newRow("monitoring") << "add-monitoring"
                                    << "monitoring.none";
        QTest::newRow("failover") << "enable-failover"
                                  << "spof.primary-database";
        QTest::newRow("second link") << "add-second-link"
                                     << "spof.network-link";
    }

    void eachFixClearsItsFindingAndUndoBringsItBack() {
        QFETCH(QString, fixId);
        QFETCH(QString, rule);
        QVERIFY(availableFixes().contains(fixId));
        Finding finding;
        for (const Finding &f : current()) {
            if (f.rule == rule)
                finding = f;
        }
        QCOMPARE(finding.fixId, fixId);
        const int before = int(current().size());
        // The button of the findings dock, as a user would press it.
        Q_EMIT m_window->findingsPanel()->fixRequested(finding);
        QVERIFY2(!hasRule(current(), rule), qPrintable(rule));
        if (fixId == QLatin1String("enable-https")) // redirect is part of the fix
            QVERIFY(!hasRule(current(), QStringLiteral("security.http-not-redirected")));
        QVERIFY(int(current().size()) <= before + 1);
        m_window->document()->undoStack()->undo();
        QVERIFY(hasRule(current(), rule));
    }

    void fixesStackUp() {
        // Every fix in turn, as a student would: each finding goes and none comes back.
        for (const char *rule : {"spof.load-balancer", "security.no-firewall", "security.no-https",
                                 "monitoring.none", "spof.primary-database"}) {
            Finding finding;
            for (const Finding &f : current()) {
                if (f.rule == QLatin1String(rule))
                    finding = f;
            }
            QVERIFY2(!finding.fixId.isEmpty(), rule);
            QString error;
            QVERIFY2(m_window->editor()->applyFix(finding, &error), qPrintable(error));
            QVERIFY2(!hasRule(current(), QString::fromLatin1(rule)), rule);
        }
        for (const char *rule :
             {"spof.load-balancer", "security.no-firewall", "security.no-https", "monitoring.none",
              "monitoring.unmonitored-host", "spof.primary-database"})
            QVERIFY2(!hasRule(current(), QString::fromLatin1(rule)), rule);
    }
};

QTEST_MAIN(TestFindings)
#include "tst_findings.moc"
