#include "walkthrough.h"

#include "firewallmatcher.h"
#include "walkthroughsteps.h"

#include "events/eventkind.h"

#include <QJsonArray>

#include <algorithm>

namespace infrastage::runtime {

namespace {

QString str(const QJsonObject &d, const char *key) {
    const QJsonValue v = d.value(QLatin1String(key));
    return v.isDouble() ? QString::number(v.toDouble()) : v.toString();
}

QString ms(double us) {
    return QString::number(us / 1000.0, 'f', 3) + QStringLiteral(" ms");
}

// Compact "key=value" for events this walkthrough has no sentence for.
QString generic(const QJsonObject &d) {
    QStringList parts;
    for (auto it = d.begin(); it != d.end(); ++it) {
        if (it.value().isObject() || it.value().isArray())
            continue;
        parts << QStringLiteral("%1=%2").arg(it.key(), it.value().isString()
                                                           ? it.value().toString()
                                                           : it.value().toVariant().toString());
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace

Walkthrough::Walkthrough(Dns dns, Client client, QList<RuntimeEvent> events,
                         QHash<QString, QString> roles)
    : m_dns(std::move(dns))
    , m_client(std::move(client))
    , m_events(std::move(events))
    , m_roles(std::move(roles)) {
    // In the order they happened: each process writes its own events, so one can arrive after
    // a later one from another process.
    std::stable_sort(m_events.begin(), m_events.end(),
                     [](const RuntimeEvent &a, const RuntimeEvent &b) { return a.t < b.t; });
}

int Walkthrough::stepOf(const QString &role, const QString &kind) {
    namespace K = EventKind;
    if (kind == K::DnsQuery || kind == K::DnsAnswer || kind == K::DnsMalformed)
        return int(WalkthroughStage::Dns);
    if (kind == K::WebResponse || kind == K::LbResponse || kind == K::LbError ||
        kind == K::LbRedirect)
        return int(WalkthroughStage::Response);
    if (role == QLatin1String("db") || kind == K::DbQuery || kind == K::DbRole ||
        kind == K::DbFenced)
        return int(WalkthroughStage::Database);
    if (role == QLatin1String("lb"))
        return int(WalkthroughStage::Balancer);
    return int(WalkthroughStage::Server);
}

QList<WalkthroughStep> Walkthrough::steps() const {
    WalkthroughSteps steps(m_roles, startNs());
    for (const RuntimeEvent &e : m_events)
        steps.add(e);
    QList<WalkthroughStep> list = steps.steps();
    list.append(browserStep());
    return list;
}

qint64 Walkthrough::startNs() const {
    return m_client.dnsCached || m_dns.askedNs == 0 ? m_client.sentNs : m_dns.askedNs;
}

WalkthroughStep Walkthrough::browserStep() const {
    WalkthroughStep s;
    s.stage = WalkthroughStage::Response;
    s.node = BrowserNode;
    s.t = m_client.receivedNs;
    s.offsetMs = double(m_client.receivedNs - startNs()) / 1e6;
    s.trace = m_client.trace;
    if (!m_client.error.isEmpty())
        s.caption = QStringLiteral("browser: the request failed: %1").arg(m_client.error);
    else if (!m_client.location.isEmpty())
        s.caption = QStringLiteral("browser: received %1, redirected to %2")
                        .arg(m_client.status)
                        .arg(m_client.location);
    else
        s.caption = QStringLiteral("browser: received %1, %2 bytes, X-Served-By: %3")
                        .arg(m_client.status)
                        .arg(m_client.bytes)
                        .arg(m_client.servedBy);
    s.details = QJsonObject{
        {QStringLiteral("status"), m_client.status},      {QStringLiteral("bytes"), m_client.bytes},
        {QStringLiteral("served_by"), m_client.servedBy}, {QStringLiteral("error"), m_client.error},
        {QStringLiteral("location"), m_client.location},  {QStringLiteral("tls"), m_client.tls}};
    return s;
}

QString Walkthrough::describe(const RuntimeEvent &e) {
    const QJsonObject &d = e.details;
    const QString &k = e.kind;
    if (k == EventKind::DnsQuery)
        return QStringLiteral("the browser asks the DNS server where %1 is (%2 record), from %3")
            .arg(str(d, "name"), str(d, "type"), str(d, "client"));
    if (k == EventKind::DnsAnswer) {
        QStringList answers;
        for (const QJsonValue &v : d.value(QLatin1String("answers")).toArray()) {
            const QJsonObject a = v.toObject();
            answers << QStringLiteral("%1 %2 %3 (TTL %4 s)")
                           .arg(str(a, "name"), str(a, "type"), str(a, "value"), str(a, "ttl"));
        }
        return QStringLiteral("answered %1: %2")
            .arg(str(d, "rcode"), answers.isEmpty() ? QStringLiteral("no record")
                                                    : answers.join(QStringLiteral(", ")));
    }
    if (k == EventKind::LbRequest)
        return QStringLiteral("received %1 %2 (Host: %3) from %4%5%6")
            .arg(str(d, "method"), str(d, "target"), str(d, "host"), str(d, "client"),
                 d.value(QLatin1String("tls")).toBool()
                     ? QStringLiteral(" over HTTPS (TLS ends here; the servers get plain HTTP "
                                      "with X-Forwarded-Proto: https)")
                     : QString(),
                 d.value(QLatin1String("trace_started")).toBool()
                     ? QStringLiteral(", started a new trace")
                     : QStringLiteral(", continuing the client's trace"));
    if (k == EventKind::LbChoice)
        return QStringLiteral("chose %1 on %2 at %3:%4 (%5)")
            .arg(str(d, "server"), str(d, "host"), str(d, "address"), str(d, "port"),
                 str(d, "reason").isEmpty() ? str(d, "algorithm") : str(d, "reason"));
    if (k == EventKind::LbForward)
        return QStringLiteral("forwarded to %1:%2 over a %3 connection")
            .arg(str(d, "address"), str(d, "port"),
                 d.value(QLatin1String("reused")).toBool() ? QStringLiteral("kept-alive")
                                                           : QStringLiteral("new"));
    if (k == EventKind::LbRetry)
        return QStringLiteral("attempt %1 on %2 failed (%3)%4")
            .arg(str(d, "attempt"), str(d, "server"), str(d, "error"),
                 d.value(QLatin1String("redispatch")).toBool() ? QStringLiteral(", redispatching")
                                                               : QString());
    if (k == EventKind::LbResponse)
        return QStringLiteral("sent %1 (%2 bytes) back to the client; %3 at the server, %4 in all")
            .arg(str(d, "status"), str(d, "bytes"),
                 ms(d.value(QLatin1String("server_us")).toDouble()),
                 ms(d.value(QLatin1String("duration_us")).toDouble()));
    if (k == EventKind::LbError)
        return QStringLiteral("answered %1 itself: %2").arg(str(d, "status"), str(d, "reason"));
    if (k == EventKind::WebRequest)
        return QStringLiteral("Nginx received %1 %2 from %3")
            .arg(str(d, "method"), str(d, "target"), str(d, "client"));
    if (k == EventKind::WebStatic)
        return QStringLiteral("served the file %1 from the application files (%2, %3 bytes, %4)")
            .arg(str(d, "file"), str(d, "status"), str(d, "bytes"), str(d, "mime"));
    if (k == EventKind::WebForward)
        return QStringLiteral("forwarded to the application server %1 at %2:%3")
            .arg(str(d, "upstream"), str(d, "address"), str(d, "port"));
    if (k == EventKind::WebDenied)
        return QStringLiteral("refused %1 with %2 (%3)")
            .arg(str(d, "path"), str(d, "status"), str(d, "reason"));
    if (k == EventKind::WebResponse)
        return QStringLiteral("Nginx answered %1 (%2 bytes, %3) in %4")
            .arg(str(d, "status"), str(d, "bytes"), str(d, "source"),
                 ms(d.value(QLatin1String("duration_us")).toDouble()));
    if (k == EventKind::AppRequest)
        return QStringLiteral("application handled %1 %2 with %3: %4 (%5 bytes) in %6")
            .arg(str(d, "method"), str(d, "target"),
                 str(d, "handler").isEmpty() ? QStringLiteral("no route") : str(d, "handler"),
                 str(d, "status"), str(d, "bytes"),
                 ms(d.value(QLatin1String("duration_us")).toDouble()));
    if (k == EventKind::DbQuery)
        return QStringLiteral("the %1 database ran a %2 (%3): %4 rows, %5 changed, in %6")
            .arg(str(d, "role"), str(d, "statement"),
                 d.value(QLatin1String("ok")).toBool()
                     ? QStringLiteral("ok")
                     : QStringLiteral("error: ") + str(d, "error"),
                 str(d, "rows").isEmpty() ? QStringLiteral("0") : str(d, "rows"),
                 str(d, "changes").isEmpty() ? QStringLiteral("0") : str(d, "changes"),
                 ms(d.value(QLatin1String("us")).toDouble()));
    if (FirewallMatcher::isDecision(k)) {
        const QString source = str(d, "source") == QLatin1String("internet")
                                   ? QStringLiteral("the Internet")
                                   : str(d, "source");
        return QStringLiteral("firewall %1 %2 the connection from %3 (%4) to port %5: %6")
            .arg(str(d, "firewall"),
                 k == EventKind::FirewallAccept ? QStringLiteral("let in")
                 : k == EventKind::FirewallDrop ? QStringLiteral("dropped")
                                                : QStringLiteral("rejected"),
                 source, str(d, "client"), str(d, "port"), str(d, "rule"));
    }
    return k + QLatin1Char(' ') + generic(d);
}

QString Walkthrough::at(qint64 t) const {
    return QStringLiteral("%1%2 ms")
        .arg(t >= m_client.sentNs ? QStringLiteral("+") : QStringLiteral("-"))
        .arg(double(qAbs(t - m_client.sentNs)) / 1e6, 0, 'f', 3);
}

QJsonObject Walkthrough::toJson() const {
    QJsonArray steps;
    for (int s = 1; s <= 5; ++s) {
        QJsonArray events;
        for (const RuntimeEvent &e : m_events) {
            if (stepOf(m_roles.value(e.node), e.kind) != s)
                continue;
            QJsonObject o = e.toJson();
            o.insert(QStringLiteral("offset_ms"), double(e.t - m_client.sentNs) / 1e6);
            o.insert(QStringLiteral("text"), describe(e));
            events.append(o);
        }
        QJsonObject step{{QStringLiteral("number"), s},
                         {QStringLiteral("title"), walkthroughStageTitle(WalkthroughStage(s))},
                         {QStringLiteral("events"), events}};
        if (s == 1)
            step.insert(
                QStringLiteral("dns"),
                QJsonObject{{QStringLiteral("name"), m_dns.name},
                            {QStringLiteral("server"), m_dns.server},
                            {QStringLiteral("server_address"), m_dns.serverAddress},
                            {QStringLiteral("design_server"), m_dns.designServer},
                            {QStringLiteral("rcode"), m_dns.rcode},
                            {QStringLiteral("answer"), m_dns.answer},
                            {QStringLiteral("chain"), QJsonArray::fromStringList(m_dns.chain)},
                            {QStringLiteral("elapsed_ms"), double(m_dns.elapsedNs) / 1e6}});
        steps.append(step);
    }
    return QJsonObject{
        {QStringLiteral("url"), m_client.url},
        {QStringLiteral("trace"), m_client.trace},
        {QStringLiteral("target"), m_client.target},
        {QStringLiteral("design_target"), m_client.designTarget},
        {QStringLiteral("tls"), m_client.tls},
        {QStringLiteral("location"), m_client.location},
        {QStringLiteral("status"), m_client.status},
        {QStringLiteral("bytes"), m_client.bytes},
        {QStringLiteral("served_by"), m_client.servedBy},
        {QStringLiteral("error"), m_client.error},
        {QStringLiteral("total_ms"), double(m_client.receivedNs - m_client.sentNs) / 1e6},
        {QStringLiteral("steps"), steps},
    };
}

QString Walkthrough::toText() const {
    QString out;
    out += QStringLiteral("%1 %2  (trace %3)\n\n")
               .arg(QString::fromLatin1(m_client.method), m_client.url, m_client.trace);
    for (int s = 1; s <= 5; ++s) {
        out += QStringLiteral("%1. %2\n").arg(s).arg(walkthroughStageTitle(WalkthroughStage(s)));
        if (s == 1 && m_client.dnsCached) {
            out +=
                QStringLiteral("   %1 -> %2, remembered from the first request (within its TTL); "
                               "the browser connects to %3 (here %4)\n")
                    .arg(m_dns.name, m_dns.answer, m_client.designTarget, m_client.target);
        } else if (s == 1) {
            out += QStringLiteral("   asked %1 at %2 (design %3) over UDP: %4 A?\n")
                       .arg(m_dns.server, m_dns.serverAddress, m_dns.designServer, m_dns.name);
            for (const QString &c : m_dns.chain)
                out += QStringLiteral("   answer: %1\n").arg(c);
            out += QStringLiteral("   %1 -> %2 in %3 ms; the browser connects to %4 (here %5)\n")
                       .arg(m_dns.rcode, m_dns.answer)
                       .arg(double(m_dns.elapsedNs) / 1e6, 0, 'f', 3)
                       .arg(m_client.designTarget, m_client.target);
        }
        if (s == 1 && !m_client.tls.isEmpty())
            out += QStringLiteral("   TLS handshake with the load balancer: %1, its certificate "
                                  "verified for %2\n")
                       .arg(m_client.tls, m_dns.name);
        int shown = 0;
        for (const RuntimeEvent &e : m_events) {
            if (stepOf(m_roles.value(e.node), e.kind) != s || s == 1)
                continue;
            out += QStringLiteral("   %1  %2: %3\n").arg(at(e.t), -11).arg(e.node, describe(e));
            ++shown;
        }
        if (s == 4 && shown == 0)
            out += QStringLiteral("   none: this request did not reach a database\n");
        if (s == 5) {
            if (m_client.error.isEmpty() && !m_client.location.isEmpty())
                out += QStringLiteral("   %1  browser: received %2, redirected to %3\n")
                           .arg(at(m_client.receivedNs), -11)
                           .arg(m_client.status)
                           .arg(m_client.location);
            else if (m_client.error.isEmpty())
                out += QStringLiteral("   %1  browser: received %2, %3 bytes, X-Served-By: %4\n")
                           .arg(at(m_client.receivedNs), -11)
                           .arg(m_client.status)
                           .arg(m_client.bytes)
                           .arg(m_client.servedBy);
            else
                out += QStringLiteral("   browser: the request failed: %1\n").arg(m_client.error);
        }
        out += QLatin1Char('\n');
    }
    out += QStringLiteral("Total: %1 ms from the request to the complete response (DNS: %2 ms)\n")
               .arg(double(m_client.receivedNs - m_client.sentNs) / 1e6, 0, 'f', 3)
               .arg(double(m_dns.elapsedNs) / 1e6, 0, 'f', 3);
    return out;
}

} // namespace infrastage::runtime
