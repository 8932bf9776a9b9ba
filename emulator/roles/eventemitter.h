#pragma once

#include <QJsonObject>
#include <QString>

namespace infrastage::roles {

// Writes this process's events to stdout as JSON lines, the stream the orchestrator merges:
//   {"t": <CLOCK_MONOTONIC ns>, "node": "<id>", "kind": "<kind>", "trace": "<trace id>",
//    "details": {...}}
// Lines are batched and written when the event loop goes idle (once per pass under load), so
// events cost little; ready() and flush() write at once.
namespace EventEmitter {

void setNode(const QString &nodeId);
QString node();
// The node id escaped for a JSON string, for writers of ready-made lines (FastEvent).
const QByteArray &nodeJson();
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
