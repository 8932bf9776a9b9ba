#include "nodeeditor.h"

#include "canvas/iconcache.h"
#include "commands/designeditor.h"
#include "model/kindspec.h"
#include "propertyfield.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace infrastage::gui {

NodeEditor::NodeEditor(NodeKind kind, DesignEditor *editor, QWidget *parent)
    : QWidget(parent)
    , m_kind(kind)
    , m_editor(editor) {}

void NodeEditor::build(const QList<Section> &sections) {
    auto *layout = new QVBoxLayout(this);
    auto *header = new QHBoxLayout;
    auto *icon = new QLabel(this);
    icon->setPixmap(IconCache::icon(m_kind).pixmap(28, 28));
    header->addWidget(icon);
    m_title = new QLabel(this);
    QFont f = m_title->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.15);
    m_title->setFont(f);
    header->addWidget(m_title, 1);
    layout->addLayout(header);

    auto *general = new QFormLayout;
    m_name = new QLineEdit(this);
    m_name->setAccessibleName(tr("Name"));
    general->addRow(tr("&Name"), m_name);
    m_nameError = new QLabel(this);
    m_nameError->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    m_nameError->hide();
    general->addRow(QString(), m_nameError);
    layout->addLayout(general);
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString &text) {
        QString error;
        m_editor->setNodeName(m_nodeId, text, &error);
        m_nameError->setText(error);
        m_nameError->setVisible(!error.isEmpty());
    });

    const NodeKindSpec &spec = nodeKindSpec(m_kind);
    for (const Section &section : sections) {
        auto *box = new QGroupBox(section.title, this);
        auto *form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        form->setRowWrapPolicy(QFormLayout::WrapLongRows); // long labels above their field
        for (const QString &key : section.keys) {
            const PropertySpec *p = spec.property(key);
            if (!p)
                continue;
            auto *field = new PropertyField(*p, box);
            m_fields.insert(key, field);
            form->addRow(p->label, field);
            connect(field, &PropertyField::edited, this, [this, field, key](const QVariant &v) {
                QString error;
                m_editor->setNodeProperty(m_nodeId, key, v, &error);
                field->setError(error);
            });
        }
        layout->addWidget(box);
    }
    m_extras = new QVBoxLayout;
    layout->addLayout(m_extras);
    layout->addStretch(1);
}

void NodeEditor::setNode(const Node &node) {
    if (m_nodeId != node.id) {
        // Another node: forget errors left from the previous one.
        for (PropertyField *f : std::as_const(m_fields))
            f->setError(QString());
        m_nameError->hide();
    }
    m_nodeId = node.id;
    m_title->setText(QStringLiteral("%1 · %2").arg(nodeKindLabel(node.kind), node.id));
    if (m_name->text() != node.name && m_nameError->isHidden())
        m_name->setText(node.name);
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        it.value()->setValue(node.properties.value(it.key()));
}

} // namespace infrastage::gui
