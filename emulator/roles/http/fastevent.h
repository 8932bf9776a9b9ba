#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace infrastage::roles {

// One per-request event written straight into its JSON line, the same line EventEmitter would
// write, without building QJsonObjects: the lb emits four of these per request, and tracing must
// stay cheap (the goal is <= 10 % slower with it on).
//   FastEvent("lb.choice", traceId).add("server", id).add("attempt", 0).send();
class FastEvent final {
public:
    FastEvent(const char *kind, const QByteArray &trace);
    FastEvent &add(const char *key, const QString &value);
    FastEvent &add(const char *key, const QByteArray &latin1);
    FastEvent &add(const char *key, const char *latin1);
    FastEvent &add(const char *key, qint64 value);
    FastEvent &add(const char *key, int value) { return add(key, qint64(value)); }
    FastEvent &add(const char *key, bool value);
    // Slow path (detail on only): a nested object.
    FastEvent &add(const char *key, const QJsonObject &value);
    void send();

private:
    void key(const char *key);
    QByteArray m_line;
    bool m_first = true;
};

} // namespace infrastage::roles
