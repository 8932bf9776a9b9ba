#pragma once

#include "nodeeditor.h"

namespace infrastage::gui {

// Inspector form for a firewall: standalone in front of hosts, or on a server.
class FirewallEditor final : public NodeEditor {
    Q_OBJECT

public:
    explicit FirewallEditor(DesignEditor *editor, QWidget *parent = nullptr);
};

} // namespace infrastage::gui
