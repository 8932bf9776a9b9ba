// Run directories of ended runs are pruned when a run starts, but for the newest few; a live
// process's directories and anything not named like a run are never touched.
#include "rundirectories.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>
#include <unistd.h>

using infrastage::runtime::RunDirectories;

namespace {

QString runName(int second, qint64 pid, int n = 1) {
    return QStringLiteral("20261202-1000%1-%2-%3")
        .arg(second, 2, 10, QLatin1Char('0'))
        .arg(pid)
        .arg(n);
}

} // namespace

class TestRunDirectories final : public QObject {
    Q_OBJECT

private slots:
    void endedRunsArePrunedButTheNewest() {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        QDir dir(root.path());
        // A pid no process has now: a shell's own, after it ended and was reaped.
        QProcess probe;
        probe.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("echo $$")});
        QVERIFY(probe.waitForFinished(5000));
        const qint64 ended = probe.readAllStandardOutput().trimmed().toLongLong();
        QVERIFY(ended > 0);
        QVERIFY(::kill(pid_t(ended), 0) != 0);
        const qint64 self = ::getpid();
        const QStringList endedRuns{runName(1, ended), runName(2, ended), runName(3, ended),
                                    runName(4, ended, 2)};
        const QStringList liveRuns{runName(0, self), runName(5, self)};
        const QStringList others{QStringLiteral("notes"), QStringLiteral("2026-12-02-run")};
        for (const QStringList &names : {endedRuns, liveRuns, others}) {
            for (const QString &name : names) {
                QVERIFY(dir.mkpath(name + QStringLiteral("/logs")));
                QFile f(dir.filePath(name + QStringLiteral("/logs/lb.log")));
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write("x");
            }
        }
        const QStringList removed = RunDirectories::pruneEnded(root.path(), 2);
        QCOMPARE(removed.size(), 2);
        // The two oldest ended runs go; the newest two stay, with the live and the other ones.
        QVERIFY(!dir.exists(endedRuns.at(0)));
        QVERIFY(!dir.exists(endedRuns.at(1)));
        for (const QString &kept : {endedRuns.at(2), endedRuns.at(3)})
            QVERIFY2(QFile::exists(dir.filePath(kept + QStringLiteral("/logs/lb.log"))),
                     qPrintable(kept));
        for (const QStringList &names : {liveRuns, others}) {
            for (const QString &name : names)
                QVERIFY2(dir.exists(name), qPrintable(name));
        }
        // Nothing more to prune: a second pass removes nothing.
        QVERIFY(RunDirectories::pruneEnded(root.path(), 2).isEmpty());
        // A missing root is not an error.
        QVERIFY(RunDirectories::pruneEnded(root.path() + QStringLiteral("/none")).isEmpty());
    }

    void freshNamesAreThisProcesssAndDistinct() {
        const QString a = RunDirectories::fresh();
        const QString b = RunDirectories::fresh();
        QVERIFY(a != b);
        QVERIFY(a.startsWith(RunDirectories::root() + QLatin1Char('/')));
        QVERIFY(a.contains(QStringLiteral("-%1-").arg(::getpid())));
    }
};

QTEST_GUILESS_MAIN(TestRunDirectories)
#include "tst_rundirectories.moc"
