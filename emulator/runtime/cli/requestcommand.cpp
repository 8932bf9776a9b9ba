// infrastage-cli request FILE [URL]: one real request through the running design, explained in
// the five steps of the reference design with the data and timings of its own trace. The work
// is the gateway's (DesignGateway::sendRequest); this file parses and prints.
#include "cli/command.h"
#include "designgateway.h"
#include "runtimecli.h"
#include "siteurl.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <cstdio>

namespace infrastage::cli {

namespace {

using runtime::DesignGateway;
using runtime::Walkthrough;

void print(const Walkthrough &w, const Walkthrough &redirectedFrom, bool json) {
    if (redirectedFrom.isEmpty()) {
        if (json)
            RuntimeCli::printLine(QJsonDocument(w.toJson()).toJson(QJsonDocument::Indented));
        else
            std::fputs(qPrintable(w.toText()), stdout);
    } else if (json) {
        QJsonObject o = w.toJson();
        o.insert(QStringLiteral("redirected_from"), redirectedFrom.toJson());
        RuntimeCli::printLine(QJsonDocument(o).toJson(QJsonDocument::Indented));
    } else {
        std::fputs(qPrintable(redirectedFrom.toText()), stdout);
        std::printf("\nThe browser follows the redirect to %s:\n\n", qPrintable(w.client().url));
        std::fputs(qPrintable(w.toText()), stdout);
    }
    std::fflush(stdout);
}

int runRequest(const QStringList &args) {
    RuntimeCli::Options options;
    options.detail = true; // a walkthrough shows what crossed each hop
    QString error;
    if (!RuntimeCli::parseCommon(args, &options, &error)) {
        std::fprintf(stderr, "infrastage-cli request: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    runtime::RequestSpec spec;
    bool json = false;
    for (int i = 0; i < options.rest.size(); ++i) {
        const QString &a = options.rest.at(i);
        const bool hasValue = i + 1 < options.rest.size();
        if (a == QLatin1String("--format") && hasValue) {
            const QString f = options.rest.at(++i);
            if (f != QLatin1String("json") && f != QLatin1String("text")) {
                std::fprintf(stderr, "infrastage-cli request: --format takes text or json\n");
                return ExitBadInput;
            }
            json = f == QLatin1String("json");
        } else if (a == QLatin1String("--method") && hasValue) {
            spec.method = options.rest.at(++i).toUpper().toLatin1();
        } else if (a == QLatin1String("--data") && hasValue) {
            spec.body = options.rest.at(++i).toUtf8();
            if (spec.method == "GET")
                spec.method = "POST";
        } else if (a.startsWith(QLatin1String("http:")) || a.startsWith(QLatin1String("https:"))) {
            spec.url = a;
        } else {
            std::fprintf(stderr, "infrastage-cli request: unknown argument '%s'\n", qPrintable(a));
            return ExitBadInput;
        }
    }
    runtime::SiteUrl url;
    if (!runtime::SiteUrl::parse(spec.url, &url, &error)) {
        std::fprintf(stderr, "infrastage-cli request: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    TopologyData topology;
    if (!RuntimeCli::loadTopology(options.file, &topology, &error)) {
        std::fprintf(stderr, "infrastage-cli request: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    DesignGateway gateway;
    gateway.setOptions(RuntimeCli::orchestratorOptions(options));
    int rc = ExitOk;
    auto fail = [&](const QString &why) {
        std::fprintf(stderr, "infrastage-cli request: %s\n", qPrintable(why));
        rc = ExitFindings;
        gateway.stop();
    };
    QObject::connect(&gateway, &DesignGateway::running, [&] {
        QString why;
        if (gateway.sendRequest(spec, &why) == 0)
            fail(why);
    });
    QObject::connect(&gateway, &DesignGateway::requestFinished,
                     [&](int, const Walkthrough &w, const Walkthrough &redirectedFrom) {
                         print(w, redirectedFrom, json);
                         rc = w.client().error.isEmpty() ? ExitOk : ExitFindings;
                         gateway.stop();
                     });
    QObject::connect(&gateway, &DesignGateway::requestFailed,
                     [&](int, const QString &why) { fail(why); });
    QObject::connect(&gateway, &DesignGateway::startFailed, [&](const QString &why) {
        std::fprintf(stderr, "infrastage-cli request: %s (logs in %s)\n", qPrintable(why),
                     qPrintable(gateway.runDirectory()));
        rc = ExitFindings;
        QCoreApplication::exit(rc);
    });
    QObject::connect(&gateway, &DesignGateway::stopped, [&] { QCoreApplication::exit(rc); });
    RuntimeCli::onStopSignal([&] { gateway.stop(); });
    if (!gateway.start(topology, &error)) {
        std::fprintf(stderr, "infrastage-cli request: %s\n", qPrintable(error));
        return gateway.addressesHeld() ? ExitBusy : ExitFindings;
    }
    const int code = QCoreApplication::exec();
    return rc != ExitOk ? rc : code;
}

const CommandRegistration registration({
    "request",
    "request FILE [URL] [--method M] [--data BODY] [--format text|json] [--run-dir DIR]",
    "start the topology, send one real request (default GET http://www.foobar.com/; --data "
    "sends a body, as POST unless --method says otherwise) through its DNS and load balancer "
    "(following a redirect to HTTPS as a browser does), and explain it in the five steps of the "
    "reference design",
    &runRequest,
});

} // namespace

} // namespace infrastage::cli
