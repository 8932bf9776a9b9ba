#include "runtimeevent.h"
#include "runtimestate.h"

#include <QJsonDocument>

#include <ctime>

namespace infrastage::runtime {

QString runtimeStateName(RuntimeState state) {
    switch (state) {
    case RuntimeState::Stopped:
        return QStringLiteral("stopped");
    case RuntimeState::Starting:
        return QStringLiteral("starting");
    case RuntimeState::Running:
        return QStringLiteral("running");
    case RuntimeState::Stopping:
        return QStringLiteral("stopping");
    case RuntimeState::Failed:
        return QStringLiteral("failed");
    }
    return QString();
}

QString nodeStateName(NodeState state) {
    switch (state) {
    case NodeState::Stopped:
        return QStringLiteral("stopped");
    case NodeState::Starting:
        return QStringLiteral("starting");
    case NodeState::Running:
        return QStringLiteral("running");
    case NodeState::Frozen:
        return QStringLiteral("frozen");
    case NodeState::Stopping:
        return QStringLiteral("stopping");
    case NodeState::Failed:
        return QStringLiteral("failed");
    }
    return QString();
}

namespace {

void appendJsonString(QByteArray &out, const QString &text) {
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (const char ch : text.toUtf8()) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += ch;
        }
    }
    out += '"';
}

} // namespace

QJsonObject RuntimeEvent::toJson() const {
    const QJsonObject d = details.isEmpty() && !detailsJson.isEmpty()
                              ? QJsonDocument::fromJson(detailsJson).object()
                              : details;
    QJsonObject o{{QStringLiteral("t"), double(t)},
                  {QStringLiteral("node"), node},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("details"), d}};
    if (!trace.isEmpty())
        o.insert(QStringLiteral("trace"), trace);
    return o;
}

QByteArray RuntimeEvent::toJsonLine() const {
    if (detailsJson.isEmpty())
        return QJsonDocument(toJson()).toJson(QJsonDocument::Compact) + '\n';
    // The keys in the order QJsonDocument writes them; details as the node wrote them.
    QByteArray out;
    out.reserve(detailsJson.size() + node.size() + kind.size() + trace.size() + 64);
    out += "{\"details\":";
    out += detailsJson;
    out += ",\"kind\":";
    appendJsonString(out, kind);
    out += ",\"node\":";
    appendJsonString(out, node);
    out += ",\"t\":";
    out += QByteArray::number(t);
    if (!trace.isEmpty()) {
        out += ",\"trace\":";
        appendJsonString(out, trace);
    }
    out += "}\n";
    return out;
}

bool RuntimeEvent::fromJsonLine(const QByteArray &line, RuntimeEvent *event) {
    const QJsonDocument doc = QJsonDocument::fromJson(line);
    if (!doc.isObject())
        return false;
    const QJsonObject o = doc.object();
    const QJsonValue t = o.value(QLatin1String("t"));
    const QJsonValue kind = o.value(QLatin1String("kind"));
    if (!t.isDouble() || !kind.isString())
        return false;
    event->t = qint64(t.toDouble());
    event->node = o.value(QLatin1String("node")).toString();
    event->kind = kind.toString();
    event->trace = o.value(QLatin1String("trace")).toString();
    event->details = o.value(QLatin1String("details")).toObject();
    return true;
}

qint64 RuntimeEvent::nowNs() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

} // namespace infrastage::runtime
