#include "linkroute.h"

#include "nodegeometry.h"
#include "textwidth.h"

#include <QCoreApplication>

namespace infrastage {

namespace {

QPointF rightMid(const QRectF &r) {
    return {r.right(), r.center().y()};
}
QPointF leftMid(const QRectF &r) {
    return {r.left(), r.center().y()};
}

} // namespace

LinkRoute LinkRoute::between(const QRectF &a, const QRectF &b, bool fromComponent, bool toComponent,
                             bool sameParent, bool labelled) {
    QPointF start, end, c1, c2;
    const QPointF d = b.center() - a.center();
    const bool overlapX = qAbs(d.x()) < (a.width() + b.width()) / 2;
    if (sameParent && !labelled && qAbs(d.y()) <= a.height() + 10) {
        // Neighbouring rows of one server: a short straight arrow.
        start = d.y() > 0 ? QPointF(a.center().x(), a.bottom()) : QPointF(a.center().x(), a.top());
        end = d.y() > 0 ? QPointF(b.center().x(), b.top()) : QPointF(b.center().x(), b.bottom());
        c1 = start;
        c2 = end;
    } else if ((fromComponent || toComponent) && overlapX) {
        // Rows stacked above each other: a bracket on the right, clear of the rows between.
        start = rightMid(a);
        end = rightMid(b);
        const qreal bulge = 30 + qMin<qreal>(80, qAbs(d.y()) * 0.12);
        const qreal x = qMax(start.x(), end.x()) + bulge;
        c1 = QPointF(x, start.y());
        c2 = QPointF(x, end.y());
    } else if (qAbs(d.x()) >= qAbs(d.y()) * 0.5 || overlapX == false) {
        // Left to right, like the reference diagram.
        start = d.x() >= 0 ? rightMid(a) : leftMid(a);
        end = d.x() >= 0 ? leftMid(b) : rightMid(b);
        const qreal k = qMax<qreal>(30, qAbs(end.x() - start.x()) / 2);
        c1 = start + QPointF(d.x() >= 0 ? k : -k, 0);
        c2 = end + QPointF(d.x() >= 0 ? -k : k, 0);
    } else {
        start = d.y() > 0 ? QPointF(a.center().x(), a.bottom()) : QPointF(a.center().x(), a.top());
        end = d.y() > 0 ? QPointF(b.center().x(), b.top()) : QPointF(b.center().x(), b.bottom());
        const qreal k = qMax<qreal>(30, qAbs(end.y() - start.y()) / 2);
        c1 = start + QPointF(0, d.y() > 0 ? k : -k);
        c2 = end + QPointF(0, d.y() > 0 ? -k : k);
    }
    LinkRoute r;
    r.curve[0] = start;
    r.curve[1] = c1;
    r.curve[2] = c2;
    r.curve[3] = end;
    return r;
}

LinkRoute LinkRoute::of(const TopologyData &data, const Link &link) {
    const Node *from = data.node(link.from);
    const Node *to = data.node(link.to);
    if (!from || !to)
        return {};
    const QString label = labelText(link);
    LinkRoute r = between(NodeGeometry::sceneRect(data, *from), NodeGeometry::sceneRect(data, *to),
                          !from->parent.isEmpty(), !to->parent.isEmpty(),
                          !from->parent.isEmpty() && from->parent == to->parent, !label.isEmpty());
    r.setLabel(label);
    return r;
}

QString LinkRoute::labelText(const Link &link) {
    auto tr = [](const char *s) { return QCoreApplication::translate("LinkItem", s); };
    switch (link.kind) {
    case LinkKind::Network:
        return link.text(QStringLiteral("label"));
    case LinkKind::DnsRecord:
        return link.text(QStringLiteral("name"));
    case LinkKind::Replication:
        return tr("replication");
    case LinkKind::Data: {
        const QString access = link.text(QStringLiteral("access"));
        return access == QLatin1String("read")    ? tr("reads")
               : access == QLatin1String("write") ? tr("writes")
                                                  : QString();
    }
    case LinkKind::Backend:
        if (link.flag(QStringLiteral("backup")))
            return tr("backup");
        if (link.number(QStringLiteral("weight")) != 1)
            return tr("weight %1").arg(link.number(QStringLiteral("weight")));
        return QString();
    case LinkKind::Upstream:
        return QString();
    }
    return QString();
}

QPointF LinkRoute::pointAt(qreal t) const {
    const qreal u = 1 - t;
    return u * u * u * curve[0] + 3 * u * u * t * curve[1] + 3 * u * t * t * curve[2] +
           t * t * t * curve[3];
}

void LinkRoute::setLabel(const QString &text) {
    label = text;
    labelRect = QRectF();
    if (text.isEmpty())
        return;
    const QSizeF box(TextWidth::of(text, TextWidth::Style::LinkLabel) + 10,
                     TextWidth::lineHeight(TextWidth::Style::LinkLabel) + 4);
    const QPointF mid = pointAt(0.5);
    labelRect = QRectF(mid - QPointF(box.width() / 2, box.height() / 2), box);
}

} // namespace infrastage
