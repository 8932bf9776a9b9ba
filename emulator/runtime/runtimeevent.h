#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace infrastage::runtime {

// One event of the merged stream: what a node (or the orchestrator) saw at time `t`.
// The JSON form is the node-process contract's event line.
struct RuntimeEvent {
    qint64 t = 0; // CLOCK_MONOTONIC nanoseconds, comparable across the processes of one machine
    QString node;
    QString kind;
    QString trace; // 32 hex digits, empty for events outside any request
    QJsonObject details;
    // `details` as compact JSON text when it is at hand (the bytes a node wrote), so that
    // recording or printing an event does not serialize it again; empty: serialize `details`.
    // With Orchestrator::Options::parseRequestDetails off, events of a request have only this
    // (details empty).
    QByteArray detailsJson;

    QJsonObject toJson() const;    // details from detailsJson when `details` is empty
    QByteArray toJsonLine() const; // compact, with a trailing newline
    // Parses one event line; false if it is not an event (the caller logs it).
    static bool fromJsonLine(const QByteArray &line, RuntimeEvent *event);
    static qint64 nowNs();
};

} // namespace infrastage::runtime

Q_DECLARE_METATYPE(infrastage::runtime::RuntimeEvent)
