// infrastage-cli up FILE [--events]: runs the topology until SIGINT/SIGTERM.
#include "cli/command.h"
#include "runtimecli.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>

#include <cstdio>

namespace infrastage::cli {

namespace {

int runUp(const QStringList &args) {
    RuntimeCli::Options options;
    QString error;
    if (!RuntimeCli::parseCommon(args, &options, &error)) {
        std::fprintf(stderr, "infrastage-cli up: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    bool events = false;
    for (const QString &a : options.rest) {
        if (a == QLatin1String("--events")) {
            events = true;
        } else {
            std::fprintf(stderr, "infrastage-cli up: unknown option '%s'\n", qPrintable(a));
            return ExitBadInput;
        }
    }
    TopologyData topology;
    if (!RuntimeCli::loadTopology(options.file, &topology, &error)) {
        std::fprintf(stderr, "infrastage-cli up: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    runtime::Orchestrator orchestrator;
    orchestrator.setOptions(RuntimeCli::orchestratorOptions(options));
    int rc = ExitOk;
    bool streaming = false;
    QElapsedTimer clock;
    clock.start();
    QObject::connect(&orchestrator, &runtime::Orchestrator::started, [&] {
        for (const runtime::NodeInfo &n : orchestrator.nodes())
            RuntimeCli::printLine(
                QJsonDocument(RuntimeCli::nodeLine(n)).toJson(QJsonDocument::Compact));
        std::fprintf(stderr, "infrastage-cli up: %d nodes ready in %lld ms; run directory %s\n",
                     int(orchestrator.nodes().size()), clock.elapsed(),
                     qPrintable(orchestrator.runDirectory()));
        streaming = events;
    });
    QObject::connect(&orchestrator, &runtime::Orchestrator::event,
                     [&](const runtime::RuntimeEvent &e) {
                         if (streaming)
                             RuntimeCli::printLine(e.toJsonLine());
                     });
    QObject::connect(&orchestrator, &runtime::Orchestrator::startFailed, [&](const QString &why) {
        std::fprintf(stderr, "infrastage-cli up: %s (logs in %s)\n", qPrintable(why),
                     qPrintable(orchestrator.runDirectory()));
        rc = ExitFindings;
        QCoreApplication::exit(rc);
    });
    QObject::connect(&orchestrator, &runtime::Orchestrator::stopped,
                     [&] { QCoreApplication::exit(rc); });
    RuntimeCli::onStopSignal([&] {
        if (orchestrator.state() == runtime::RuntimeState::Starting ||
            orchestrator.state() == runtime::RuntimeState::Running)
            orchestrator.stop();
    });
    if (!orchestrator.start(topology, &error)) {
        std::fprintf(stderr, "infrastage-cli up: %s\n", qPrintable(error));
        return ExitFindings;
    }
    return QCoreApplication::exec();
}

const CommandRegistration registration({
    "up",
    "up FILE [--events] [--detail] [--run-dir DIR] [--shared-address]",
    "Start the topology as real local processes until Ctrl-C; print one JSON line per node, "
    "then the event stream with --events",
    &runUp,
});

} // namespace

} // namespace infrastage::cli
