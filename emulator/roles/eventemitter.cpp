#include "eventemitter.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QJsonDocument>

#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace infrastage::roles::EventEmitter {

namespace {

// More than this is written at once, without waiting for the event loop to go idle.
constexpr qsizetype kFlushBytes = 64 * 1024;

struct State {
    QString node;
    QByteArray nodeJson; // the node id as a JSON string body (escaped UTF-8)
    bool detail = false;
    QByteArray buffer;   // keeps its capacity between flushes
    bool hooked = false; // flush() is connected to the event loop's aboutToBlock
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
    State &s = state();
    s.node = nodeId;
    s.nodeJson.clear();
    static const char hex[] = "0123456789abcdef";
    for (const char ch : nodeId.toUtf8()) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            s.nodeJson += '\\';
            s.nodeJson += ch;
        } else if (c < 0x20) {
            s.nodeJson += "\\u00";
            s.nodeJson += hex[c >> 4];
            s.nodeJson += hex[c & 0xf];
        } else {
            s.nodeJson += ch;
        }
    }
}

QString node() {
    return state().node;
}

const QByteArray &nodeJson() {
    return state().nodeJson;
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
    if (s.buffer.capacity() < kFlushBytes)
        s.buffer.reserve(2 * kFlushBytes);
    s.buffer += line;
    s.buffer += '\n';
    if (s.buffer.size() > kFlushBytes) {
        flush();
        return;
    }
    if (s.hooked)
        return;
    // Lines are written when the event loop has handled everything that was ready and is about
    // to wait again: at once in a quiet process, and under load once per pass, which then
    // carries the events of many requests (about 20 per pass in the lb benchmark) in one
    // write(2), with no timer or posted event per pass.
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    QCoreApplication *app = QCoreApplication::instance();
    if (!dispatcher || !app) {
        flush(); // no event loop to wait for
        return;
    }
    QObject::connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, app, [] {
        if (!state().buffer.isEmpty())
            flush();
    });
    s.hooked = true;
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
    if (s.buffer.isEmpty())
        return;
    writeAll(s.buffer);
    s.buffer.resize(0); // resize, not clear(): the capacity stays for the next batch
}

} // namespace infrastage::roles::EventEmitter
