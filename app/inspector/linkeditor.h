#pragma once

#include "model/link.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QFormLayout;

namespace infrastage::gui {

class DesignEditor;
class PropertyField;

// Inspector form for a link: what it joins, its kind, and its properties.
class LinkEditor final : public QWidget {
    Q_OBJECT

public:
    explicit LinkEditor(DesignEditor *editor, QWidget *parent = nullptr);
    void setLink(const Link &link);
    QString linkId() const { return m_linkId; }
    PropertyField *field(const QString &key) const { return m_fields.value(key); }

private:
    DesignEditor *m_editor;
    QString m_linkId;
    LinkKind m_kind = LinkKind::Network;
    QLabel *m_title;
    QLabel *m_ends;
    QFormLayout *m_form;
    QHash<QString, PropertyField *> m_fields;
};

} // namespace infrastage::gui
