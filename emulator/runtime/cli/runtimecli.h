#pragma once

#include "orchestrator.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace infrastage::cli {

// What the up, request and run commands share: options, loading, signals, URL and target.
namespace RuntimeCli {

struct Options {
    QString file;
    QString runDir;
    bool detail = false;
    bool sharedAddress = false; // everything on 127.0.0.1 (as where 127/8 is not routed)
    QStringList rest;           // arguments the command itself must understand
};

// Takes FILE, --run-dir DIR, --detail, --shared-address; the rest is left in `rest`.
bool parseCommon(const QStringList &args, Options *options, QString *error);
bool loadTopology(const QString &path, TopologyData *topology, QString *error);
runtime::Orchestrator::Options orchestratorOptions(const Options &options);

// Calls `handler` from the event loop on SIGINT or SIGTERM.
void onStopSignal(std::function<void()> handler);

QJsonObject nodeLine(const runtime::NodeInfo &node);

struct Url {
    QByteArray host;
    int port = 80;
    QByteArray path = "/";
    bool https = false;
    // "www.foobar.com", or "www.foobar.com:8080" off the scheme's default port: a Host header.
    QByteArray hostHeader() const;
};
bool parseUrl(const QString &text, Url *url, QString *error);

// The DNS node whose records include `name`, else the first DNS node; null if there is none.
const runtime::Endpoint *dnsFor(const runtime::Orchestrator &orchestrator, const QByteArray &name);

// 32/16 random hex digits for a W3C traceparent.
QString randomHex(int digits);

void printLine(const QByteArray &line); // stdout, flushed

} // namespace RuntimeCli

} // namespace infrastage::cli
