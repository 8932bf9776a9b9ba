#pragma once

#include "model/node.h"

#include <QHash>
#include <QWidget>

class QFormLayout;
class QLineEdit;
class QLabel;
class QVBoxLayout;

namespace infrastage::gui {

class DesignEditor;
class PropertyField;

// The inspector's form for one node kind: the name, then the kind's properties in titled
// sections. Each edit goes to the DesignEditor as one undoable command; a refused value stays
// in the field with the reason under it. Kind editors only choose sections and add extras.
class NodeEditor : public QWidget {
    Q_OBJECT

public:
    NodeEditor(NodeKind kind, DesignEditor *editor, QWidget *parent = nullptr);

    // The editor for `kind`.
    static NodeEditor *create(NodeKind kind, DesignEditor *editor, QWidget *parent = nullptr);

    NodeKind kind() const { return m_kind; }
    QString nodeId() const { return m_nodeId; }
    // Shows `node`; called again whenever the model changes it.
    virtual void setNode(const Node &node);
    PropertyField *field(const QString &key) const { return m_fields.value(key); }
    QLineEdit *nameEdit() const { return m_name; }

protected:
    struct Section {
        QString title;
        QStringList keys;
    };
    // Builds the form; subclasses call it from their constructor with their sections.
    void build(const QList<Section> &sections);
    QVBoxLayout *extrasLayout() const { return m_extras; }
    DesignEditor *designEditor() const { return m_editor; }

private:
    NodeKind m_kind;
    DesignEditor *m_editor;
    QString m_nodeId;
    QLineEdit *m_name = nullptr;
    QLabel *m_nameError = nullptr;
    QLabel *m_title = nullptr;
    QHash<QString, PropertyField *> m_fields;
    QVBoxLayout *m_extras = nullptr;
};

} // namespace infrastage::gui
