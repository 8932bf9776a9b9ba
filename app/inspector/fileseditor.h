#pragma once

#include "nodeeditor.h"

namespace infrastage::gui {

// Inspector form for the application files of a server.
class FilesEditor final : public NodeEditor {
    Q_OBJECT

public:
    explicit FilesEditor(DesignEditor *editor, QWidget *parent = nullptr);
};

} // namespace infrastage::gui
