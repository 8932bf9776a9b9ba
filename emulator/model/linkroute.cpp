#include "linkroute.h"

#include "nodegeometry.h"
#include "textwidth.h"

#include <QCoreApplication>

namespace infrastage {

namespace {

constexpr int kSamples = 40;        // points of the curve tested against the boxes
constexpr qreal kClearance = 4;     // a curve passing this close to a box counts as crossing it
constexpr qreal kDetourStep = 30;   // how far each try moves the control points
constexpr int kDetourSteps = 14;    // tries on each side
constexpr qreal kReachMargin = 400; // the farthest a bent curve or its label strays
constexpr qreal kLaneGap = 22;      // between parallel links: more than a label's height

QPointF rightMid(const QRectF &r) {
    return {r.right(), r.center().y()};
}
QPointF leftMid(const QRectF &r) {
    return {r.left(), r.center().y()};
}

LinkRoute direct(const LinkEnds &e, bool labelled) {
    const QRectF &a = e.from;
    const QRectF &b = e.to;
    QPointF start, end, c1, c2;
    const QPointF d = b.center() - a.center();
    const bool overlapX = qAbs(d.x()) < (a.width() + b.width()) / 2;
    if (e.sameParent && !labelled && qAbs(d.y()) <= a.height() + 10) {
        // Neighbouring rows of one server: a short straight arrow.
        start = d.y() > 0 ? QPointF(a.center().x(), a.bottom()) : QPointF(a.center().x(), a.top());
        end = d.y() > 0 ? QPointF(b.center().x(), b.top()) : QPointF(b.center().x(), b.bottom());
        c1 = start;
        c2 = end;
    } else if ((e.fromComponent || e.toComponent) && overlapX) {
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
    // A parallel link moves aside as a whole, across the way it leaves its start.
    const bool sideways = start.y() == c1.y() && start != c1;
    const QPointF aside = sideways ? QPointF(0, e.lane) : QPointF(e.lane, 0);
    LinkRoute r;
    r.curve[0] = start + aside;
    r.curve[1] = c1 + aside;
    r.curve[2] = c2 + aside;
    r.curve[3] = end + aside;
    return r;
}

// The points crosses() tests, computed once per candidate curve: a large design offers a
// link hundreds of boxes to clear.
struct Samples {
    QPointF points[kSamples - 1];
    QRectF bounds;

    explicit Samples(const LinkRoute &r) {
        QPointF low(1e300, 1e300), high(-1e300, -1e300);
        for (int i = 1; i < kSamples; ++i) {
            const QPointF p = r.pointAt(qreal(i) / kSamples);
            points[i - 1] = p;
            low = QPointF(qMin(low.x(), p.x()), qMin(low.y(), p.y()));
            high = QPointF(qMax(high.x(), p.x()), qMax(high.y(), p.y()));
        }
        bounds = QRectF(low, high);
    }
    bool inside(const QRectF &box) const {
        const QRectF near = box.adjusted(-kClearance, -kClearance, kClearance, kClearance);
        // QRectF::intersects is false for a flat rectangle: a straight link's bounds are one.
        if (!near.intersects(bounds.adjusted(-1, -1, 1, 1)))
            return false;
        for (const QPointF &p : points) {
            if (near.contains(p))
                return true;
        }
        return false;
    }
};

// Past this many boxes near one link the design is a dense grid no person draws: the link
// stays straight rather than make opening it slow.
constexpr int kMaxObstacles = 80;

bool clear(const LinkRoute &r, const QList<QRectF> &obstacles) {
    const Samples samples(r);
    for (const QRectF &box : obstacles) {
        if (samples.inside(box) || (!r.labelRect.isEmpty() && r.labelRect.intersects(box)))
            return false;
    }
    return true;
}

} // namespace

LinkRoute LinkRoute::between(const LinkEnds &ends, const QString &label,
                             const QList<QRectF> &obstacles) {
    LinkRoute r = direct(ends, !label.isEmpty());
    r.setLabel(label);
    if (obstacles.isEmpty() || obstacles.size() > kMaxObstacles || clear(r, obstacles))
        return r;
    // Bend the curve to one side, then the other, further each time: both control points move
    // across the way the curve leaves its start.
    const bool leavesSideways = r.curve[1].y() == r.curve[0].y() && r.curve[1] != r.curve[0];
    for (int step = 1; step <= kDetourSteps; ++step) {
        for (const qreal sign : {1.0, -1.0}) {
            const qreal off = sign * step * kDetourStep;
            const QPointF shift = leavesSideways ? QPointF(0, off) : QPointF(off, 0);
            LinkRoute bent = r;
            bent.curve[1] += shift;
            bent.curve[2] += shift;
            bent.setLabel(label);
            if (clear(bent, obstacles))
                return bent;
        }
    }
    return r; // nothing clear within reach: the check reports the crossing
}

QRectF LinkRoute::reach(const QRectF &from, const QRectF &to) {
    return from.united(to).adjusted(-kReachMargin, -kReachMargin, kReachMargin, kReachMargin);
}

QStringList LinkRoute::endIds(const TopologyData &data, const Link &link) {
    QStringList ids{link.from, link.to};
    for (const QString &end : {link.from, link.to}) {
        const Node *n = data.node(end);
        if (const Node *host = n ? data.host(*n) : nullptr; host && host != n)
            ids.append(host->id);
    }
    return ids;
}

bool LinkEnds::of(const TopologyData &data, const Link &link, LinkEnds *ends) {
    const Node *from = data.node(link.from);
    const Node *to = data.node(link.to);
    if (!from || !to)
        return false;
    ends->from = NodeGeometry::sceneRect(data, *from);
    ends->to = NodeGeometry::sceneRect(data, *to);
    ends->fromComponent = !from->parent.isEmpty();
    ends->toComponent = !to->parent.isEmpty();
    ends->sameParent = ends->fromComponent && from->parent == to->parent;
    ends->lane = laneOf(data, link);
    return true;
}

qreal LinkEnds::laneOf(const TopologyData &data, const Link &link) {
    // Counted from the same end for every link of the pair, so that each gets its own lane.
    const QString &one = qMin(link.from, link.to);
    const QString &other = one == link.from ? link.to : link.from;
    QList<const Link *> around = data.linksFrom(one);
    for (const Link *l : data.linksTo(one)) {
        if (l->from != l->to) // a loop is in both lists
            around.append(l);
    }
    int count = 0, index = 0;
    for (const Link *l : std::as_const(around)) {
        if ((l->from == one ? l->to : l->from) != other)
            continue;
        if (l->id == link.id)
            index = count;
        ++count;
    }
    return count < 2 ? 0 : (index - (count - 1) / 2.0) * kLaneGap;
}

LinkRoute LinkRoute::of(const TopologyData &data, const Link &link) {
    LinkEnds ends;
    if (!LinkEnds::of(data, link, &ends))
        return {};
    const QStringList endBoxes = endIds(data, link);
    return route(ends, labelText(link), [&](const QRectF &area) {
        QList<QRectF> obstacles;
        for (const Node &n : data.nodes()) {
            if (endBoxes.contains(n.id))
                continue;
            const QRectF box = NodeGeometry::sceneRect(data, n);
            if (box.intersects(area))
                obstacles.append(box);
        }
        return obstacles;
    });
}

QRectF LinkRoute::extent() const {
    QRectF r = Samples(*this).bounds.adjusted(-kClearance - 1, -kClearance - 1, kClearance + 1,
                                              kClearance + 1);
    return labelRect.isEmpty() ? r : r.united(labelRect);
}

bool LinkRoute::clearOf(const QList<QRectF> &obstacles) const {
    return clear(*this, obstacles);
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

bool LinkRoute::crosses(const QRectF &box) const {
    // The first and last samples sit on the ends' edges, which may touch a neighbour.
    return Samples(*this).inside(box);
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
