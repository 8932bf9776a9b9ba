// Fix "add-second-link": a network connection that is a single point of failure gets a second
// one beside it (the reference design's "multiple ISP connections with failover"). Between
// the internet and the design the two are labelled ISP A and ISP B.
#include "fixsupport.h"

#include "analysis/finding.h"

#include <QCoreApplication>

namespace infrastage::fixes {

bool addSecondLink(const Finding &finding, TopologyData *t, QString *error) {
    // A link's finding names its ends, then the link.
    const Link *l = finding.nodes.isEmpty() ? nullptr : t->link(finding.nodes.last());
    if (!l || l->kind != LinkKind::Network)
        return fail(error,
                    QCoreApplication::translate("Fixes", "The finding names no network link."));
    const Node *a = t->node(l->from);
    const Node *b = t->node(l->to);
    const bool toInternet =
        (a && a->kind == NodeKind::Client) || (b && b->kind == NodeKind::Client);
    const QString label = l->text(QStringLiteral("label"));
    Link first = *l;
    Link second = *l;
    second.id = t->uniqueId(l->id);
    if (toInternet) {
        if (label.isEmpty() || label.compare(QLatin1String("Internet"), Qt::CaseInsensitive) == 0)
            first.properties.insert(QStringLiteral("label"), QStringLiteral("ISP A"));
        second.properties.insert(QStringLiteral("label"), QStringLiteral("ISP B"));
    } else if (!label.isEmpty()) {
        second.properties.insert(QStringLiteral("label"), label + QStringLiteral(" (second)"));
    }
    t->replaceLink(first);
    t->insertLink(t->linkIndex(l->id) + 1, second);
    return true;
}

} // namespace infrastage::fixes
