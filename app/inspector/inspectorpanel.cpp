#include "inspectorpanel.h"

#include "canvas/diagramscene.h"
#include "commands/designeditor.h"
#include "linkeditor.h"
#include "model/topology.h"
#include "nodeeditor.h"

#include <QLabel>
#include <QStackedWidget>

namespace infrastage::gui {

InspectorPanel::InspectorPanel(DiagramScene *scene, DesignEditor *editor, QWidget *parent)
    : QScrollArea(parent)
    , m_scene(scene)
    , m_editor(editor) {
    setAccessibleName(tr("Inspector"));
    setWidgetResizable(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // the form narrows with the dock
    setFrameShape(QFrame::NoFrame);
    m_stack = new QStackedWidget(this);
    m_hint = new QLabel(tr("Select a node or a link to edit its properties."), m_stack);
    m_hint->setWordWrap(true);
    m_hint->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_hint->setMargin(12);
    m_stack->addWidget(m_hint);
    m_linkEditor = new LinkEditor(editor, m_stack);
    m_stack->addWidget(m_linkEditor);
    setWidget(m_stack);

    connect(scene, &QGraphicsScene::selectionChanged, this, &InspectorPanel::refresh);
    const Topology *topology = scene->topology();
    connect(topology, &Topology::changed, this, &InspectorPanel::refresh);
    refresh();
}

NodeEditor *InspectorPanel::currentNodeEditor() const {
    return qobject_cast<NodeEditor *>(m_stack->currentWidget());
}

void InspectorPanel::refresh() {
    const QStringList nodes = m_scene->selectedNodeIds();
    const QStringList links = m_scene->selectedLinkIds();
    const TopologyData &data = m_editor->data();
    if (nodes.size() == 1 && links.isEmpty()) {
        const Node *n = data.node(nodes.first());
        if (n) {
            NodeEditor *e = m_editors.value(n->kind);
            if (!e) {
                e = NodeEditor::create(n->kind, m_editor, m_stack);
                m_editors.insert(n->kind, e);
                m_stack->addWidget(e);
            }
            e->setNode(*n);
            m_stack->setCurrentWidget(e);
            return;
        }
    }
    if (links.size() == 1 && nodes.isEmpty()) {
        if (const Link *l = data.link(links.first())) {
            m_linkEditor->setLink(*l);
            m_stack->setCurrentWidget(m_linkEditor);
            return;
        }
    }
    const qsizetype count = nodes.size() + links.size();
    m_hint->setText(count == 0
                        ? tr("Select a node or a link to edit its properties.")
                        : tr("%n items selected. Select one to edit it.", nullptr, int(count)));
    m_stack->setCurrentWidget(m_hint);
}

} // namespace infrastage::gui
