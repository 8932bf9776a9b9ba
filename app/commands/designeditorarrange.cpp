// DesignEditor: align, distribute and the tidy layout (TidyLayout, shared with the CLI).
#include "designeditor.h"
#include "model/nodegeometry.h"
#include "model/topology.h"
#include "tidylayout.h"

#include <algorithm>

namespace infrastage::gui {

QList<QString> DesignEditor::hostIds(const QStringList &ids) const {
    QList<QString> hosts;
    for (const QString &id : ids) {
        const Node *n = data().node(id);
        if (n && n->parent.isEmpty())
            hosts.append(id);
    }
    return hosts;
}

void DesignEditor::align(const QStringList &ids, Edge edge) {
    const QList<QString> hosts = hostIds(ids);
    if (hosts.size() < 2)
        return;
    QRectF bounds;
    for (const QString &id : hosts)
        bounds = bounds.united(NodeGeometry::sceneRect(data(), *data().node(id)));
    QHash<QString, QPointF> positions;
    for (const QString &id : hosts) {
        const QRectF r = NodeGeometry::sceneRect(data(), *data().node(id));
        QPointF p = r.topLeft();
        switch (edge) {
        case Edge::Left:
            p.setX(bounds.left());
            break;
        case Edge::HCenter:
            p.setX(bounds.center().x() - r.width() / 2);
            break;
        case Edge::Right:
            p.setX(bounds.right() - r.width());
            break;
        case Edge::Top:
            p.setY(bounds.top());
            break;
        case Edge::VCenter:
            p.setY(bounds.center().y() - r.height() / 2);
            break;
        case Edge::Bottom:
            p.setY(bounds.bottom() - r.height());
            break;
        }
        positions.insert(id, p);
    }
    moveNodes(positions, 0, tr("Align"));
}

void DesignEditor::distribute(const QStringList &ids, Qt::Orientation orientation) {
    QList<QString> hosts = hostIds(ids);
    if (hosts.size() < 3)
        return;
    const bool horizontal = orientation == Qt::Horizontal;
    auto rect = [this](const QString &id) {
        return NodeGeometry::sceneRect(data(), *data().node(id));
    };
    std::sort(hosts.begin(), hosts.end(), [&](const QString &a, const QString &b) {
        return horizontal ? rect(a).left() < rect(b).left() : rect(a).top() < rect(b).top();
    });
    // Equal gaps between neighbours, the outer two staying where they are.
    qreal total = 0;
    for (const QString &id : hosts)
        total += horizontal ? rect(id).width() : rect(id).height();
    const QRectF first = rect(hosts.first());
    const QRectF last = rect(hosts.last());
    const qreal span = horizontal ? last.right() - first.left() : last.bottom() - first.top();
    const qreal gap = (span - total) / (hosts.size() - 1);
    qreal cursor = horizontal ? first.left() : first.top();
    QHash<QString, QPointF> positions;
    for (const QString &id : hosts) {
        const QRectF r = rect(id);
        positions.insert(id, horizontal ? QPointF(cursor, r.top()) : QPointF(r.left(), cursor));
        cursor += (horizontal ? r.width() : r.height()) + gap;
    }
    moveNodes(positions, 0, tr("Distribute"));
}

bool DesignEditor::autoLayout(QString *error) {
    QHash<QString, QPointF> positions;
    if (!TidyLayout::compute(data(), &positions, error))
        return false;
    moveNodes(positions, 0, tr("Tidy layout"));
    return true;
}

} // namespace infrastage::gui
