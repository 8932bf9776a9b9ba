#pragma once

#include "model/nodekind.h"

#include <QHash>
#include <QScrollArea>

class QLabel;
class QStackedWidget;

namespace infrastage {
class Topology;
}

namespace infrastage::gui {

class DesignEditor;
class DiagramScene;
class LinkEditor;
class NodeEditor;

// The inspector: the editor of the one selected node (by its kind) or link, kept up to date
// with the model; a hint when nothing or several things are selected.
class InspectorPanel final : public QScrollArea {
    Q_OBJECT

public:
    InspectorPanel(DiagramScene *scene, DesignEditor *editor, QWidget *parent = nullptr);

    // The editor shown now, or null.
    NodeEditor *currentNodeEditor() const;
    LinkEditor *linkEditor() const { return m_linkEditor; }

private:
    void refresh();

    DiagramScene *m_scene;
    DesignEditor *m_editor;
    QStackedWidget *m_stack;
    QLabel *m_hint;
    LinkEditor *m_linkEditor;
    QHash<NodeKind, NodeEditor *> m_editors;
};

} // namespace infrastage::gui
