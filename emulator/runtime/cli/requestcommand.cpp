// infrastage-cli request FILE [URL]: one real request through the running design, explained in
// the five steps of the reference design with the data and timings of its own trace.
#include "cli/command.h"
#include "dnsresolver.h"
#include "httpclientconnection.h"
#include "runtimecli.h"
#include "tlsmaterial.h"
#include "walkthrough.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QTimer>

#include <cstdio>

namespace infrastage::cli {

namespace {

using runtime::Orchestrator;
using runtime::RuntimeEvent;

// Drives one walkthrough: DNS over UDP, the HTTP request with our traceparent, then the events.
class RequestRun final : public QObject {
public:
    RequestRun(Orchestrator *orchestrator, RuntimeCli::Url url, QString urlText, bool json)
        : m_orchestrator(orchestrator)
        , m_url(std::move(url))
        , m_json(json)
        , m_resolver(new runtime::DnsResolver(this)) {
        m_client.url = std::move(urlText);
        m_client.trace = RuntimeCli::randomHex(32);
        connect(orchestrator, &Orchestrator::event, this,
                [this](const RuntimeEvent &e) { m_events.append(e); });
        connect(m_resolver, &runtime::DnsResolver::resolved, this, &RequestRun::onResolved);
        connect(m_resolver, &runtime::DnsResolver::failed, this,
                [this](const QString &why) { finish(QStringLiteral("DNS: %1").arg(why)); });
    }

    int exitCode() const { return m_rc; }

    void begin() {
        const runtime::Endpoint *dns = RuntimeCli::dnsFor(*m_orchestrator, m_url.host);
        if (!dns) {
            finish(QStringLiteral("the design has no DNS server to resolve %1")
                       .arg(QString::fromLatin1(m_url.host)));
            return;
        }
        m_dns.name = QString::fromLatin1(m_url.host);
        m_dns.server = dns->node;
        m_dns.serverAddress = QStringLiteral("%1:%2").arg(dns->address).arg(dns->port);
        m_dns.designServer = QStringLiteral("%1:%2").arg(dns->designAddress).arg(dns->designPort);
        m_resolver->resolve(dns->address, dns->port, m_url.host, dns::TypeA);
    }

private:
    void onResolved(const dns::Response &r, qint64 elapsedNs) {
        m_dns.elapsedNs = elapsedNs;
        m_dns.rcode = dns::rcodeName(r.rcode);
        for (const dns::ResourceRecord &rr : r.answers) {
            m_dns.chain << QStringLiteral("%1 %2 %3 (TTL %4)")
                               .arg(QString::fromLatin1(rr.name), dns::typeName(rr.type),
                                    rr.valueText())
                               .arg(rr.ttl);
            if (rr.type == dns::TypeA)
                m_dns.answer = rr.valueText();
        }
        m_dnsId = m_resolver->queryId();
        m_dnsClient = QStringLiteral("127.0.0.1:%1").arg(m_resolver->localPort());
        if (m_dns.answer.isEmpty()) {
            finish(QStringLiteral("DNS answered %1 for %2 with no address")
                       .arg(m_dns.rcode, m_dns.name));
            return;
        }
        sendRequest();
    }

    // The answer is a design address: it names a node of the diagram, never a destination.
    void sendRequest() {
        const runtime::AddressPlan &plan = m_orchestrator->plan();
        const runtime::Endpoint *target = plan.findForUrl(m_dns.answer, m_url.port, m_url.https);
        if (!target) {
            finish(QStringLiteral("%1 resolves to %2, but no node of the design serves %3 on %2:%4")
                       .arg(m_dns.name, m_dns.answer,
                            m_url.https ? QStringLiteral("HTTPS") : QStringLiteral("HTTP"))
                       .arg(m_url.port));
            return;
        }
        const int port = m_url.https ? target->tlsPort : target->port;
        m_client.target = QStringLiteral("%1:%2").arg(target->address).arg(port);
        m_client.designTarget = QStringLiteral("%1:%2").arg(target->designAddress).arg(m_url.port);
        auto *http = new runtime::HttpClientConnection(target->address, port, this);
        if (m_url.https)
            http->setTls(QSslCertificate::fromPath(
                             runtime::TlsMaterial::certificatePath(m_orchestrator->runDirectory())),
                         QString::fromLatin1(m_url.host));
        connect(http, &runtime::HttpClientConnection::finished, this,
                [this, http](const runtime::HttpClientConnection::Response &resp) {
                    m_client.receivedNs = RuntimeEvent::nowNs();
                    m_client.status = resp.status;
                    m_client.bytes = resp.body.size();
                    m_client.servedBy = QString::fromUtf8(resp.header("x-served-by"));
                    m_client.tls = http->tlsSummary();
                    if (resp.status >= 300 && resp.status < 400)
                        m_client.location = QString::fromUtf8(resp.header("location"));
                    if (!followRedirect())
                        settle();
                });
        connect(http, &runtime::HttpClientConnection::failed, this,
                [this](const QString &why, bool, bool) {
                    m_client.receivedNs = RuntimeEvent::nowNs();
                    m_client.error = why;
                    settle();
                });
        m_client.sentNs = RuntimeEvent::nowNs();
        http->send("GET", m_url.path,
                   {{"Host", m_url.hostHeader()},
                    {"User-Agent", "infrastage-cli request"},
                    {"Accept", "*/*"},
                    {"traceparent", "00-" + m_client.trace.toLatin1() + '-' +
                                        RuntimeCli::randomHex(16).toLatin1() + "-01"}});
    }

    // A browser follows a load balancer's redirect to HTTPS on the same site once, reusing the
    // address DNS gave it. The first exchange is kept for the walkthrough.
    bool followRedirect() {
        RuntimeCli::Url next;
        QString error;
        if (!m_first.trace.isEmpty() || m_client.location.isEmpty() ||
            !RuntimeCli::parseUrl(m_client.location, &next, &error) || !next.https ||
            next.host.compare(m_url.host, Qt::CaseInsensitive) != 0)
            return false;
        m_first = m_client;
        m_url = next;
        m_client = Walkthrough::Client();
        m_client.url = m_first.location;
        m_client.trace = RuntimeCli::randomHex(32);
        m_client.dnsCached = true;
        // Let the first request's events arrive before the second starts.
        QTimer::singleShot(100, this, [this] { sendRequest(); });
        return true;
    }

    // Nodes flush their events when idle and the merger holds them briefly: give them a moment.
    void settle() {
        QTimer::singleShot(250, this, [this] { finish(QString()); });
    }

    void finish(const QString &error) {
        if (!error.isEmpty()) {
            std::fprintf(stderr, "infrastage-cli request: %s\n", qPrintable(error));
            m_rc = ExitFindings;
            m_orchestrator->stop();
            return;
        }
        QHash<QString, QString> roles;
        for (const runtime::Endpoint &e : m_orchestrator->plan().endpoints())
            roles.insert(e.node, e.role);
        const Walkthrough w(m_dns, m_client, eventsOf(m_client.trace, m_first.trace.isEmpty()),
                            roles);
        if (m_first.trace.isEmpty()) {
            if (m_json)
                RuntimeCli::printLine(QJsonDocument(w.toJson()).toJson(QJsonDocument::Indented));
            else
                std::fputs(qPrintable(w.toText()), stdout);
        } else {
            const Walkthrough first(m_dns, m_first, eventsOf(m_first.trace, true), roles);
            if (m_json) {
                QJsonObject o = w.toJson();
                o.insert(QStringLiteral("redirected_from"), first.toJson());
                RuntimeCli::printLine(QJsonDocument(o).toJson(QJsonDocument::Indented));
            } else {
                std::fputs(qPrintable(first.toText()), stdout);
                std::printf("\nThe browser follows the redirect to %s:\n\n",
                            qPrintable(m_client.url));
                std::fputs(qPrintable(w.toText()), stdout);
            }
        }
        std::fflush(stdout);
        m_rc = m_client.error.isEmpty() ? ExitOk : ExitFindings;
        m_orchestrator->stop();
    }

    // The events of one request's trace, with our DNS query's when `withDns`.
    QList<RuntimeEvent> eventsOf(const QString &trace, bool withDns) const {
        QList<RuntimeEvent> mine;
        for (const RuntimeEvent &e : std::as_const(m_events)) {
            const bool ourDns = withDns && e.kind.startsWith(QLatin1String("dns.")) &&
                                e.details.value(QLatin1String("id")).toInt() == m_dnsId &&
                                e.details.value(QLatin1String("client")).toString() == m_dnsClient;
            if (e.trace == trace || ourDns)
                mine.append(e);
        }
        return mine;
    }

    Orchestrator *m_orchestrator;
    RuntimeCli::Url m_url;
    bool m_json;
    runtime::DnsResolver *m_resolver;
    Walkthrough::Dns m_dns;
    Walkthrough::Client m_client;
    Walkthrough::Client m_first; // the request that was redirected, if one was
    QList<RuntimeEvent> m_events;
    int m_dnsId = -1;
    QString m_dnsClient;
    int m_rc = ExitOk;
};

int runRequest(const QStringList &args) {
    RuntimeCli::Options options;
    options.detail = true; // a walkthrough shows what crossed each hop
    QString error;
    if (!RuntimeCli::parseCommon(args, &options, &error)) {
        std::fprintf(stderr, "infrastage-cli request: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    QString urlText = QStringLiteral("http://www.foobar.com/");
    bool json = false;
    for (int i = 0; i < options.rest.size(); ++i) {
        const QString &a = options.rest.at(i);
        if (a == QLatin1String("--format") && i + 1 < options.rest.size()) {
            const QString f = options.rest.at(++i);
            if (f != QLatin1String("json") && f != QLatin1String("text")) {
                std::fprintf(stderr, "infrastage-cli request: --format takes text or json\n");
                return ExitBadInput;
            }
            json = f == QLatin1String("json");
        } else if (a.startsWith(QLatin1String("http:")) || a.startsWith(QLatin1String("https:"))) {
            urlText = a;
        } else {
            std::fprintf(stderr, "infrastage-cli request: unknown argument '%s'\n", qPrintable(a));
            return ExitBadInput;
        }
    }
    RuntimeCli::Url url;
    if (!RuntimeCli::parseUrl(urlText, &url, &error)) {
        std::fprintf(stderr, "infrastage-cli request: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    TopologyData topology;
    if (!RuntimeCli::loadTopology(options.file, &topology, &error)) {
        std::fprintf(stderr, "infrastage-cli request: %s\n", qPrintable(error));
        return ExitBadInput;
    }
    Orchestrator orchestrator;
    orchestrator.setOptions(RuntimeCli::orchestratorOptions(options));
    RequestRun run(&orchestrator, url, urlText, json);
    int rc = ExitOk;
    QObject::connect(&orchestrator, &Orchestrator::started, &run, &RequestRun::begin);
    QObject::connect(&orchestrator, &Orchestrator::startFailed, [&](const QString &why) {
        std::fprintf(stderr, "infrastage-cli request: %s (logs in %s)\n", qPrintable(why),
                     qPrintable(orchestrator.runDirectory()));
        rc = ExitFindings;
        QCoreApplication::exit(rc);
    });
    QObject::connect(&orchestrator, &Orchestrator::stopped,
                     [&] { QCoreApplication::exit(run.exitCode()); });
    RuntimeCli::onStopSignal([&] { orchestrator.stop(); });
    if (!orchestrator.start(topology, &error)) {
        std::fprintf(stderr, "infrastage-cli request: %s\n", qPrintable(error));
        return ExitFindings;
    }
    const int code = QCoreApplication::exec();
    return rc != ExitOk ? rc : code;
}

const CommandRegistration registration({
    "request",
    "request FILE [URL] [--format text|json] [--run-dir DIR]",
    "Start the topology, send one real request (default http://www.foobar.com/) through its DNS "
    "and load balancer (following a redirect to HTTPS as a browser does), and explain it in the "
    "five steps of the reference design",
    &runRequest,
});

} // namespace

} // namespace infrastage::cli
