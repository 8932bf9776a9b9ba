#include "alertrule.h"

#include <cmath>

namespace infrastage::monitoring {

namespace {

struct KindName {
    AlertKind kind;
    const char *name;
};

const KindName kKinds[] = {
    {AlertKind::TargetDown, "TargetDown"},
    {AlertKind::HighErrorRatio, "HighErrorRatio"},
    {AlertKind::HighLatencyP95, "HighLatencyP95"},
    {AlertKind::ReplicationLag, "ReplicationLag"},
    {AlertKind::ReplicaIoStopped, "ReplicaIoThreadStopped"},
    {AlertKind::ReplicaSqlStopped, "ReplicaSqlThreadStopped"},
    {AlertKind::SplitBrain, "SplitBrain"},
};

bool hasThreshold(AlertKind k) {
    return k == AlertKind::HighErrorRatio || k == AlertKind::HighLatencyP95 ||
           k == AlertKind::ReplicationLag;
}

} // namespace

QString alertKindName(AlertKind kind) {
    for (const KindName &k : kKinds) {
        if (k.kind == kind)
            return QString::fromLatin1(k.name);
    }
    return QString();
}

bool alertKindFromName(const QString &name, AlertKind *kind) {
    for (const KindName &k : kKinds) {
        if (name == QLatin1String(k.name)) {
            *kind = k.kind;
            return true;
        }
    }
    return false;
}

QJsonObject AlertRule::toJson() const {
    return QJsonObject{
        {QStringLiteral("alert"), name},          {QStringLiteral("kind"), alertKindName(kind)},
        {QStringLiteral("expr"), expr},           {QStringLiteral("for_ms"), forMs},
        {QStringLiteral("threshold"), threshold}, {QStringLiteral("window_ms"), windowMs},
        {QStringLiteral("severity"), severity},   {QStringLiteral("summary"), summary}};
}

bool AlertRule::fromJson(const QJsonObject &o, AlertRule *rule, QString *error) {
    AlertRule r;
    r.name = o.value(QLatin1String("alert")).toString();
    const QString kind = o.value(QLatin1String("kind")).toString();
    const QString where = QStringLiteral("alert rule '%1'").arg(r.name.isEmpty() ? kind : r.name);
    if (!alertKindFromName(kind, &r.kind)) {
        *error = QStringLiteral("%1: unknown kind '%2'").arg(where, kind);
        return false;
    }
    if (r.name.isEmpty())
        r.name = kind;
    r.expr = o.value(QLatin1String("expr")).toString();
    r.severity = o.value(QLatin1String("severity")).toString(QStringLiteral("warning"));
    r.summary = o.value(QLatin1String("summary")).toString();
    const QJsonValue forMs = o.value(QLatin1String("for_ms"));
    const QJsonValue threshold = o.value(QLatin1String("threshold"));
    const QJsonValue window = o.value(QLatin1String("window_ms"));
    if (!forMs.isDouble() || forMs.toDouble() < 0 || forMs.toDouble() > 86400000.0) {
        *error =
            QStringLiteral("%1: \"for_ms\" must be a duration from 0 to 86400000 ms").arg(where);
        return false;
    }
    r.forMs = qint64(forMs.toDouble());
    if (hasThreshold(r.kind)) {
        const double t = threshold.toDouble(-1);
        const bool ratio = r.kind == AlertKind::HighErrorRatio;
        if (!threshold.isDouble() || !std::isfinite(t) || t <= 0 || (ratio && t > 1)) {
            *error = ratio ? QStringLiteral("%1: threshold %2 is not a ratio above 0 and at most "
                                            "1 (5 % is 0.05)")
                                 .arg(where, threshold.toVariant().toString())
                           : QStringLiteral("%1: threshold %2 is not a positive number of "
                                            "seconds")
                                 .arg(where, threshold.toVariant().toString());
            return false;
        }
        r.threshold = t;
    }
    if (r.kind == AlertKind::HighErrorRatio || r.kind == AlertKind::HighLatencyP95) {
        if (!window.isDouble() || window.toDouble() < 1) {
            *error = QStringLiteral("%1: \"window_ms\" (the range of rate()) must be positive")
                         .arg(where);
            return false;
        }
        r.windowMs = qint64(window.toDouble());
    }
    *rule = r;
    return true;
}

} // namespace infrastage::monitoring
