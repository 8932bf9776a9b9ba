#include "runtimecli.h"

#include "io/topologyfile.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace infrastage::cli::RuntimeCli {

namespace {
int g_signalPipe[2] = {-1, -1};

void onSignal(int) {
    const char c = 1;
    [[maybe_unused]] ssize_t n = ::write(g_signalPipe[1], &c, 1);
}
} // namespace

bool parseCommon(const QStringList &args, Options *options, QString *error) {
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--run-dir")) {
            if (i + 1 >= args.size()) {
                *error = QStringLiteral("--run-dir needs a directory");
                return false;
            }
            options->runDir = args.at(++i);
        } else if (a == QLatin1String("--detail")) {
            options->detail = true;
        } else if (a == QLatin1String("--shared-address")) {
            options->sharedAddress = true;
        } else if (options->file.isEmpty() && !a.startsWith(QLatin1String("--"))) {
            options->file = a;
        } else {
            options->rest.append(a);
        }
    }
    if (options->file.isEmpty()) {
        *error = QStringLiteral("no topology file given");
        return false;
    }
    return true;
}

bool loadTopology(const QString &path, TopologyData *topology, QString *error) {
    return TopologyFile::load(path, topology, error);
}

runtime::Orchestrator::Options orchestratorOptions(const Options &options) {
    runtime::Orchestrator::Options o;
    o.runDirectory = options.runDir;
    o.detail = options.detail;
    if (options.sharedAddress)
        o.addressMode = runtime::AddressPlan::Mode::SharedOne;
    return o;
}

void onStopSignal(std::function<void()> handler) {
    if (g_signalPipe[0] < 0 &&
        ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalPipe) != 0)
        return;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    auto *notifier =
        new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, QCoreApplication::instance(),
                     [handler] {
                         char c;
                         [[maybe_unused]] ssize_t n = ::read(g_signalPipe[0], &c, 1);
                         handler();
                     });
}

QJsonObject nodeLine(const runtime::NodeInfo &node) {
    QJsonObject line{{QStringLiteral("node"), node.node},
                     {QStringLiteral("role"), node.role},
                     {QStringLiteral("address"), node.address},
                     {QStringLiteral("port"), node.port},
                     {QStringLiteral("design_address"), node.designAddress},
                     {QStringLiteral("design_port"), node.designPort},
                     {QStringLiteral("pid"), node.pid}};
    if (node.httpsPort > 0)
        line.insert(QStringLiteral("https_port"), node.httpsPort);
    return line;
}

void printLine(const QByteArray &line) {
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    if (!line.endsWith('\n'))
        std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace infrastage::cli::RuntimeCli
