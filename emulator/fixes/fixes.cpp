#include "fixes.h"

#include "model/topologydata.h"

#include <QCoreApplication>

namespace infrastage {

namespace fixes {
// One function per fix, each in its own file.
bool addLoadBalancerPair(const Finding &, TopologyData *, QString *);
bool addFirewall(const Finding &, TopologyData *, QString *);
bool enableHttps(const Finding &, TopologyData *, QString *);
bool addMonitoring(const Finding &, TopologyData *, QString *);
bool enableFailover(const Finding &, TopologyData *, QString *);
bool addSecondLink(const Finding &, TopologyData *, QString *);
} // namespace fixes

namespace {

struct FixEntry {
    const char *id;
    const char *label;
    bool (*apply)(const Finding &, TopologyData *, QString *);
};

const FixEntry kFixes[] = {
    {"add-lb-pair", QT_TRANSLATE_NOOP("Fixes", "Add a second load balancer (active-passive)"),
     fixes::addLoadBalancerPair},
    {"add-firewall", QT_TRANSLATE_NOOP("Fixes", "Add a firewall in front and on the servers"),
     fixes::addFirewall},
    {"enable-https", QT_TRANSLATE_NOOP("Fixes", "Enable HTTPS and redirect HTTP"),
     fixes::enableHttps},
    {"add-monitoring", QT_TRANSLATE_NOOP("Fixes", "Add monitoring with an agent on every server"),
     fixes::addMonitoring},
    {"enable-failover", QT_TRANSLATE_NOOP("Fixes", "Enable automatic database failover"),
     fixes::enableFailover},
    {"add-second-link", QT_TRANSLATE_NOOP("Fixes", "Add a second network connection"),
     fixes::addSecondLink},
};

const FixEntry *find(const QString &id) {
    for (const FixEntry &f : kFixes) {
        if (id == QLatin1String(f.id))
            return &f;
    }
    return nullptr;
}

} // namespace

QStringList availableFixes() {
    QStringList ids;
    for (const FixEntry &f : kFixes)
        ids.append(QString::fromLatin1(f.id));
    return ids;
}

QString fixLabel(const QString &fixId) {
    const FixEntry *f = find(fixId);
    return f ? QCoreApplication::translate("Fixes", f->label) : QString();
}

bool applyFix(const QString &fixId, const Finding &finding, TopologyData *topology,
              QString *error) {
    const FixEntry *f = find(fixId);
    if (!f) {
        if (error)
            *error =
                QCoreApplication::translate("Fixes", "There is no automatic fix '%1'.").arg(fixId);
        return false;
    }
    // Work on a copy so that a failing fix leaves the topology untouched.
    TopologyData copy = *topology;
    if (!f->apply(finding, &copy, error))
        return false;
    *topology = copy;
    return true;
}

} // namespace infrastage
