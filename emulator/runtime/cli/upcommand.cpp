// infrastage-cli up FILE [--events]: runs the topology until SIGINT/SIGTERM.
#include "cli/command.h"
#include "designgateway.h"
#include "events/eventkind.h"
#include "runtimecli.h"
#include "stdoutwriter.h"
#include "tlsmaterial.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>

#include <cstdio>

namespace infrastage::cli {

namespace {

// "16777216", "512K", "16M".
bool parseSize(const QString &text, qint64 *bytes) {
    qint64 unit = 1;
    QString digits = text;
    if (text.endsWith(QLatin1Char('K'), Qt::CaseInsensitive))
        unit = 1024;
    else if (text.endsWith(QLatin1Char('M'), Qt::CaseInsensitive))
        unit = 1024 * 1024;
    if (unit > 1)
        digits.chop(1);
    bool ok = false;
    const qint64 n = digits.toLongLong(&ok);
    if (!ok || n <= 0 || n > (qint64(1) << 40) / unit)
        return false;
    *bytes = n * unit;
    return true;
}

QByteArray droppedLine(qint64 dropped, qint64 limit) {
    runtime::RuntimeEvent e;
    e.t = runtime::RuntimeEvent::nowNs();
    e.kind = EventKind::CliEventsDropped;
    e.details = QJsonObject{
        {QStringLiteral("dropped"), double(dropped)},
        {QStringLiteral("reason"),
         QStringLiteral("stdout was not read fast enough; at most %1 bytes of events are queued "
                        "(--events-queue)")
             .arg(limit)}};
    return e.toJsonLine();
}

int runUp(const QStringList &args) {
    RuntimeCli::Options options;
    QString error;
    if (!RuntimeCli::parseCommon(args, &options, &error)) {
        std::fprintf(stderr, "infrastage-cli up: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    bool events = false;
    qint64 queueBytes = 16 * 1024 * 1024;
    for (int i = 0; i < options.rest.size(); ++i) {
        const QString &a = options.rest.at(i);
        if (a == QLatin1String("--events")) {
            events = true;
        } else if (a == QLatin1String("--events-queue")) {
            if (i + 1 >= options.rest.size() || !parseSize(options.rest.at(i + 1), &queueBytes)) {
                std::fprintf(stderr,
                             "infrastage-cli up: --events-queue needs a size (bytes, or with K "
                             "or M)\n");
                return ExitBadInput;
            }
            ++i;
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
    // Whoever reads stdout may stop reading; the event loop must not stop with them, or the
    // nodes would block on their own event pipes and the emulation would stop serving.
    StdoutWriter out(queueBytes,
                     [queueBytes](qint64 dropped) { return droppedLine(dropped, queueBytes); });
    runtime::DesignGateway gateway;
    runtime::Orchestrator::Options orchestratorOptions = RuntimeCli::orchestratorOptions(options);
    orchestratorOptions.parseRequestDetails = false; // up only records and prints them
    gateway.setOptions(orchestratorOptions);
    int rc = ExitOk;
    bool streaming = false;
    QObject::connect(&gateway, &runtime::DesignGateway::running, [&](qint64 readyMs) {
        for (const runtime::NodeInfo &n : gateway.nodes())
            out.write(QJsonDocument(RuntimeCli::nodeLine(n)).toJson(QJsonDocument::Compact));
        std::fprintf(stderr, "infrastage-cli up: %d nodes ready in %lld ms; run directory %s\n",
                     int(gateway.nodes().size()), readyMs, qPrintable(gateway.runDirectory()));
        const QString certificate = runtime::TlsMaterial::certificatePath(gateway.runDirectory());
        if (QFile::exists(certificate))
            std::fprintf(stderr,
                         "infrastage-cli up: HTTPS is served with the run's own certificate; "
                         "trust it with curl --cacert %s\n",
                         qPrintable(certificate));
        streaming = events;
    });
    QObject::connect(&gateway, &runtime::DesignGateway::event, [&](const runtime::RuntimeEvent &e) {
        if (streaming)
            out.write(e.toJsonLine());
    });
    QObject::connect(&gateway, &runtime::DesignGateway::startFailed, [&](const QString &why) {
        std::fprintf(stderr, "infrastage-cli up: %s (logs in %s)\n", qPrintable(why),
                     qPrintable(gateway.runDirectory()));
        rc = ExitFindings;
        QCoreApplication::exit(rc);
    });
    QObject::connect(&gateway, &runtime::DesignGateway::stopped,
                     [&] { QCoreApplication::exit(rc); });
    RuntimeCli::onStopSignal([&] {
        if (gateway.state() == runtime::RuntimeState::Starting ||
            gateway.state() == runtime::RuntimeState::Running)
            gateway.stop();
    });
    if (!gateway.start(topology, &error)) {
        std::fprintf(stderr, "infrastage-cli up: %s\n", qPrintable(error));
        return gateway.addressesHeld() ? ExitBusy : ExitFindings;
    }
    return QCoreApplication::exec();
}

const CommandRegistration registration({
    "up",
    "up FILE [--events] [--events-queue SIZE] [--detail] [--run-dir DIR] [--shared-address]",
    "start the topology as real local processes until Ctrl-C; print one JSON line per node, "
    "then the event stream with --events (at most --events-queue bytes, default 16M, wait for "
    "a slow reader; more are dropped and counted)",
    &runUp,
});

} // namespace

} // namespace infrastage::cli
