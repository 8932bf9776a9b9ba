#pragma once

#include <QJsonObject>
#include <QString>

namespace infrastage::roles {

// Writes this process's events to stdout as JSON lines, the stream the orchestrator merges:
//   {"t": <CLOCK_MONOTONIC ns>, "node": "<id>", "kind": "<kind>", "trace": "<trace id>",
//    "details": {...}}
// Lines are batched and flushed when the event loop is idle, so events cost little under load.
namespace EventEmitter {

void setNode(const QString &nodeId);
QString node();
qint64 nowNs(); // CLOCK_MONOTONIC, comparable across processes on one machine

// Whether per-hop request/response lines and headers should be included ("detail on").
void setDetail(bool on);
bool detail();

void emitEvent(const QString &kind, const QJsonObject &details, const QString &trace = QString());
// A ready-made event line (one compact JSON object, no newline) for hot paths
// (roles/http/fastevent.h).
void emitLine(const QByteArray &line);

// The first event of every role: {"kind":"ready","details":{"address","port",...extra}}.
void ready(const QString &address, int port, const QJsonObject &extra = QJsonObject());

void flush();

} // namespace EventEmitter

} // namespace infrastage::roles
