#include "palettewidget.h"

#include "canvas/diagramview.h"
#include "canvas/iconcache.h"

#include <QMimeData>

namespace infrastage::gui {

namespace {
constexpr int kKindRole = Qt::UserRole + 1;
}

PaletteWidget::PaletteWidget(QWidget *parent)
    : QListWidget(parent) {
    setAccessibleName(tr("Palette"));
    setAccessibleDescription(tr("Drag an entry onto the canvas to add it to the design."));
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setIconSize(QSize(32, 32));
    setSpacing(2);
    setUniformItemSizes(true);
    for (NodeKind kind : kinds()) {
        auto *item = new QListWidgetItem(IconCache::icon(kind), entryLabel(kind), this);
        item->setData(kKindRole, nodeKindName(kind));
        item->setToolTip(kind == NodeKind::Database
                             ? tr("Drop onto a server box: the database becomes part of it.")
                             : tr("Drag onto the canvas to add a %1.").arg(nodeKindLabel(kind)));
    }
    connect(this, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *item) {
        NodeKind kind;
        if (nodeKindFromName(item->data(kKindRole).toString(), &kind))
            Q_EMIT activatedKind(kind);
    });
}

QList<NodeKind> PaletteWidget::kinds() {
    return {NodeKind::Client,   NodeKind::Dns,      NodeKind::LoadBalancer, NodeKind::Server,
            NodeKind::Database, NodeKind::Firewall, NodeKind::Monitoring,   NodeKind::Note};
}

QString PaletteWidget::entryLabel(NodeKind kind) {
    switch (kind) {
    case NodeKind::Client:
        return tr("Client (browser)");
    case NodeKind::Dns:
        return tr("DNS server");
    case NodeKind::LoadBalancer:
        return tr("Load balancer (HAProxy)");
    case NodeKind::Server:
        return tr("Server (Nginx + app + files)");
    case NodeKind::Database:
        return tr("Database (MySQL)");
    case NodeKind::Firewall:
        return tr("Firewall");
    case NodeKind::Monitoring:
        return tr("Monitoring");
    case NodeKind::Note:
        return tr("Text note");
    default:
        return nodeKindLabel(kind);
    }
}

QStringList PaletteWidget::mimeTypes() const {
    return {DiagramView::paletteMimeType()};
}

QMimeData *PaletteWidget::mimeData(const QList<QListWidgetItem *> &items) const {
    if (items.isEmpty())
        return nullptr;
    auto *data = new QMimeData;
    data->setData(DiagramView::paletteMimeType(), items.first()->data(kKindRole).toByteArray());
    return data;
}

} // namespace infrastage::gui
