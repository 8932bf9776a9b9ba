// The corpus of answers to the four classic exercises (tests/exchange/data/corpus), written in
// the styles students use: every one imports to a valid design with the kinds and counts its
// header comment says ("%% expect: server=2 web=2 ..."), recall over the whole corpus is at
// least 97 % with no invented component, HTTPS and load-balancer pairs are read where drawn,
// and every three-server answer has exactly the reference design's findings.
#include "analysis/analyzer.h"
#include "importer.h"
#include "io/topologyfile.h"
#include "model/kindspec.h"
#include "model/validator.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

using namespace infrastage;

namespace {

const QString kCorpus = QStringLiteral(INFRASTAGE_SOURCE_DIR "/tests/exchange/data/corpus");
constexpr double kRecallGoal = 0.97;

struct Expectation {
    QString exercise;
    QMap<QString, int> counts; // node kind name -> how many
    bool https = false;
    bool pair = false;
};

Expectation expectationOf(const QByteArray &text) {
    Expectation e;
    static const QRegularExpression line(QStringLiteral(R"(^\s*%%\s*([a-z-]+):\s*(.*)$)"),
                                         QRegularExpression::MultilineOption);
    QRegularExpressionMatchIterator it = line.globalMatch(QString::fromUtf8(text));
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString key = m.captured(1);
        const QString value = m.captured(2).trimmed();
        if (key == QLatin1String("exercise"))
            e.exercise = value;
        else if (key == QLatin1String("expect-https"))
            e.https = value == QLatin1String("yes");
        else if (key == QLatin1String("expect-pair"))
            e.pair = value == QLatin1String("yes");
        else if (key == QLatin1String("expect")) {
            for (const QString &pair : value.split(QLatin1Char(' '), Qt::SkipEmptyParts))
                e.counts.insert(pair.section(QLatin1Char('='), 0, 0),
                                pair.section(QLatin1Char('='), 1).toInt());
        }
    }
    return e;
}

QMap<QString, int> kindCounts(const TopologyData &t) {
    QMap<QString, int> counts;
    for (const Node &n : t.nodes()) {
        if (n.kind != NodeKind::Note)
            ++counts[nodeKindName(n.kind)];
    }
    return counts;
}

QStringList corpusFiles() {
    QStringList files;
    for (const QFileInfo &f : QDir(kCorpus).entryInfoList(
             {QStringLiteral("*.md"), QStringLiteral("*.mmd")}, QDir::Files, QDir::Name))
        files.append(f.absoluteFilePath());
    return files;
}

ImportResult importFile(const QString &path, QByteArray *bytes) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    *bytes = f.readAll();
    const Importer *importer = Importers::forFile(path, bytes->left(512));
    return importer ? importer->import(*bytes, QFileInfo(path).fileName()) : ImportResult();
}

QSet<QString> rules(const TopologyData &t) {
    QSet<QString> out;
    for (const Finding &f : analyzeTopology(t))
        out.insert(f.rule);
    return out;
}

} // namespace

class TestMermaidCorpus final : public QObject {
    Q_OBJECT

private slots:
    void corpusIsLargeEnough() {
        const QStringList files = corpusFiles();
        QVERIFY2(files.size() >= 40, qPrintable(QString::number(files.size())));
        QSet<QString> exercises;
        for (const QString &path : files) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const Expectation e = expectationOf(f.readAll());
            QVERIFY2(!e.exercise.isEmpty() && !e.counts.isEmpty(), qPrintable(path));
            exercises.insert(e.exercise);
        }
        QCOMPARE(exercises.size(), 4);
    }

    void importsAsExpected_data() {
        QTest::addColumn<QString>("path");
        for (const QString &path : corpusFiles())
            QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
    }

    void importsAsExpected() {
        QFETCH(QString, path);
        QByteArray bytes;
        const ImportResult r = importFile(path, &bytes);
        const Expectation e = expectationOf(bytes);
        const QString context = r.warnings.join(QLatin1Char('\n'));
        QVERIFY2(!r.topology.nodes().isEmpty(), qPrintable(context));
        // A valid design: nothing the validator refuses.
        for (const ValidationIssue &i : validateTopology(r.topology))
            QVERIFY2(!i.structural, qPrintable(i.toString() + QLatin1Char('\n') + context));
        // No invented component: never more of a kind than the answer drew.
        const QMap<QString, int> got = kindCounts(r.topology);
        for (auto it = got.cbegin(); it != got.cend(); ++it)
            QVERIFY2(it.value() <= e.counts.value(it.key()),
                     qPrintable(QStringLiteral("%1: %2 imported, %3 drawn\n%4")
                                    .arg(it.key())
                                    .arg(it.value())
                                    .arg(e.counts.value(it.key()))
                                    .arg(context)));
        bool tls = false;
        QSet<QString> vips;
        int paired = 0;
        for (const Node &n : r.topology.nodes()) {
            if (n.kind != NodeKind::LoadBalancer)
                continue;
            tls = tls || n.flag(QStringLiteral("tls"));
            if (!n.text(QStringLiteral("vip")).isEmpty()) {
                vips.insert(n.text(QStringLiteral("vip")));
                ++paired;
            }
        }
        QCOMPARE(tls, e.https);
        QCOMPARE(paired >= 2 && vips.size() == 1, e.pair);
        // Saved and loaded again, it is the same design (the file format accepts it).
        const QString out = QDir::temp().filePath(
            QStringLiteral("corpus-%1.infra.json").arg(QFileInfo(path).baseName()));
        QString error;
        QVERIFY2(TopologyFile::save(out, r.topology, &error), qPrintable(error));
        TopologyData back;
        QVERIFY2(TopologyFile::load(out, &back, &error), qPrintable(error));
        QFile::remove(out);
        QCOMPARE(kindCounts(back), got);
    }

    void recallOverTheCorpus() {
        int expected = 0;
        int found = 0;
        QStringList misses;
        for (const QString &path : corpusFiles()) {
            QByteArray bytes;
            const ImportResult r = importFile(path, &bytes);
            const Expectation e = expectationOf(bytes);
            const QMap<QString, int> got = kindCounts(r.topology);
            for (auto it = e.counts.cbegin(); it != e.counts.cend(); ++it) {
                expected += it.value();
                found += qMin(it.value(), got.value(it.key()));
                if (got.value(it.key()) < it.value())
                    misses.append(QStringLiteral("%1: %2 %3 of %4")
                                      .arg(QFileInfo(path).fileName(), it.key())
                                      .arg(got.value(it.key()))
                                      .arg(it.value()));
            }
        }
        const double recall = expected ? double(found) / expected : 0;
        qInfo("component recall %.4f (%d of %d)", recall, found, expected);
        QVERIFY2(recall >= kRecallGoal, qPrintable(misses.join(QLatin1Char('\n'))));
    }

    void threeServerAnswersHaveTheReferenceFindings() {
        TopologyData reference;
        QString error;
        QVERIFY2(TopologyFile::load(
                     QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/three-server.infra.json"),
                     &reference, &error),
                 qPrintable(error));
        const QSet<QString> want = rules(reference);
        int answers = 0;
        for (const QString &path : corpusFiles()) {
            QByteArray bytes;
            const ImportResult r = importFile(path, &bytes);
            if (expectationOf(bytes).exercise != QLatin1String("three-server"))
                continue;
            ++answers;
            const QSet<QString> got = rules(r.topology);
            QStringList missing = QStringList(want.begin(), want.end());
            QStringList extra = QStringList(got.begin(), got.end());
            for (const QString &id : got)
                missing.removeAll(id);
            for (const QString &id : want)
                extra.removeAll(id);
            QVERIFY2(missing.isEmpty() && extra.isEmpty(),
                     qPrintable(
                         QStringLiteral("%1: missing %2; not in the reference %3")
                             .arg(QFileInfo(path).fileName(), missing.join(','), extra.join(','))));
        }
        QVERIFY(answers >= 10);
    }
};

QTEST_GUILESS_MAIN(TestMermaidCorpus)
#include "tst_mermaidcorpus.moc"
