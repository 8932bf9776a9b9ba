#include "removeitemscommand.h"

#include "model/topology.h"

#include <QSet>

namespace infrastage::gui {

namespace {
TopologyDiff removals(const TopologyData &data, const QStringList &ids) {
    QSet<QString> nodes;
    QSet<QString> links;
    for (const QString &id : ids) {
        if (data.node(id)) {
            nodes.insert(id);
            for (const Node *c : data.children(id))
                nodes.insert(c->id);
        } else if (data.link(id)) {
            links.insert(id);
        }
    }
    TopologyDiff d;
    for (int i = 0; i < data.links().size(); ++i) {
        const Link &l = data.links().at(i);
        if (links.contains(l.id) || nodes.contains(l.from) || nodes.contains(l.to))
            d.removeLink(i, l);
    }
    for (int i = 0; i < data.nodes().size(); ++i) {
        if (nodes.contains(data.nodes().at(i).id))
            d.removeNode(i, data.nodes().at(i));
    }
    return d;
}
} // namespace

RemoveItemsCommand::RemoveItemsCommand(const QString &text, Topology *topology,
                                       const QStringList &ids)
    : DiffCommand(text, topology, removals(topology->data(), ids)) {}

} // namespace infrastage::gui
