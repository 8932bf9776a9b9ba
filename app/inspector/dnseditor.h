#pragma once

#include "nodeeditor.h"

namespace infrastage::gui {

// Inspector form for a DNS server answering for the design's names.
class DnsEditor final : public NodeEditor {
    Q_OBJECT

public:
    explicit DnsEditor(DesignEditor *editor, QWidget *parent = nullptr);
};

} // namespace infrastage::gui
