#include "grader.h"

#include "analysis/analyzer.h"
#include "cli/command.h"
#include "importer.h"
#include "io/topologyfile.h"
#include "model/kindspec.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

namespace infrastage {

namespace {

constexpr int kRunTimeoutMs = 180000; // start, one request, stop: seconds on a busy machine

QString counted(int n, const QString &what) {
    return QStringLiteral("%1 × %2").arg(n).arg(what);
}

} // namespace

Grade Grader::grade(const QString &answerPath, const Rubric &rubric, const QString &cli) {
    Grade g;
    g.answer = answerPath;
    g.exercise = rubric.exercise;
    g.title = rubric.title;
    TopologyData design;
    QString error;
    if (answerPath.endsWith(QLatin1String(".infra.json")) ||
        answerPath.endsWith(QLatin1String(".infrastage"))) {
        if (!TopologyFile::load(answerPath, &design, &error)) {
            g.error = error;
            return g;
        }
    } else {
        QByteArray bytes;
        if (!Importers::readFile(answerPath, &bytes, &error)) {
            g.error = error;
            return g;
        }
        const Importer *importer = Importers::forFile(answerPath, bytes.left(512));
        if (!importer) {
            g.error = QStringLiteral("%1: no importer reads this file").arg(answerPath);
            return g;
        }
        const ImportResult r = importer->import(bytes, QFileInfo(answerPath).fileName());
        if (r.topology.nodes().isEmpty()) {
            g.error = QStringLiteral("%1: no design could be read from it (%2)")
                          .arg(answerPath, r.warnings.value(0));
            return g;
        }
        design = r.topology;
        g.notes = r.warnings;
        for (const QString &f : r.filled)
            g.notes.append(QStringLiteral("filled in: %1").arg(f));
    }
    Grade scored = grade(design, rubric, cli);
    scored.answer = g.answer;
    scored.notes = g.notes;
    return scored;
}

Grade Grader::grade(const TopologyData &design, const Rubric &rubric, const QString &cli) {
    Grade g;
    g.exercise = rubric.exercise;
    g.title = rubric.title;
    g.read = true;
    QStringList rules;
    for (const Finding &f : analyzeTopology(design))
        rules.append(f.rule);
    for (const Criterion &c : rubric.criteria) {
        const CriterionResult r = check(c, design, rules, cli);
        g.results.append(r);
        if (!r.checked)
            continue;
        g.maxPoints += c.points;
        if (r.passed)
            g.points += c.points;
    }
    return g;
}

CriterionResult Grader::check(const Criterion &c, const TopologyData &design,
                              const QStringList &rules, const QString &cli) {
    CriterionResult r;
    r.criterion = c;
    switch (c.check) {
    case CriterionCheck::Components: {
        NodeKind kind;
        nodeKindFromName(c.kind, &kind);
        int n = 0;
        for (const Node &node : design.nodes())
            n += node.kind == kind;
        r.passed = c.op == QLatin1String(">=")   ? n >= c.count
                   : c.op == QLatin1String("<=") ? n <= c.count
                                                 : n == c.count;
        r.detail = counted(n, nodeKindLabel(kind));
        break;
    }
    case CriterionCheck::Finding: {
        const bool there = rules.contains(c.rule);
        r.passed = there == c.present;
        r.detail = there ? QStringLiteral("%1 is found").arg(c.rule)
                         : QStringLiteral("%1 is not found").arg(c.rule);
        break;
    }
    case CriterionCheck::Runs:
        if (cli.isEmpty()) {
            r.checked = false;
            r.detail = QStringLiteral("not run (--no-run)");
            break;
        }
        r.passed = runs(design, cli, &r.detail, &r.checked);
        break;
    }
    return r;
}

bool Grader::runs(const TopologyData &design, const QString &cli, QString *detail, bool *checked) {
    QTemporaryDir dir;
    if (!dir.isValid()) {
        *detail = QStringLiteral("no temporary folder to run in");
        return false;
    }
    const QString file = dir.filePath(QStringLiteral("answer.infra.json"));
    QString error;
    if (!TopologyFile::save(file, design, &error)) {
        *detail = error;
        return false;
    }
    QProcess request;
    request.setProgram(cli);
    request.setArguments({QStringLiteral("request"), file, QStringLiteral("--run-dir"),
                          dir.filePath(QStringLiteral("run"))});
    request.start();
    if (!request.waitForStarted(30000)) {
        *detail = QStringLiteral("%1 did not start: %2").arg(cli, request.errorString());
        return false;
    }
    if (!request.waitForFinished(kRunTimeoutMs)) {
        request.kill();
        request.waitForFinished(5000);
        *detail = QStringLiteral("no answer within %1 s").arg(kRunTimeoutMs / 1000);
        return false;
    }
    const bool normal = request.exitStatus() == QProcess::NormalExit;
    const bool ok = normal && request.exitCode() == cli::ExitOk;
    const QList<QByteArray> lines =
        (ok ? request.readAllStandardOutput() : request.readAllStandardError())
            .trimmed()
            .split('\n');
    const QString last = QString::fromUtf8(lines.value(lines.size() - 1));
    if (normal && request.exitCode() == cli::ExitBusy) {
        *checked = false;
        *detail = QStringLiteral("not run: %1").arg(last.left(400));
        return false;
    }
    *detail = ok ? QStringLiteral("started; one request answered")
                 : QStringLiteral("did not run: %1").arg(last.left(200));
    return ok;
}

} // namespace infrastage
