#include "appeditor.h"

namespace infrastage::gui {

AppEditor::AppEditor(DesignEditor *editor, QWidget *parent)
    : NodeEditor(NodeKind::App, editor, parent) {
    build({{tr("Application server"),
            {QStringLiteral("port"), QStringLiteral("workers"),
             QStringLiteral("read_your_writes")}}});
}

} // namespace infrastage::gui
