#include "propertyfield.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace infrastage::gui {

PropertyField::PropertyField(const PropertySpec &spec, QWidget *parent)
    : QWidget(parent)
    , m_spec(spec) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    switch (spec.type) {
    case PropertyType::Bool: {
        auto *box = new QCheckBox(this);
        connect(box, &QCheckBox::toggled, this, [this](bool on) {
            if (!m_updating)
                Q_EMIT edited(on);
        });
        m_editor = box;
        break;
    }
    case PropertyType::Enum: {
        auto *combo = new QComboBox(this);
        combo->addItems(spec.choices);
        connect(combo, &QComboBox::activated, this, [this, combo](int) {
            if (!m_updating)
                Q_EMIT edited(combo->currentText());
        });
        m_editor = combo;
        break;
    }
    default: {
        // Numbers too: a spin box could not even show the "70000" a user typed.
        auto *line = new QLineEdit(this);
        line->setClearButtonEnabled(spec.optional);
        if (spec.type == PropertyType::IPv4)
            line->setPlaceholderText(spec.optional ? tr("none") : tr("e.g. 192.168.1.10"));
        connect(line, &QLineEdit::textEdited, this, [this](const QString &text) {
            if (!m_updating)
                Q_EMIT edited(text);
        });
        m_editor = line;
        break;
    }
    }
    m_editor->setAccessibleName(spec.label);
    m_editor->setToolTip(spec.label);
    layout->addWidget(m_editor);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setAccessibleName(tr("%1: error").arg(spec.label));
    QPalette p = m_error->palette();
    p.setColor(QPalette::WindowText, QColor(0xd3, 0x2f, 0x2f));
    m_error->setPalette(p);
    m_error->hide();
    layout->addWidget(m_error);
}

void PropertyField::setValue(const QVariant &value) {
    if (!m_error->isHidden())
        return; // keep what the user typed in view until it is corrected
    m_updating = true;
    if (auto *box = qobject_cast<QCheckBox *>(m_editor))
        box->setChecked(value.toBool());
    else if (auto *combo = qobject_cast<QComboBox *>(m_editor))
        combo->setCurrentText(value.toString());
    else if (auto *line = qobject_cast<QLineEdit *>(m_editor)) {
        if (line->text() != value.toString())
            line->setText(value.toString());
    }
    m_updating = false;
}

void PropertyField::setError(const QString &error) {
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    m_editor->setStyleSheet(error.isEmpty() ? QString()
                                            : QStringLiteral("border: 1px solid #d32f2f;"));
}

QString PropertyField::error() const {
    return m_error->isHidden() ? QString() : m_error->text();
}

} // namespace infrastage::gui
