// infrastage-cli chaos FILE [--format text|json] [--seconds S]
// Fails each node in turn (a server: all of its components) under load and measures the
// availability of the read path (GET /api/guestbook through the load balancer) and the write
// path (POST /api/guestbook) while it is down: an empirical SPOF table, printed beside the
// static analysis's spof.* findings. The measuring is the gateway's (DesignGateway::startChaos,
// runtime/gateway/chaosrun.cpp, without blocking); this file parses and prints.
#include "cli/command.h"
#include "designgateway.h"
#include "runtimecli.h"

#include "analysis/analyzer.h"
#include "io/topologyfile.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace infrastage::cli {

namespace {

struct Row {
    runtime::ChaosRow measured;
    QStringList rules;
};

int runChaos(const QStringList &args) {
    QString file, format = QStringLiteral("text");
    int seconds = 3;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--format") && i + 1 < args.size())
            format = args.at(++i);
        else if (args.at(i) == QLatin1String("--seconds") && i + 1 < args.size())
            seconds = qMax(1, args.at(++i).toInt());
        else if (!args.at(i).startsWith(QLatin1Char('-')) && file.isEmpty())
            file = args.at(i);
        else {
            std::fprintf(stderr,
                         "usage: infrastage-cli chaos FILE [--format text|json] [--seconds S]\n");
            return ExitBadInput;
        }
    }
    TopologyData topology;
    QString error;
    if (file.isEmpty() || (format != QLatin1String("text") && format != QLatin1String("json"))) {
        std::fprintf(stderr,
                     "usage: infrastage-cli chaos FILE [--format text|json] [--seconds S]\n");
        return ExitBadInput;
    }
    if (!TopologyFile::load(file, &topology, &error)) {
        std::fprintf(stderr, "chaos: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    const Findings findings = analyzeTopology(topology);
    const bool text = format == QLatin1String("text");
    runtime::DesignGateway gateway;
    runtime::ChaosSpec spec;
    spec.seconds = seconds;
    QList<Row> rows;
    QObject::connect(&gateway, &runtime::DesignGateway::chaosProblem, [](const QString &why) {
        std::fprintf(stderr, "chaos: %s\n", qPrintable(why));
    });
    QObject::connect(
        &gateway, &runtime::DesignGateway::chaosMeasured, [&](const runtime::ChaosRow &measured) {
            Row r{measured, {}};
            for (const Finding &f : findings) {
                if (f.rule.startsWith(QLatin1String("spof.")) && f.nodes.contains(measured.node))
                    r.rules.append(f.rule);
            }
            rows.append(r);
            if (text)
                std::fprintf(stderr, "chaos: %s done\n", qPrintable(measured.node));
        });
    QObject::connect(&gateway, &runtime::DesignGateway::chaosFinished,
                     [] { QCoreApplication::exit(ExitOk); });
    RuntimeCli::onStopSignal([&] { gateway.cancelChaos(); });
    if (!gateway.startChaos(topology, spec, &error)) {
        std::fprintf(stderr, "chaos: %s\n", qPrintable(error));
        return ExitFindings;
    }
    QCoreApplication::exec();
    if (format == QLatin1String("json")) {
        QJsonArray out;
        for (const Row &r : std::as_const(rows))
            out.append(
                QJsonObject{{QStringLiteral("node"), r.measured.node},
                            {QStringLiteral("read"), r.measured.read},
                            {QStringLiteral("write"), r.measured.write},
                            {QStringLiteral("static_spof"), QJsonArray::fromStringList(r.rules)}});
        std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
        return ExitOk;
    }
    std::printf("%-16s %6s %6s  %-22s %s\n", "failed node", "read", "write", "measured SPOF",
                "static analysis");
    for (const Row &r : std::as_const(rows)) {
        QStringList measured;
        const runtime::ChaosRow &m = r.measured;
        if (m.read >= 0 && m.read < 0.5)
            measured.append(QStringLiteral("read"));
        if (m.write >= 0 && m.write < 0.5)
            measured.append(QStringLiteral("write"));
        std::printf(
            "%-16s %6.2f %6.2f  %-22s %s\n", qPrintable(m.node), m.read, m.write,
            qPrintable(measured.isEmpty() ? QStringLiteral("-") : measured.join(QLatin1Char('+'))),
            qPrintable(r.rules.isEmpty() ? QStringLiteral("-") : r.rules.join(QLatin1Char(' '))));
    }
    return ExitOk;
}

CommandRegistration registration({"chaos", "chaos FILE [--format text|json] [--seconds S]",
                                  "fail each node in turn under load; measured read/write "
                                  "availability beside the static SPOF findings",
                                  runChaos});

} // namespace

} // namespace infrastage::cli
