#include "requestdriver.h"

#include "dnsresolver.h"
#include "eventdetails.h"
#include "httpclientconnection.h"
#include "orchestrator.h"
#include "tlsmaterial.h"

#include "events/eventkind.h"

#include <QSslCertificate>
#include <QTimer>

namespace infrastage::runtime {

namespace {

QHash<QString, QString> hostsOf(const Orchestrator &orchestrator) {
    QHash<QString, QString> hosts;
    for (const Endpoint &e : orchestrator.plan().endpoints())
        hosts.insert(e.node, e.host);
    return hosts;
}

} // namespace

RequestDriver::RequestDriver(Orchestrator *orchestrator, RequestSpec spec, QObject *parent)
    : QObject(parent)
    , m_orchestrator(orchestrator)
    , m_spec(std::move(spec))
    , m_resolver(new DnsResolver(this))
    , m_firewalls(hostsOf(*orchestrator)) {
    m_client.method = m_spec.method;
    m_client.url = m_spec.url;
    m_client.trace = randomTraceHex(32);
    connect(orchestrator, &Orchestrator::event, this, &RequestDriver::onEvent);
    connect(m_resolver, &DnsResolver::resolved, this, &RequestDriver::onResolved);
    connect(m_resolver, &DnsResolver::failed, this,
            [this](const QString &why) { fail(QStringLiteral("DNS: %1").arg(why)); });
}

bool RequestDriver::begin(QString *error) {
    if (!SiteUrl::parse(m_spec.url, &m_url, error))
        return false;
    const Endpoint *dns = dnsServerFor(*m_orchestrator, m_url.host);
    if (!dns) {
        *error = QStringLiteral("the design has no DNS server to resolve %1")
                     .arg(QString::fromLatin1(m_url.host));
        return false;
    }
    m_dns.name = QString::fromLatin1(m_url.host);
    m_dns.server = dns->node;
    m_dns.serverAddress = QStringLiteral("%1:%2").arg(dns->address).arg(dns->port);
    m_dns.designServer = QStringLiteral("%1:%2").arg(dns->designAddress).arg(dns->designPort);
    m_dns.askedNs = RuntimeEvent::nowNs();
    m_steps = std::make_unique<WalkthroughSteps>(roles(), m_dns.askedNs);
    m_resolver->resolve(dns->address, dns->port, m_url.host, dns::TypeA);
    // Known once the question is sent, before its events can arrive (the merger holds them).
    m_dnsId = m_resolver->queryId();
    m_dnsClient = QStringLiteral("127.0.0.1:%1").arg(m_resolver->localPort());
    return true;
}

QHash<QString, QString> RequestDriver::roles() const {
    QHash<QString, QString> roles;
    for (const Endpoint &e : m_orchestrator->plan().endpoints())
        roles.insert(e.node, e.role);
    return roles;
}

bool RequestDriver::isOurDns(const RuntimeEvent &e) const {
    return (e.kind == EventKind::DnsQuery || e.kind == EventKind::DnsAnswer) &&
           e.details.value(QLatin1String("id")).toInt() == m_dnsId &&
           e.details.value(QLatin1String("client")).toString() == m_dnsClient;
}

void RequestDriver::onEvent(const RuntimeEvent &event) {
    if (!m_done && FirewallMatcher::isDecision(event.kind)) {
        m_firewalls.remember(event);
        return;
    }
    const bool ours = event.trace.isEmpty()
                          ? isOurDns(event)
                          : event.trace == m_client.trace || event.trace == m_first.trace;
    if (m_done || !ours)
        return; // under load most of the stream is other requests'
    // A request's hops may come with their details as text only: ours are read in full.
    RuntimeEvent e = event;
    parseDetails(&e);
    if (!e.trace.isEmpty()) {
        // The firewall that let this hop's connection in, as a step of its own before it.
        for (const RuntimeEvent &d : m_firewalls.claim(e)) {
            m_events.append(d);
            if (m_steps && (m_first.trace.isEmpty() || d.trace != m_first.trace))
                emitSteps(m_steps->add(d));
        }
    }
    m_events.append(e);
    if (m_steps && (m_first.trace.isEmpty() || e.trace != m_first.trace))
        emitSteps(m_steps->add(e)); // (the redirected exchange's late events are not replayed)
}

void RequestDriver::emitSteps(const QList<WalkthroughStep> &steps) {
    for (const WalkthroughStep &s : steps)
        emit step(s);
}

void RequestDriver::onResolved(const dns::Response &r, qint64 elapsedNs) {
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
    if (m_dns.answer.isEmpty()) {
        fail(QStringLiteral("DNS answered %1 for %2 with no address").arg(m_dns.rcode, m_dns.name));
        return;
    }
    sendRequest();
}

// The answer is a design address: it names a node of the diagram, never a destination.
void RequestDriver::sendRequest() {
    const Endpoint *target =
        m_orchestrator->plan().findForUrl(m_dns.answer, m_url.port, m_url.https);
    if (!target) {
        fail(QStringLiteral("%1 resolves to %2, but no node of the design serves %3 on %2:%4")
                 .arg(m_dns.name, m_dns.answer,
                      m_url.https ? QStringLiteral("HTTPS") : QStringLiteral("HTTP"))
                 .arg(m_url.port));
        return;
    }
    const int port = m_url.https ? target->tlsPort : target->port;
    m_client.target = QStringLiteral("%1:%2").arg(target->address).arg(port);
    m_targetNode = target->node;
    m_client.designTarget = QStringLiteral("%1:%2").arg(target->designAddress).arg(m_url.port);
    auto *http = new HttpClientConnection(target->address, port, this);
    if (m_url.https)
        http->setTls(
            QSslCertificate::fromPath(TlsMaterial::certificatePath(m_orchestrator->runDirectory())),
            QString::fromLatin1(m_url.host));
    connect(http, &HttpClientConnection::finished, this,
            [this, http](const HttpClientConnection::Response &resp) {
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
    connect(http, &HttpClientConnection::failed, this, [this](const QString &why, bool, bool) {
        m_client.receivedNs = RuntimeEvent::nowNs();
        m_client.error = why;
        settle();
    });
    HttpClientConnection::Headers headers{
        {"Host", m_url.hostHeader()},
        {"User-Agent", m_spec.userAgent},
        {"Accept", "*/*"},
        {"traceparent",
         "00-" + m_client.trace.toLatin1() + '-' + randomTraceHex(16).toLatin1() + "-01"}};
    if (!m_spec.body.isEmpty())
        headers.append({"Content-Type", m_spec.contentType});
    m_client.sentNs = RuntimeEvent::nowNs();
    http->send(m_client.method, m_url.path, headers, m_spec.body);
}

// A browser follows a load balancer's redirect to HTTPS on the same site once, reusing the
// address DNS gave it. The first exchange is kept for the walkthrough.
bool RequestDriver::followRedirect() {
    SiteUrl next;
    QString error;
    if (!m_first.trace.isEmpty() || m_client.location.isEmpty() ||
        !SiteUrl::parse(m_client.location, &next, &error) || !next.https ||
        next.host.compare(m_url.host, Qt::CaseInsensitive) != 0)
        return false;
    m_first = m_client;
    m_url = next;
    m_client = Walkthrough::Client();
    m_client.url = m_first.location;
    m_client.trace = randomTraceHex(32);
    m_client.dnsCached = true;
    // After a 301/302/303 a browser asks with GET; 307/308 keep the method and the body.
    if (m_first.status == 307 || m_first.status == 308) {
        m_client.method = m_first.method;
    } else {
        m_client.method = "GET";
        m_spec.body.clear();
    }
    // Let the first request's events arrive before the second starts.
    QTimer::singleShot(100, this, [this] {
        if (m_steps)
            emitSteps(m_steps->flush());
        m_redirectNs = RuntimeEvent::nowNs();
        m_steps = std::make_unique<WalkthroughSteps>(roles(), m_redirectNs);
        sendRequest();
    });
    return true;
}

// Nodes flush their events when idle and the merger holds them briefly: give them a moment.
void RequestDriver::settle() {
    QTimer::singleShot(250, this, [this] { finish(); });
}

void RequestDriver::finish() {
    if (m_done)
        return;
    if (m_steps)
        emitSteps(m_steps->flush());
    m_done = true;
    if (!m_client.error.isEmpty()) // no answer: a firewall may have refused the connection
        m_events.append(m_firewalls.claimRefusals(m_targetNode, m_client.sentNs, m_client.trace));
    report(QString());
    const QHash<QString, QString> nodeRoles = roles();
    const Walkthrough w(m_dns, m_client, eventsOf(m_client.trace, m_first.trace.isEmpty()),
                        nodeRoles);
    if (m_first.trace.isEmpty()) {
        emit finished(w, Walkthrough());
        return;
    }
    emit finished(w, Walkthrough(m_dns, m_first, eventsOf(m_first.trace, true), nodeRoles));
}

void RequestDriver::fail(const QString &error) {
    if (m_done)
        return;
    m_done = true;
    // The DNS questions a firewall dropped: say which, and by what rule.
    const QList<RuntimeEvent> refused =
        m_firewalls.claimRefusals(m_dns.server, m_dns.askedNs, QString());
    QString why = error;
    if (!refused.isEmpty()) {
        const QJsonObject &d = refused.last().details;
        why = QStringLiteral("%1 (firewall %2 %3 them: %4)")
                  .arg(error, d.value(QLatin1String("firewall")).toString(),
                       refused.last().kind == EventKind::FirewallDrop ? QStringLiteral("dropped")
                                                                      : QStringLiteral("rejected"),
                       d.value(QLatin1String("rule")).toString());
    }
    report(why);
    emit failed(why);
}

// What a replay needs to rebuild the walkthrough from the recording: which DNS question was
// ours, when each exchange began, and how it ended (docs/runtime.md, browser.request).
void RequestDriver::report(const QString &error) {
    QJsonObject d{
        {QStringLiteral("trace"), m_client.trace},
        {QStringLiteral("method"), QString::fromLatin1(m_client.method)},
        {QStringLiteral("url"), m_client.url},
        {QStringLiteral("asked_ns"), QString::number(m_dns.askedNs)},
        {QStringLiteral("dns_id"), m_dnsId},
        {QStringLiteral("dns_client"), m_dnsClient},
        {QStringLiteral("status"), m_client.status},
        {QStringLiteral("served_by"), m_client.servedBy},
        {QStringLiteral("error"), error.isEmpty() ? m_client.error : error},
        {QStringLiteral("total_ms"),
         m_client.receivedNs > 0 ? double(m_client.receivedNs - m_client.sentNs) / 1e6 : 0.0}};
    if (!m_first.trace.isEmpty()) {
        d.insert(QStringLiteral("first_trace"), m_first.trace);
        d.insert(QStringLiteral("redirect_ns"), QString::number(m_redirectNs));
    }
    m_orchestrator->report(QString(BrowserNode), EventKind::BrowserRequest, d);
}

// The events of one request's trace, with our DNS query's when `withDns`.
QList<RuntimeEvent> RequestDriver::eventsOf(const QString &trace, bool withDns) const {
    QList<RuntimeEvent> mine;
    for (const RuntimeEvent &e : std::as_const(m_events)) {
        if (e.trace == trace || (withDns && e.trace.isEmpty()))
            mine.append(e);
    }
    return mine;
}

} // namespace infrastage::runtime
