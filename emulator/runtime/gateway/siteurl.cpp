#include "siteurl.h"

#include "orchestrator.h"

#include <QRandomGenerator>
#include <QUrl>

namespace infrastage::runtime {

bool SiteUrl::parse(const QString &text, SiteUrl *url, QString *error) {
    const QUrl u(text, QUrl::StrictMode);
    const bool https = u.scheme() == QLatin1String("https");
    if (!u.isValid() || (u.scheme() != QLatin1String("http") && !https) || u.host().isEmpty()) {
        *error = QStringLiteral("'%1' is not an http:// or https:// URL with a host").arg(text);
        return false;
    }
    url->https = https;
    url->host = u.host().toLatin1();
    url->port = u.port(https ? 443 : 80);
    url->path = u.path(QUrl::FullyEncoded).toLatin1();
    if (url->path.isEmpty())
        url->path = "/";
    if (u.hasQuery())
        url->path += '?' + u.query(QUrl::FullyEncoded).toLatin1();
    return true;
}

QByteArray SiteUrl::hostHeader() const {
    return port == (https ? 443 : 80) ? host : host + ':' + QByteArray::number(port);
}

const Endpoint *siteEndpoint(const Orchestrator &orchestrator, const QString &answer, SiteUrl *url,
                             bool *upgraded) {
    const Endpoint *e = orchestrator.plan().findForUrl(answer, url->port, url->https);
    const Node *node = e ? orchestrator.topology().node(e->node) : nullptr;
    const bool upgrade =
        !url->https && e && e->tlsPort > 0 && node && node->flag(QStringLiteral("redirect_http"));
    if (upgrade) {
        url->https = true;
        url->port = e->designTlsPort;
    }
    if (upgraded)
        *upgraded = upgrade;
    return e;
}

const Endpoint *dnsServerFor(const Orchestrator &orchestrator, const QByteArray &name) {
    const QList<const Endpoint *> all = dnsServersFor(orchestrator, name);
    return all.isEmpty() ? nullptr : all.first();
}

QList<const Endpoint *> dnsServersFor(const Orchestrator &orchestrator, const QByteArray &name) {
    const Endpoint *first = nullptr;
    QList<const Endpoint *> holding;
    for (const Endpoint &e : orchestrator.plan().endpoints()) {
        if (e.role != QLatin1String("dns"))
            continue;
        if (!first)
            first = &e;
        for (const Link *l : orchestrator.topology().linksFrom(e.node)) {
            if (l->kind == LinkKind::DnsRecord &&
                l->text(QStringLiteral("name"))
                        .compare(QString::fromLatin1(name), Qt::CaseInsensitive) == 0) {
                holding.append(&e);
                break;
            }
        }
    }
    if (holding.isEmpty() && first)
        holding.append(first);
    return holding;
}

QString randomTraceHex(int digits) {
    QString s;
    while (s.size() < digits)
        s += QString::number(QRandomGenerator::global()->generate(), 16)
                 .rightJustified(8, QLatin1Char('0'));
    s.truncate(digits);
    if (s.count(QLatin1Char('0')) == digits)
        s[0] = QLatin1Char('1'); // all zeros is an invalid trace id
    return s;
}

} // namespace infrastage::runtime
