#pragma once

#include "orchestrator.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace infrastage::cli {

// What the up, request and run commands share: options, loading, signals, printing.
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

void printLine(const QByteArray &line); // stdout, flushed

} // namespace RuntimeCli

} // namespace infrastage::cli
