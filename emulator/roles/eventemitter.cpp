#include "eventemitter.h"

#include <QJsonDocument>
#include <QTimer>

#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace infrastage::roles::EventEmitter {

namespace {

struct State {
    QString node;
    bool detail = false;
    QByteArray buffer;
    bool flushScheduled = false;
};

State &state() {
    static State s;
    return s;
}

void writeAll(const QByteArray &bytes) {
    const char *p = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(STDOUT_FILENO, p, size_t(left));
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            return; // the orchestrator is gone; events have nowhere to go
        }
        p += n;
        left -= n;
    }
}

} // namespace

void setNode(const QString &nodeId) {
    state().node = nodeId;
}

QString node() {
    return state().node;
}

qint64 nowNs() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

void setDetail(bool on) {
    state().detail = on;
}

bool detail() {
    return state().detail;
}

void emitEvent(const QString &kind, const QJsonObject &details, const QString &trace) {
    State &s = state();
    QJsonObject o{{QStringLiteral("t"), double(nowNs())},
                  {QStringLiteral("node"), s.node},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("details"), details}};
    if (!trace.isEmpty())
        o.insert(QStringLiteral("trace"), trace);
    emitLine(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

void emitLine(const QByteArray &line) {
    State &s = state();
    s.buffer += line;
    s.buffer += '\n';
    if (s.buffer.size() > 64 * 1024) {
        flush();
    } else if (!s.flushScheduled) {
        s.flushScheduled = true;
        QTimer::singleShot(0, [] { flush(); });
    }
}

void ready(const QString &address, int port, const QJsonObject &extra) {
    QJsonObject d = extra;
    d.insert(QStringLiteral("address"), address);
    d.insert(QStringLiteral("port"), port);
    d.insert(QStringLiteral("pid"), qint64(::getpid()));
    emitEvent(QStringLiteral("ready"), d);
    flush();
}

void flush() {
    State &s = state();
    s.flushScheduled = false;
    if (s.buffer.isEmpty())
        return;
    writeAll(s.buffer);
    s.buffer.clear();
}

} // namespace infrastage::roles::EventEmitter
