#include "chaosprobe.h"

#include "dnsresolver.h"
#include "httpclientconnection.h"
#include "orchestrator.h"

#include <QTimer>

namespace infrastage::runtime {

namespace {
constexpr int kNameServerTimeoutMs = 400; // then the next name server is asked
} // namespace

ChaosProbe::ChaosProbe(const Orchestrator &orchestrator, const QByteArray &host, bool write,
                       const QList<QSslCertificate> &trusted, int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_orchestrator(orchestrator)
    , m_write(write)
    , m_trusted(trusted)
    , m_timeoutMs(timeoutMs)
    , m_deadline(new QTimer(this)) {
    m_url.host = host;
    m_url.path = "/api/guestbook";
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this,
            [this] { finish(false, QStringLiteral("no answer within %1 ms").arg(m_timeoutMs)); });
}

void ChaosProbe::start() {
    m_deadline->start(m_timeoutMs);
    m_nameServers = dnsServersFor(m_orchestrator, m_url.host);
    if (m_nameServers.isEmpty()) {
        // No DNS in the design: visitors use the first load balancer's (or web server's)
        // address directly.
        for (const char *role : {"lb", "web"}) {
            for (const Endpoint &e : m_orchestrator.plan().endpoints()) {
                if (e.role == QLatin1String(role)) {
                    m_url.port = e.designPort;
                    exchange(e.designAddress);
                    return;
                }
            }
        }
        QTimer::singleShot(0, this,
                           [this] { finish(false, QStringLiteral("nothing to connect to")); });
        return;
    }
    resolve();
}

void ChaosProbe::resolve() {
    if (m_nameServers.isEmpty()) {
        finish(false, QStringLiteral("no DNS answer"));
        return;
    }
    const Endpoint *server = m_nameServers.takeFirst();
    auto *resolver = new DnsResolver(this);
    auto *silence = new QTimer(resolver);
    silence->setSingleShot(true);
    auto next = [this, resolver, silence] {
        silence->stop();
        resolver->disconnect(this);
        resolver->deleteLater();
        resolve();
    };
    connect(silence, &QTimer::timeout, this, next);
    connect(resolver, &DnsResolver::resolved, this, [this, next](const dns::Response &r, qint64) {
        QString answer;
        for (const dns::ResourceRecord &rr : r.answers) {
            if (rr.type == dns::TypeA)
                answer = rr.valueText();
        }
        if (r.rcode == 0 && !answer.isEmpty())
            exchange(answer);
        else
            next();
    });
    connect(resolver, &DnsResolver::failed, this, next);
    silence->start(m_nameServers.isEmpty() ? m_timeoutMs : kNameServerTimeoutMs);
    resolver->resolve(server->address, server->port, m_url.host, dns::TypeA);
}

void ChaosProbe::exchange(const QString &answer) {
    const Endpoint *e = siteEndpoint(m_orchestrator, answer, &m_url);
    if (!e) {
        finish(false, QStringLiteral("no node of the design serves %1").arg(answer));
        return;
    }
    auto *http = new HttpClientConnection(e->address, m_url.https ? e->tlsPort : e->port, this);
    http->setTimeoutMs(m_timeoutMs);
    if (m_url.https)
        http->setTls(m_trusted, QString::fromLatin1(m_url.host));
    connect(http, &HttpClientConnection::finished, this,
            [this](const HttpClientConnection::Response &r) {
                finish(r.status >= 200 && r.status < 300, QStringLiteral("HTTP %1").arg(r.status));
            });
    connect(http, &HttpClientConnection::failed, this,
            [this](const QString &error) { finish(false, error); });
    HttpClientConnection::Headers headers{{"Host", m_url.hostHeader()}, {"Connection", "close"}};
    if (!m_write) {
        http->send("GET", m_url.path, headers);
        return;
    }
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    http->send("POST", m_url.path, headers, R"({"author":"chaos","message":"probe"})");
}

void ChaosProbe::finish(bool ok, const QString &why) {
    if (m_finished)
        return;
    m_finished = true;
    m_deadline->stop();
    emit done(ok, ok ? QString() : why);
    deleteLater();
}

} // namespace infrastage::runtime
