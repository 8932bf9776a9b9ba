#pragma once

#include "diffcommand.h"

#include <QStringList>

namespace infrastage::gui {

// Removes nodes and links by id; a removed node takes its components and every link touching
// any of them along.
class RemoveItemsCommand final : public DiffCommand {
public:
    RemoveItemsCommand(const QString &text, Topology *topology, const QStringList &ids);
};

} // namespace infrastage::gui
