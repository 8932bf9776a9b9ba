#include "additemscommand.h"

#include "model/topology.h"

namespace infrastage::gui {

namespace {
TopologyDiff additions(const TopologyData &data, const QList<Node> &nodes,
                       const QList<Link> &links) {
    TopologyDiff d;
    int n = int(data.nodes().size());
    for (const Node &node : nodes)
        d.addNode(n++, node);
    int l = int(data.links().size());
    for (const Link &link : links)
        d.addLink(l++, link);
    return d;
}
} // namespace

AddItemsCommand::AddItemsCommand(const QString &text, Topology *topology, const QList<Node> &nodes,
                                 const QList<Link> &links)
    : DiffCommand(text, topology, additions(topology->data(), nodes, links)) {}

} // namespace infrastage::gui
