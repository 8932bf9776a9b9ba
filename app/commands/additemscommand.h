#pragma once

#include "diffcommand.h"

namespace infrastage::gui {

// Adds nodes and links at the end of the document: a drop from the palette, a new link,
// a paste or a duplicate.
class AddItemsCommand final : public DiffCommand {
public:
    AddItemsCommand(const QString &text, Topology *topology, const QList<Node> &nodes,
                    const QList<Link> &links);
};

} // namespace infrastage::gui
