#pragma once

#include <QByteArray>
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

// The DNS node whose records include `name`, else the first DNS node; null if there is none.
const Endpoint *dnsServerFor(const Orchestrator &orchestrator, const QByteArray &name);

// `digits` random hex digits, never all zeros (a W3C trace id is 32, a span id 16).
QString randomTraceHex(int digits);

} // namespace infrastage::runtime
