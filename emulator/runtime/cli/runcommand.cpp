// infrastage-cli run FILE --requests N ...: up, drive HTTP load through the design (optionally
// injecting faults on a schedule), tear down, and report what the clients saw. The work is the
// gateway's (DesignGateway::startLoad); this file parses and prints.
#include "cli/command.h"
#include "designgateway.h"
#include "internetlinks.h"
#include "runtimecli.h"
#include "siteurl.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <cstdio>

namespace infrastage::cli {

namespace {

struct RunOptions {
    int requests = 100;
    int concurrency = 1;
    double rate = 0;
    bool json = false;
    QString url = QStringLiteral("http://www.foobar.com/");
    QList<runtime::Fault> faults;
};

bool parseRunOptions(const QStringList &rest, RunOptions *o, QString *error) {
    for (int i = 0; i < rest.size(); ++i) {
        const QString &a = rest.at(i);
        const bool hasValue = i + 1 < rest.size();
        const QString v = hasValue ? rest.at(i + 1) : QString();
        bool ok = true;
        if (a == QLatin1String("--requests") && hasValue) {
            o->requests = v.toInt(&ok);
            ok = ok && o->requests > 0;
        } else if (a == QLatin1String("--concurrency") && hasValue) {
            o->concurrency = v.toInt(&ok);
            ok = ok && o->concurrency > 0 && o->concurrency <= 1000;
        } else if (a == QLatin1String("--rate") && hasValue) {
            o->rate = v.toDouble(&ok);
            ok = ok && o->rate >= 0;
        } else if (a == QLatin1String("--format") && hasValue) {
            ok = v == QLatin1String("json") || v == QLatin1String("text");
            o->json = v == QLatin1String("json");
        } else if (a == QLatin1String("--url") && hasValue) {
            o->url = v;
        } else if ((a == QLatin1String("--kill") || a == QLatin1String("--fault")) && hasValue) {
            runtime::Fault f;
            const QString spec = a == QLatin1String("--kill") ? QStringLiteral("kill:") + v : v;
            if (!runtime::parseFault(spec, &f, error))
                return false;
            o->faults.append(f);
        } else {
            *error = hasValue || !a.startsWith(QLatin1String("--"))
                         ? QStringLiteral("unknown argument '%1'").arg(a)
                         : QStringLiteral("%1 needs a value").arg(a);
            return false;
        }
        if (!ok) {
            *error = QStringLiteral("%1: bad value '%2'").arg(a, v);
            return false;
        }
        ++i;
    }
    return true;
}

int runRun(const QStringList &args) {
    RuntimeCli::Options options;
    QString error;
    RunOptions run;
    runtime::SiteUrl url;
    if (!RuntimeCli::parseCommon(args, &options, &error) ||
        !parseRunOptions(options.rest, &run, &error) ||
        !runtime::SiteUrl::parse(run.url, &url, &error)) {
        std::fprintf(stderr, "infrastage-cli run: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    TopologyData topology;
    if (!RuntimeCli::loadTopology(options.file, &topology, &error)) {
        std::fprintf(stderr, "infrastage-cli run: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    for (const runtime::Fault &f : std::as_const(run.faults)) {
        const bool linkCut =
            (f.kind == runtime::FaultKind::Cut || f.kind == runtime::FaultKind::Heal) &&
            f.peer.isEmpty();
        if (linkCut && !runtime::InternetLinks::find(topology, f.node, {})) {
            std::fprintf(stderr,
                         "infrastage-cli run: fault '%s': %s has no network link '%s' between "
                         "the internet and the design (cut:NODE=PEER cuts between two nodes)\n",
                         qPrintable(f.describe()), qPrintable(options.file), qPrintable(f.node));
            return ExitBadInput;
        }
        for (const QString &id : {f.node, f.peer}) {
            if (linkCut)
                break;
            if (!id.isEmpty() && !topology.node(id)) {
                std::fprintf(stderr, "infrastage-cli run: fault '%s': no node '%s' in %s\n",
                             qPrintable(f.describe()), qPrintable(id), qPrintable(options.file));
                return ExitBadInput;
            }
        }
    }
    runtime::DesignGateway gateway;
    gateway.setOptions(RuntimeCli::orchestratorOptions(options));
    int rc = ExitOk;
    auto fail = [&](const QString &why) {
        std::fprintf(stderr, "infrastage-cli run: %s\n", qPrintable(why));
        rc = ExitFindings;
        gateway.stop();
    };
    QObject::connect(&gateway, &runtime::DesignGateway::running, [&] {
        runtime::LoadSpec spec;
        spec.url = run.url;
        spec.requests = run.requests;
        spec.concurrency = run.concurrency;
        spec.rate = run.rate;
        spec.faults = run.faults;
        spec.snapshotMs = 0;
        QString why;
        if (!gateway.startLoad(spec, &why))
            fail(why);
    });
    QObject::connect(&gateway, &runtime::DesignGateway::loadNotice, [](const QString &text) {
        std::fprintf(stderr, "infrastage-cli run: %s\n", qPrintable(text));
    });
    QObject::connect(
        &gateway, &runtime::DesignGateway::loadFinished, [&](const runtime::RunReport &r) {
            if (run.json)
                RuntimeCli::printLine(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact));
            else
                std::fputs(qPrintable(r.toText()), stdout);
            std::fflush(stdout);
            gateway.stop();
        });
    QObject::connect(&gateway, &runtime::DesignGateway::loadFailed, fail);
    QObject::connect(&gateway, &runtime::DesignGateway::startFailed, [&](const QString &why) {
        std::fprintf(stderr, "infrastage-cli run: %s (logs in %s)\n", qPrintable(why),
                     qPrintable(gateway.runDirectory()));
        rc = ExitFindings;
        QCoreApplication::exit(rc);
    });
    QObject::connect(&gateway, &runtime::DesignGateway::stopped,
                     [&] { QCoreApplication::exit(rc); });
    RuntimeCli::onStopSignal([&] { gateway.stop(); });
    if (!gateway.start(topology, &error)) {
        std::fprintf(stderr, "infrastage-cli run: %s\n", qPrintable(error));
        return gateway.addressesHeld() ? ExitBusy : ExitFindings;
    }
    const int code = QCoreApplication::exec();
    return rc != ExitOk ? rc : code;
}

const CommandRegistration registration({
    "run",
    "run FILE --requests N [--concurrency C] [--rate R] [--url URL] [--kill NODE@SECONDS ...] "
    "[--fault KIND:NODE[=ARG]@SECONDS ...] [--format text|json] [--run-dir DIR]",
    "start the topology, drive HTTP load through it (faults: kill, freeze, resume, slow, cut, "
    "heal, restart, promote), stop it, and report requests per server, status codes, errors, "
    "latency percentiles and health-check transitions",
    &runRun,
});

} // namespace

} // namespace infrastage::cli
