// infrastage-cli chaos FILE [--format text|json] [--seconds S] [--target ID]...
// Fails each node in turn (a server: all of its components) and cuts each network link
// between the internet and the design, and measures the availability of the read path (GET
// /api/guestbook as a new visitor: DNS, then the site, over HTTPS where it redirects) and the
// write path (POST /api/guestbook) meanwhile: an empirical SPOF table, printed beside the
// static analysis's spof.* findings, with the rows where the two disagree counted. The measuring is
// the gateway's (DesignGateway::startChaos, runtime/gateway/chaosrun.cpp, without blocking); this
// file parses and prints.
#include "chaosrun.h"
#include "chaosverdict.h"
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

constexpr const char *kUsage =
    "usage: infrastage-cli chaos FILE [--format text|json] [--seconds S] [--target ID]...\n";

struct Row {
    runtime::ChaosRow measured;
    runtime::ChaosVerdict verdict;
};

int runChaos(const QStringList &args) {
    QString file, format = QStringLiteral("text");
    int seconds = 3;
    QStringList targets;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--format") && i + 1 < args.size())
            format = args.at(++i);
        else if (args.at(i) == QLatin1String("--seconds") && i + 1 < args.size())
            seconds = qMax(1, args.at(++i).toInt());
        else if (args.at(i) == QLatin1String("--target") && i + 1 < args.size())
            targets.append(args.at(++i));
        else if (!args.at(i).startsWith(QLatin1Char('-')) && file.isEmpty())
            file = args.at(i);
        else {
            std::fputs(kUsage, stderr);
            return ExitBadInput;
        }
    }
    TopologyData topology;
    QString error;
    if (file.isEmpty() || (format != QLatin1String("text") && format != QLatin1String("json"))) {
        std::fputs(kUsage, stderr);
        return ExitBadInput;
    }
    if (!TopologyFile::load(file, &topology, &error)) {
        std::fprintf(stderr, "chaos: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    for (const QString &t : std::as_const(targets)) {
        if (!topology.node(t) && !topology.link(t)) {
            std::fprintf(stderr, "chaos: --target %s: %s has no node or link of that id\n",
                         qPrintable(t), qPrintable(file));
            return ExitBadInput;
        }
        const QString why = runtime::ChaosRun::refusal(topology, t);
        if (!why.isEmpty()) {
            std::fprintf(stderr, "chaos: --target %s: %s\n", qPrintable(t), qPrintable(why));
            return ExitBadInput;
        }
    }
    const Findings findings = analyzeTopology(topology);
    const bool text = format == QLatin1String("text");
    runtime::DesignGateway gateway;
    runtime::ChaosSpec spec;
    spec.seconds = seconds;
    spec.targets = targets;
    QList<Row> rows;
    QObject::connect(&gateway, &runtime::DesignGateway::chaosProblem, [](const QString &why) {
        std::fprintf(stderr, "chaos: %s\n", qPrintable(why));
    });
    QObject::connect(
        &gateway, &runtime::DesignGateway::chaosMeasured, [&](const runtime::ChaosRow &measured) {
            rows.append({measured, runtime::ChaosVerdict::judge(measured, findings)});
            QString failed;
            if (!measured.readError.isEmpty())
                failed += QStringLiteral("; last failed read: ") + measured.readError;
            if (!measured.writeError.isEmpty())
                failed += QStringLiteral("; last failed write: ") + measured.writeError;
            if (text || !failed.isEmpty())
                std::fprintf(stderr, "chaos: %s done%s\n", qPrintable(measured.node),
                             qPrintable(failed));
        });
    QObject::connect(&gateway, &runtime::DesignGateway::chaosFinished,
                     [] { QCoreApplication::exit(ExitOk); });
    RuntimeCli::onStopSignal([&] { gateway.cancelChaos(); });
    if (!gateway.startChaos(topology, spec, &error)) {
        std::fprintf(stderr, "chaos: %s\n", qPrintable(error));
        return ExitFindings;
    }
    QCoreApplication::exec();
    auto failure = [](const runtime::ChaosRow &m) {
        return m.failure == runtime::ChaosFailure::Cut ? QStringLiteral("cut")
                                                       : QStringLiteral("kill");
    };
    int disagreements = 0;
    for (const Row &r : std::as_const(rows))
        disagreements += !r.verdict.agrees();
    if (format == QLatin1String("json")) {
        QJsonArray out;
        for (const Row &r : std::as_const(rows))
            out.append(QJsonObject{
                {QStringLiteral("node"), r.measured.node},
                {QStringLiteral("failure"), failure(r.measured)},
                {QStringLiteral("read"), r.measured.read},
                {QStringLiteral("write"), r.measured.write},
                {QStringLiteral("counted_after_ms"), r.measured.settleMs},
                {QStringLiteral("static_spof"), QJsonArray::fromStringList(r.verdict.rules)},
                {QStringLiteral("agrees"), r.verdict.agrees()}});
        std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
        return ExitOk;
    }
    std::printf("Probes count from 'after' seconds after each failure: the time the design's own "
                "mechanisms (health checks, database failover, VRRP takeover) need to act.\n");
    std::printf("%-16s %-4s %5s %6s %6s  %-14s %-8s %s\n", "failed", "how", "after", "read",
                "write", "measured SPOF", "verdict", "static analysis");
    for (const Row &r : std::as_const(rows)) {
        QStringList measured;
        if (r.verdict.readsFail)
            measured.append(QStringLiteral("read"));
        if (r.verdict.writesFail)
            measured.append(QStringLiteral("write"));
        const runtime::ChaosRow &m = r.measured;
        std::printf(
            "%-16s %-4s %5.1f %6.2f %6.2f  %-14s %-8s %s\n", qPrintable(m.node),
            qPrintable(failure(m)), m.settleMs / 1000.0, m.read, m.write,
            qPrintable(measured.isEmpty() ? QStringLiteral("-") : measured.join(QLatin1Char('+'))),
            r.verdict.agrees() ? "agrees" : "DISAGREES",
            qPrintable(r.verdict.rules.isEmpty() ? QStringLiteral("-")
                                                 : r.verdict.rules.join(QLatin1Char(' '))));
    }
    std::printf("%d of %d rows disagree with the static analysis\n", disagreements,
                int(rows.size()));
    return ExitOk;
}

CommandRegistration registration({"chaos",
                                  "chaos FILE [--format text|json] [--seconds S] [--target ID]...",
                                  "fail each node and cut each internet link in turn; measured "
                                  "read/write availability beside the static SPOF findings",
                                  runChaos});

} // namespace

} // namespace infrastage::cli
