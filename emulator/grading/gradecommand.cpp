// `infrastage-cli grade ANSWER|FOLDER (--exercise NAME | --rubric FILE) [--format F]
// [--no-run] [-o OUT]`: grades a student's answer (Mermaid, Markdown or a design file) against
// a rubric; a folder grades every answer in it into one CSV table.
#include "cli/command.h"

#include "gradereport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstdio>

namespace infrastage::cli {

namespace {

bool write(const QString &output, const QByteArray &bytes) {
    if (output.isEmpty()) {
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        return true;
    }
    QFile f(output);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "grade: %s: %s\n", qPrintable(output), qPrintable(f.errorString()));
        return false;
    }
    return f.write(bytes) == bytes.size();
}

QStringList answersIn(const QString &folder) {
    QStringList out;
    const QDir dir(folder);
    for (const QFileInfo &f : dir.entryInfoList(
             {QStringLiteral("*.md"), QStringLiteral("*.markdown"), QStringLiteral("*.mmd"),
              QStringLiteral("*.mermaid"), QStringLiteral("*.infra.json")},
             QDir::Files, QDir::Name))
        out.append(f.filePath());
    return out;
}

int runGrade(const QStringList &args) {
    QString answer, exercise, rubricPath, output;
    QString format;
    bool run = true;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--exercise") && i + 1 < args.size())
            exercise = args.at(++i);
        else if (a == QLatin1String("--rubric") && i + 1 < args.size())
            rubricPath = args.at(++i);
        else if (a == QLatin1String("--format") && i + 1 < args.size())
            format = args.at(++i);
        else if ((a == QLatin1String("-o") || a == QLatin1String("--output")) &&
                 i + 1 < args.size())
            output = args.at(++i);
        else if (a == QLatin1String("--no-run"))
            run = false;
        else if (!a.startsWith(QLatin1Char('-')) && answer.isEmpty())
            answer = a;
        else {
            std::fprintf(stderr, "grade: unexpected argument '%s'\n", qPrintable(a));
            return ExitBadInput;
        }
    }
    if (answer.isEmpty() || exercise.isEmpty() == rubricPath.isEmpty()) {
        std::fprintf(stderr, "usage: infrastage-cli grade ANSWER|FOLDER (--exercise NAME | "
                             "--rubric FILE) [--format text|json|markdown|csv] [--no-run] "
                             "[-o OUT]\n");
        return ExitBadInput;
    }
    if (!exercise.isEmpty())
        rubricPath = Rubric::shippedPath(exercise);
    Rubric rubric;
    QString error;
    if (!Rubric::load(rubricPath, &rubric, &error)) {
        std::fprintf(stderr, "grade: %s\n", qPrintable(error));
        if (!exercise.isEmpty())
            std::fprintf(stderr, "grade: the shipped rubrics are in %s\n",
                         qPrintable(Rubric::shippedFolder()));
        return ExitBadInput;
    }
    const bool folder = QFileInfo(answer).isDir();
    if (format.isEmpty())
        format = folder ? QStringLiteral("csv") : QStringLiteral("text");
    static const QStringList formats = {QStringLiteral("text"), QStringLiteral("json"),
                                        QStringLiteral("markdown"), QStringLiteral("csv")};
    if (!formats.contains(format)) {
        std::fprintf(stderr, "grade: unknown format '%s' (text, json, markdown, csv)\n",
                     qPrintable(format));
        return ExitBadInput;
    }
    if (!folder && !QFileInfo::exists(answer)) {
        std::fprintf(stderr, "grade: %s: no such file or folder\n", qPrintable(answer));
        return ExitBadInput;
    }
    const QString cli = run ? QCoreApplication::applicationFilePath() : QString();
    const QStringList answers = folder ? answersIn(answer) : QStringList{answer};
    if (answers.isEmpty()) {
        std::fprintf(stderr, "grade: %s: no answer (.md, .mmd, .infra.json) in it\n",
                     qPrintable(answer));
        return ExitBadInput;
    }
    QList<Grade> grades;
    QByteArray out;
    for (const QString &a : answers) {
        const Grade g = Grader::grade(a, rubric, cli);
        grades.append(g);
        if (format == QLatin1String("text"))
            out += GradeReport::text(g);
        else if (format == QLatin1String("json"))
            out += GradeReport::json(g);
        else if (format == QLatin1String("markdown"))
            out += GradeReport::markdown(g) + '\n';
        if (folder)
            std::fprintf(stderr, "graded %s: %d/%d\n", qPrintable(QFileInfo(a).fileName()),
                         g.points, g.maxPoints);
    }
    if (format == QLatin1String("csv"))
        out = GradeReport::csv(grades, rubric);
    if (!write(output, out))
        return ExitBadInput;
    bool anyRead = false;
    for (const Grade &g : grades)
        anyRead = anyRead || g.read;
    return anyRead ? ExitOk : ExitFindings;
}

const CommandRegistration registration(
    {"grade",
     "grade ANSWER|FOLDER (--exercise NAME | --rubric FILE) [--format text|json|markdown|csv] "
     "[--no-run] [-o OUT]",
     "grade a student's design (Mermaid, Markdown or .infra.json) against a rubric "
     "(examples/rubrics); a folder grades into one CSV table",
     runGrade});

} // namespace

} // namespace infrastage::cli
