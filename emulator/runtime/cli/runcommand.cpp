// infrastage-cli run FILE --requests N ...: up, drive HTTP load through the design (optionally
// injecting faults on a schedule), tear down, and report what the clients saw.
#include "cli/command.h"
#include "dnsresolver.h"
#include "loadgenerator.h"
#include "runreport.h"
#include "runtimecli.h"
#include "tlsmaterial.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTimer>

#include <cstdio>

namespace infrastage::cli {

namespace {

using runtime::Orchestrator;
using runtime::RuntimeEvent;

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

// Finds where clients connect (through the emulated DNS when there is one), then drives load.
class LoadRun final : public QObject {
public:
    LoadRun(Orchestrator *orchestrator, RunOptions options, RuntimeCli::Url url)
        : m_orchestrator(orchestrator)
        , m_options(std::move(options))
        , m_url(std::move(url)) {
        connect(orchestrator, &Orchestrator::event, this, [this](const RuntimeEvent &e) {
            if (e.kind == QLatin1String("lb.health") ||
                e.kind.startsWith(QLatin1String("runtime.")))
                m_events.append(e);
        });
    }

    int exitCode() const { return m_rc; }

    void begin() {
        const runtime::Endpoint *dns = RuntimeCli::dnsFor(*m_orchestrator, m_url.host);
        if (!dns) {
            useFallbackTarget();
            return;
        }
        auto *resolver = new runtime::DnsResolver(this);
        connect(resolver, &runtime::DnsResolver::resolved, this,
                [this](const dns::Response &r, qint64) {
                    QString answer;
                    for (const dns::ResourceRecord &rr : r.answers) {
                        if (rr.type == dns::TypeA)
                            answer = rr.valueText();
                    }
                    const runtime::AddressPlan &plan = m_orchestrator->plan();
                    const runtime::Endpoint *e = plan.findForUrl(answer, m_url.port, m_url.https);
                    if (!e) {
                        fail(QStringLiteral("%1 resolves to '%2' (%3), which no node listens on")
                                 .arg(QString::fromLatin1(m_url.host), answer,
                                      dns::rcodeName(r.rcode)));
                        return;
                    }
                    // A browser sent to HTTPS goes there from then on (HSTS): so does the load.
                    if (!m_url.https && e->tlsPort > 0 &&
                        m_orchestrator->topology().node(e->node)->flag(
                            QStringLiteral("redirect_http"))) {
                        m_url.https = true;
                        m_url.port = e->designTlsPort;
                        std::fprintf(stderr,
                                     "infrastage-cli run: %s redirects HTTP to HTTPS; the load "
                                     "goes to https://%s%s\n",
                                     qPrintable(e->node), m_url.hostHeader().constData(),
                                     m_url.path.constData());
                    }
                    drive(e->address, m_url.https ? e->tlsPort : e->port);
                });
        connect(resolver, &runtime::DnsResolver::failed, this,
                [this](const QString &why) { fail(QStringLiteral("DNS: %1").arg(why)); });
        resolver->resolve(dns->address, dns->port, m_url.host, dns::TypeA);
    }

private:
    void useFallbackTarget() {
        for (const char *role : {"lb", "web"}) {
            for (const runtime::Endpoint &e : m_orchestrator->plan().endpoints()) {
                if (e.role == QLatin1String(role)) {
                    drive(e.address, e.port);
                    return;
                }
            }
        }
        fail(QStringLiteral("the design has no load balancer or web server to send requests to"));
    }

    void drive(const QString &address, int port) {
        runtime::LoadGenerator::Options lo;
        lo.address = address;
        lo.port = port;
        lo.host = m_url.host;
        lo.path = m_url.path;
        if (m_url.https) {
            lo.trusted = QSslCertificate::fromPath(
                runtime::TlsMaterial::certificatePath(m_orchestrator->runDirectory()));
            lo.tlsPeerName = QString::fromLatin1(m_url.host);
        }
        lo.requests = m_options.requests;
        lo.concurrency = m_options.concurrency;
        lo.rate = m_options.rate;
        m_load = new runtime::LoadGenerator(lo, this);
        connect(m_load, &runtime::LoadGenerator::finished, this, [this] {
            // Let the last health transitions and events arrive before stopping.
            QTimer::singleShot(300, this, [this] { report(); });
        });
        m_loadStartNs = RuntimeEvent::nowNs();
        for (const runtime::Fault &f : std::as_const(m_options.faults)) {
            QTimer::singleShot(int(f.at * 1000), Qt::PreciseTimer, this, [this, f] {
                QString error;
                const bool ok = m_orchestrator->inject(f, &error);
                m_faults.append({double(RuntimeEvent::nowNs() - m_loadStartNs) / 1e9, f.describe(),
                                 ok ? QString() : error});
            });
        }
        m_load->start();
    }

    void report() {
        if (m_reported)
            return;
        m_reported = true;
        const RunReport r(m_load->results(), m_load->elapsedNs(), m_events, m_loadStartNs,
                          m_faults);
        if (m_options.json)
            RuntimeCli::printLine(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact));
        else
            std::fputs(qPrintable(r.toText()), stdout);
        std::fflush(stdout);
        m_orchestrator->stop();
    }

    void fail(const QString &why) {
        std::fprintf(stderr, "infrastage-cli run: %s\n", qPrintable(why));
        m_rc = ExitFindings;
        m_orchestrator->stop();
    }

    Orchestrator *m_orchestrator;
    RunOptions m_options;
    RuntimeCli::Url m_url;
    runtime::LoadGenerator *m_load = nullptr;
    QList<RuntimeEvent> m_events;
    QList<RunReport::FaultRecord> m_faults;
    qint64 m_loadStartNs = 0;
    bool m_reported = false;
    int m_rc = ExitOk;
};

int runRun(const QStringList &args) {
    RuntimeCli::Options options;
    QString error;
    RunOptions run;
    RuntimeCli::Url url;
    if (!RuntimeCli::parseCommon(args, &options, &error) ||
        !parseRunOptions(options.rest, &run, &error) ||
        !RuntimeCli::parseUrl(run.url, &url, &error)) {
        std::fprintf(stderr, "infrastage-cli run: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    TopologyData topology;
    if (!RuntimeCli::loadTopology(options.file, &topology, &error)) {
        std::fprintf(stderr, "infrastage-cli run: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    for (const runtime::Fault &f : std::as_const(run.faults)) {
        for (const QString &id : {f.node, f.peer}) {
            if (!id.isEmpty() && !topology.node(id)) {
                std::fprintf(stderr, "infrastage-cli run: fault '%s': no node '%s' in %s\n",
                             qPrintable(f.describe()), qPrintable(id), qPrintable(options.file));
                return ExitBadInput;
            }
        }
    }
    Orchestrator orchestrator;
    orchestrator.setOptions(RuntimeCli::orchestratorOptions(options));
    LoadRun load(&orchestrator, run, url);
    int rc = ExitOk;
    QObject::connect(&orchestrator, &Orchestrator::started, &load, &LoadRun::begin);
    QObject::connect(&orchestrator, &Orchestrator::startFailed, [&](const QString &why) {
        std::fprintf(stderr, "infrastage-cli run: %s (logs in %s)\n", qPrintable(why),
                     qPrintable(orchestrator.runDirectory()));
        rc = ExitFindings;
        QCoreApplication::exit(rc);
    });
    QObject::connect(&orchestrator, &Orchestrator::stopped,
                     [&] { QCoreApplication::exit(load.exitCode()); });
    RuntimeCli::onStopSignal([&] { orchestrator.stop(); });
    if (!orchestrator.start(topology, &error)) {
        std::fprintf(stderr, "infrastage-cli run: %s\n", qPrintable(error));
        return ExitFindings;
    }
    const int code = QCoreApplication::exec();
    return rc != ExitOk ? rc : code;
}

const CommandRegistration registration({
    "run",
    "run FILE --requests N [--concurrency C] [--rate R] [--url URL] [--kill NODE@SECONDS ...] "
    "[--fault KIND:NODE[=ARG]@SECONDS ...] [--format text|json] [--run-dir DIR]",
    "Start the topology, drive HTTP load through it (faults: kill, freeze, resume, slow, cut, "
    "heal, restart, promote), stop it, and report requests per server, status codes, errors, "
    "latency percentiles and health-check transitions",
    &runRun,
});

} // namespace

} // namespace infrastage::cli
