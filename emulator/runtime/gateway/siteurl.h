#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace infrastage::runtime {

class Orchestrator;
struct Endpoint;

// An http:// or https:// URL of the design's site, as a browser would use it.
struct SiteUrl {
    QByteArray host;
    int port = 80;
    QByteArray path = "/";
    bool https = false;

    // "www.foobar.com", or "www.foobar.com:8080" off the scheme's default port: a Host header.
    QByteArray hostHeader() const;
    static bool parse(const QString &text, SiteUrl *url, QString *error);
};

// Where a browser's request for `url` goes once the design's DNS answered `answer`: the
// endpoint listening there, or null. A load balancer that redirects HTTP to HTTPS turns `url`
// into its https:// form, as a browser keeps doing from then on (HSTS); `upgraded` says so.
// Connect to `url->https ? tlsPort : port` of the answer.
const Endpoint *siteEndpoint(const Orchestrator &orchestrator, const QString &answer, SiteUrl *url,
                             bool *upgraded = nullptr);

// The DNS node whose records include `name`, else the first DNS node; null if there is none.
const Endpoint *dnsServerFor(const Orchestrator &orchestrator, const QByteArray &name);
// Every DNS node whose records include `name` (a zone's name servers), else the first DNS
// node; empty if there is none.
QList<const Endpoint *> dnsServersFor(const Orchestrator &orchestrator, const QByteArray &name);

// `digits` random hex digits, never all zeros (a W3C trace id is 32, a span id 16).
QString randomTraceHex(int digits);

} // namespace infrastage::runtime
