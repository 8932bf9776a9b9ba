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

QJsonObject RuntimeEvent::toJson() const {
    QJsonObject o{{QStringLiteral("t"), double(t)},
                  {QStringLiteral("node"), node},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("details"), details}};
    if (!trace.isEmpty())
        o.insert(QStringLiteral("trace"), trace);
    return o;
}

QByteArray RuntimeEvent::toJsonLine() const {
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact) + '\n';
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
