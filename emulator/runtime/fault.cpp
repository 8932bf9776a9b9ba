#include "fault.h"

#include <QStringList>

namespace infrastage::runtime {

namespace {
const struct {
    FaultKind kind;
    const char *name;
} kNames[] = {
    {FaultKind::Kill, "kill"},       {FaultKind::Freeze, "freeze"},   {FaultKind::Resume, "resume"},
    {FaultKind::Slow, "slow"},       {FaultKind::Cut, "cut"},         {FaultKind::Heal, "heal"},
    {FaultKind::Restart, "restart"}, {FaultKind::Promote, "promote"}, {FaultKind::Delay, "delay"},
    {FaultKind::Loss, "loss"},
};
} // namespace

QString faultKindName(FaultKind kind) {
    for (const auto &n : kNames) {
        if (n.kind == kind)
            return QString::fromLatin1(n.name);
    }
    return QString();
}

bool faultNeedsPeer(FaultKind kind) {
    return kind == FaultKind::Cut || kind == FaultKind::Heal || kind == FaultKind::Delay ||
           kind == FaultKind::Loss;
}

bool faultNeedsNumber(FaultKind kind) {
    return kind == FaultKind::Slow || kind == FaultKind::Delay || kind == FaultKind::Loss;
}

bool roleTakesDelayAndLoss(const QString &role) {
    return role == QLatin1String("lb") || role == QLatin1String("web") ||
           role == QLatin1String("app");
}

bool faultKindFromName(const QString &name, FaultKind *kind) {
    for (const auto &n : kNames) {
        if (name == QLatin1String(n.name)) {
            *kind = n.kind;
            return true;
        }
    }
    return false;
}

QString Fault::describe() const {
    QString s = faultKindName(kind) + QLatin1Char(' ') + node;
    if (kind == FaultKind::Slow)
        s += QStringLiteral(" %1 ms").arg(ms);
    if (faultNeedsPeer(kind) && !peer.isEmpty())
        s += QStringLiteral(" <-> ") + peer;
    if (kind == FaultKind::Delay)
        s += QStringLiteral(" %1 ms").arg(ms);
    if (kind == FaultKind::Loss)
        s += QStringLiteral(" %1 %").arg(percent);
    return s;
}

bool parseFault(const QString &spec, Fault *fault, QString *error) {
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    const qsizetype at = spec.lastIndexOf(QLatin1Char('@'));
    QStringList kinds;
    for (const auto &n : kNames)
        kinds << QString::fromLatin1(n.name);
    if (colon <= 0 || at < colon) {
        *error = QStringLiteral("fault '%1': expected KIND:NODE[=ARG]@SECONDS (kinds: %2)")
                     .arg(spec, kinds.join(QStringLiteral(", ")));
        return false;
    }
    Fault f;
    if (!faultKindFromName(spec.left(colon), &f.kind)) {
        *error = QStringLiteral("fault '%1': unknown kind '%2' (kinds: %3)")
                     .arg(spec, spec.left(colon), kinds.join(QStringLiteral(", ")));
        return false;
    }
    QString target = spec.mid(colon + 1, at - colon - 1);
    bool ok = false;
    f.at = spec.mid(at + 1).toDouble(&ok);
    if (!ok || f.at < 0) {
        *error = QStringLiteral("fault '%1': '%2' is not a number of seconds")
                     .arg(spec, spec.mid(at + 1));
        return false;
    }
    const qsizetype eq = target.indexOf(QLatin1Char('='));
    const QString arg = eq >= 0 ? target.mid(eq + 1) : QString();
    f.node = eq >= 0 ? target.left(eq) : target;
    if (f.node.isEmpty()) {
        *error = QStringLiteral("fault '%1': no node").arg(spec);
        return false;
    }
    if (f.kind == FaultKind::Slow) {
        f.ms = arg.isEmpty() ? 200 : arg.toInt(&ok);
        if (!arg.isEmpty() && (!ok || f.ms < 0)) {
            *error = QStringLiteral("fault '%1': slow takes milliseconds, e.g. slow:NODE=200@1")
                         .arg(spec);
            return false;
        }
    } else if (f.kind == FaultKind::Delay || f.kind == FaultKind::Loss) {
        const bool loss = f.kind == FaultKind::Loss;
        const qsizetype comma = arg.lastIndexOf(QLatin1Char(','));
        f.peer = arg.left(comma);
        const int n = comma > 0 ? arg.mid(comma + 1).toInt(&ok) : -1;
        if (comma <= 0 || f.peer.isEmpty() || !ok || n < 0 || (loss && n > 100)) {
            *error = QStringLiteral("fault '%1': %2 needs both ends and %3, e.g. %4")
                         .arg(spec, faultKindName(f.kind),
                              loss ? "a percentage (0-100)" : "milliseconds",
                              loss ? "loss:NODE=PEER,30@2" : "delay:NODE=PEER,200@2");
            return false;
        }
        (loss ? f.percent : f.ms) = n;
    } else if (f.kind == FaultKind::Cut || f.kind == FaultKind::Heal) {
        f.peer = arg; // empty: `node` is the id of a link to the internet (cut:isp-a@2)
    } else if (!arg.isEmpty()) {
        *error =
            QStringLiteral("fault '%1': %2 takes no argument").arg(spec, faultKindName(f.kind));
        return false;
    }
    *fault = f;
    return true;
}

} // namespace infrastage::runtime
