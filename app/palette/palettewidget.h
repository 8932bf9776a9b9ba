#pragma once

#include "model/nodekind.h"

#include <QListWidget>

namespace infrastage::gui {

// The palette: one entry per thing a user can put on the canvas, dragged onto it (or
// double-clicked to add at the centre of the view).
class PaletteWidget final : public QListWidget {
    Q_OBJECT

public:
    explicit PaletteWidget(QWidget *parent = nullptr);

    static QList<NodeKind> kinds();
    static QString entryLabel(NodeKind kind);

Q_SIGNALS:
    void activatedKind(infrastage::NodeKind kind);

protected:
    QMimeData *mimeData(const QList<QListWidgetItem *> &items) const override;
    QStringList mimeTypes() const override;
};

} // namespace infrastage::gui
