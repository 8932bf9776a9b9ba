#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <cstring>

namespace infrastage::roles {

// One per-request event written straight into its JSON line, the same line EventEmitter would
// write, without building QJsonObjects: the lb emits four of these per request, and tracing must
// stay cheap (the goal is <= 10 % slower with it on).
//   FastEvent("lb.choice", traceId).add("server", id).add("attempt", 0).send();
class FastEvent final {
public:
    FastEvent(const char *kind, const QByteArray &trace);
    ~FastEvent();
    FastEvent(const FastEvent &) = delete;
    FastEvent &operator=(const FastEvent &) = delete;
    FastEvent &add(const char *key, const QString &value);
    FastEvent &add(const char *key, const QByteArray &latin1);
    FastEvent &add(const char *key, const char *latin1);
    FastEvent &add(const char *key, qint64 value);
    FastEvent &add(const char *key, int value) { return add(key, qint64(value)); }
    FastEvent &add(const char *key, bool value);
    // "host:port" as a string, without building it first.
    FastEvent &addEndpoint(const char *key, const QByteArray &host, int port);
    // Slow path (detail on only): a nested object.
    FastEvent &add(const char *key, const QJsonObject &value);
    void send();

private:
    // The line is written with memcpy into storage of known room (QByteArray's own appends cost
    // several times more per call, and a line takes some forty of them).
    char *room(qsizetype n) { return m_size + n <= m_line.size() ? m_data + m_size : grow(n); }
    char *grow(qsizetype n);
    void put(const char *p, qsizetype n) { std::memcpy(room(n), p, size_t(n)), m_size += n; }
    void put(char c) { *room(1) = c, ++m_size; }
    template <qsizetype N> void put(const char (&literal)[N]) { put(literal, N - 1); }
    void putEscaped(const char *p, qsizetype n, bool latin1);
    void putUtf8(const QString &s);
    void putNumber(qint64 v);
    void key(const char *key);
    void release();

    QByteArray m_line; // storage, m_size bytes of it used
    char *m_data = nullptr;
    qsizetype m_size = 0;
    bool m_first = true;
    bool m_shared = false; // m_line is the reusable scratch storage, given back when done
};

} // namespace infrastage::roles
