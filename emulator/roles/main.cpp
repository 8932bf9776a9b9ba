// infrastage-node: one executable, one role per process (dns, lb, web, app, db, ...).
//   infrastage-node ROLE --config FILE.json
// Events and readiness go to stdout as JSON lines; logs to stderr; control commands arrive on
// stdin as JSON lines. The process dies with its parent: PR_SET_PDEATHSIG, and stdin closing.
#include "epolldispatcher.h"
#include "eventemitter.h"
#include "events/eventkind.h"
#include "firewallgate.h"
#include "role.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace infrastage::roles;

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int) {
    const char c = 1;
    [[maybe_unused]] ssize_t n = ::write(g_signalPipe[1], &c, 1);
}

int usage() {
    std::fprintf(stderr, "usage: infrastage-node ROLE --config FILE.json\nroles: %s\n",
                 qPrintable(roleNames().join(QStringLiteral(", "))));
    return 2;
}

} // namespace

int main(int argc, char **argv) {
    // Die with the orchestrator even if it is killed outright.
    const pid_t parent = ::getppid();
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent)
        return 1;
    std::signal(SIGPIPE, SIG_IGN);

    // One epoll set instead of GLib's poll(2) over every descriptor on each pass;
    // INFRASTAGE_DISPATCHER=qt keeps Qt's (for comparisons).
    if (qgetenv("INFRASTAGE_DISPATCHER") != "qt")
        QCoreApplication::setEventDispatcher(new infrastage::http::EpollDispatcher);
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4 || args.at(2) != QLatin1String("--config"))
        return usage();
    std::unique_ptr<Role> role = createRole(args.at(1));
    if (!role) {
        std::fprintf(stderr, "infrastage-node: unknown role '%s'\n", qPrintable(args.at(1)));
        return usage();
    }
    QFile file(args.at(3));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "infrastage-node: %s: %s\n", qPrintable(args.at(3)),
                     qPrintable(file.errorString()));
        return 2;
    }
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &perr);
    if (!doc.isObject()) {
        std::fprintf(stderr, "infrastage-node: %s: not a JSON object (%s)\n",
                     qPrintable(args.at(3)), qPrintable(perr.errorString()));
        return 2;
    }
    const QJsonObject config = doc.object();
    EventEmitter::setNode(config.value(QLatin1String("node")).toString(args.at(1)));
    EventEmitter::setDetail(config.value(QLatin1String("detail")).toBool(false));
    if (config.contains(QLatin1String("events_buffer")))
        EventEmitter::setMaxBufferedBytes(
            qsizetype(config.value(QLatin1String("events_buffer")).toDouble()));

    // SIGTERM/SIGINT: stop cleanly from the event loop.
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalPipe) == 0) {
        std::signal(SIGTERM, onSignal);
        std::signal(SIGINT, onSignal);
        auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [&] {
            char c;
            [[maybe_unused]] ssize_t n = ::read(g_signalPipe[0], &c, 1);
            role->stop();
            EventEmitter::flush();
            app.quit();
        });
    }

    // Control commands on stdin, one JSON object per line; end of stdin means the parent is gone.
    QByteArray pending;
    auto *input = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, &app);
    QObject::connect(input, &QSocketNotifier::activated, &app, [&] {
        char buf[4096];
        const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                return;
            input->setEnabled(false);
            role->stop();
            EventEmitter::flush();
            app.quit();
            return;
        }
        pending.append(buf, n);
        if (pending.size() > 1024 * 1024)
            pending.clear(); // a runaway line; drop it rather than grow without bound
        qsizetype eol;
        while ((eol = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(eol).trimmed();
            pending.remove(0, eol + 1);
            if (line.isEmpty())
                continue;
            const QJsonDocument cmd = QJsonDocument::fromJson(line);
            if (!cmd.isObject()) {
                std::fprintf(stderr, "infrastage-node: ignoring bad control line\n");
                continue;
            }
            role->control(cmd.object());
        }
    });

    QString error;
    // The firewalls guarding this host, enforced where the role's listeners accept.
    auto &firewall = infrastage::firewall::FirewallGate::process();
    firewall.setReportEveryAccept(EventEmitter::detail());
    firewall.setReporter([](QLatin1String kind, const QJsonObject &details) {
        EventEmitter::emitEvent(kind, details);
    });
    if (!firewall.configure(config.value(QLatin1String("firewall")), &error) ||
        !role->start(config, &error)) {
        std::fprintf(stderr, "infrastage-node %s: %s\n", qPrintable(args.at(1)), qPrintable(error));
        EventEmitter::emitEvent(infrastage::EventKind::Failed,
                                QJsonObject{{QStringLiteral("error"), error}});
        EventEmitter::drainBeforeExit();
        return 1;
    }
    const int rc = app.exec();
    EventEmitter::drainBeforeExit();
    return rc;
}
