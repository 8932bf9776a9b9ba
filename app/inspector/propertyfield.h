#pragma once

#include "model/propertyspec.h"

#include <QWidget>

class QLabel;

namespace infrastage::gui {

// One editable property: the widget its type calls for (a line edit, a check box, a choice)
// and, below it, the reason the last value typed was refused.
class PropertyField final : public QWidget {
    Q_OBJECT

public:
    explicit PropertyField(const PropertySpec &spec, QWidget *parent = nullptr);

    const PropertySpec &spec() const { return m_spec; }
    // Shows `value` without emitting edited(); left alone while the user is fixing an error.
    void setValue(const QVariant &value);
    void setError(const QString &error);
    QString error() const;
    QWidget *editor() const { return m_editor; }

Q_SIGNALS:
    void edited(const QVariant &value);

private:
    PropertySpec m_spec;
    QWidget *m_editor = nullptr;
    QLabel *m_error = nullptr;
    bool m_updating = false;
};

} // namespace infrastage::gui
