#include "linkeditor.h"

#include "commands/designeditor.h"
#include "model/kindspec.h"
#include "propertyfield.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace infrastage::gui {

LinkEditor::LinkEditor(DesignEditor *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor) {
    auto *layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    QFont f = m_title->font();
    f.setBold(true);
    m_title->setFont(f);
    layout->addWidget(m_title);
    m_ends = new QLabel(this);
    m_ends->setWordWrap(true);
    layout->addWidget(m_ends);
    m_form = new QFormLayout;
    layout->addLayout(m_form);
    layout->addStretch(1);
}

void LinkEditor::setLink(const Link &link) {
    const TopologyData &data = m_editor->data();
    if (link.id != m_linkId || link.kind != m_kind || m_fields.isEmpty()) {
        while (m_form->rowCount() > 0)
            m_form->removeRow(0);
        m_fields.clear();
        m_linkId = link.id;
        m_kind = link.kind;
        for (const PropertySpec &p : linkKindSpec(link.kind).properties) {
            auto *field = new PropertyField(p, this);
            m_fields.insert(p.key, field);
            m_form->addRow(p.label, field);
            const QString key = p.key;
            connect(field, &PropertyField::edited, this, [this, field, key](const QVariant &v) {
                QString error;
                m_editor->setLinkProperty(m_linkId, key, v, &error);
                field->setError(error);
            });
        }
    }
    auto name = [&](const QString &id) {
        const Node *n = data.node(id);
        return n ? n->name : id;
    };
    m_title->setText(tr("%1 link · %2").arg(linkKindLabel(link.kind), link.id));
    m_ends->setText(tr("From %1 to %2").arg(name(link.from), name(link.to)));
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        it.value()->setValue(link.properties.value(it.key()));
}

} // namespace infrastage::gui
