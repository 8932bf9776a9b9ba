// Fix "enable-https": TLS terminated at the entry load balancers, plain HTTP redirected.
#include "fixsupport.h"

#include "analysis/finding.h"

#include <QCoreApplication>

namespace infrastage::fixes {

bool enableHttps(const Finding &finding, TopologyData *t, QString *error) {
    const QList<const Node *> lbs = findingNodes(*t, finding.nodes, NodeKind::LoadBalancer);
    if (lbs.isEmpty())
        return fail(error, QCoreApplication::translate(
                               "Fixes", "HTTPS is terminated at a load balancer: put one in front "
                                        "of the servers first."));
    QStringList ids;
    for (const Node *lb : lbs)
        ids.append(lb->id);
    for (const QString &id : ids) {
        setProperty(t, id, QStringLiteral("tls"), true);
        setProperty(t, id, QStringLiteral("redirect_http"), true);
    }
    return true;
}

} // namespace infrastage::fixes
