// infrastage-cli lesson FILE: plays a lesson (docs/lessons.md) headless on real processes and
// says, step by step, whether each expectation held; exits 1 when one did not (so a teacher can
// check lessons in CI), 2 when the lesson cannot be read. The work is LessonRunner's.
#include "cli/command.h"
#include "designgateway.h"
#include "lessonparser.h"
#include "lessonrunner.h"
#include "runtimecli.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <cstdio>

namespace infrastage::cli {

namespace {

using runtime::LessonRunner;

int runLesson(const QStringList &args) {
    RuntimeCli::Options options;
    options.detail = true; // walkthroughs of the lesson's requests show what crossed each hop
    QString error;
    if (!RuntimeCli::parseCommon(args, &options, &error)) {
        std::fprintf(stderr, "infrastage-cli lesson: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    bool json = false;
    for (int i = 0; i < options.rest.size(); ++i) {
        const QString &a = options.rest.at(i);
        if (a == QLatin1String("--format") && i + 1 < options.rest.size() &&
            (options.rest.at(i + 1) == QLatin1String("json") ||
             options.rest.at(i + 1) == QLatin1String("text"))) {
            json = options.rest.at(++i) == QLatin1String("json");
        } else {
            std::fprintf(stderr,
                         "infrastage-cli lesson: unknown argument '%s' (--format takes "
                         "text or json)\n",
                         qPrintable(a));
            return ExitBadInput;
        }
    }
    runtime::Lesson lesson;
    if (!runtime::LessonParser::load(options.file, &lesson, &error)) {
        std::fprintf(stderr, "infrastage-cli lesson: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    runtime::DesignGateway gateway;
    gateway.setOptions(RuntimeCli::orchestratorOptions(options));
    LessonRunner runner(&gateway);
    if (!json) {
        QObject::connect(&runner, &LessonRunner::stepFinished,
                         [](const runtime::LessonStepResult &r) {
                             std::fputs(qPrintable(r.toText()), stdout);
                             std::fflush(stdout);
                         });
    }
    QObject::connect(&runner, &LessonRunner::finished, [&](const runtime::LessonSummary &s) {
        if (json)
            RuntimeCli::printLine(QJsonDocument(s.toJson()).toJson(QJsonDocument::Indented));
        else
            std::fputs(qPrintable(QStringLiteral("\n") + s.toText()), stdout);
        std::fflush(stdout);
        if (!s.error.isEmpty())
            std::fprintf(stderr, "infrastage-cli lesson: %s (logs in %s)\n", qPrintable(s.error),
                         qPrintable(gateway.runDirectory()));
        QCoreApplication::exit(s.passed() ? ExitOk : ExitFindings);
    });
    RuntimeCli::onStopSignal([&] { runner.cancel(); });
    if (!runner.start(lesson, &error)) {
        std::fprintf(stderr, "infrastage-cli lesson: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    if (!json)
        std::printf("Lesson: %s\n\n", qPrintable(lesson.title));
    std::fflush(stdout);
    return QCoreApplication::exec();
}

const CommandRegistration registration({
    "lesson",
    "lesson FILE [--format text|json] [--run-dir DIR]",
    "play a lesson (docs/lessons.md) headless on real processes: each step's action (a request, "
    "a load, a fault, a wait) and whether its expectations held against the run; exits 1 when "
    "one did not, 2 when the lesson cannot be read",
    &runLesson,
});

} // namespace

} // namespace infrastage::cli
