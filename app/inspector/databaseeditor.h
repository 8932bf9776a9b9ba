#pragma once

#include "nodeeditor.h"

namespace infrastage::gui {

// Inspector form for a MySQL-style database: role, replication and failover.
class DatabaseEditor final : public NodeEditor {
    Q_OBJECT

public:
    explicit DatabaseEditor(DesignEditor *editor, QWidget *parent = nullptr);
};

} // namespace infrastage::gui
