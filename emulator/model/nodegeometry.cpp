#include "nodegeometry.h"

#include "nodecaption.h"
#include "textwidth.h"

#include <cmath>

namespace infrastage::NodeGeometry {

namespace {

using TextWidth::Style;

struct BoxText {
    Style name;
    Style detail;
    qreal minWidth;
    qreal maxWidth;
    qreal inset;
};

BoxText boxText(const Node &node) {
    if (!node.parent.isEmpty())
        return {Style::ComponentName, Style::ComponentDetail, kComponentWidth, kComponentMaxWidth,
                kComponentTextInset};
    return {Style::CardName, Style::CardDetail, kCardWidth, kCardMaxWidth, kCardTextInset};
}

qreal widest(const QStringList &lines, Style style) {
    qreal w = 0;
    for (const QString &l : lines)
        w = qMax(w, TextWidth::of(l, style));
    return w;
}

// The width a card or a component row wants for its own text.
qreal wantedWidth(const Node &node) {
    const BoxText t = boxText(node);
    const qreal room = t.maxWidth - t.inset;
    const qreal name = widest(TextWidth::wrap(node.name, t.name, room), t.name);
    const qreal detail = TextWidth::of(NodeCaption::detail(node), t.detail);
    return qBound(t.minWidth, t.inset + qMax(name, detail), t.maxWidth);
}

// The rows of one server share a width: the widest any of them wants.
qreal componentWidth(const TopologyData &data, const QString &serverId) {
    qreal w = kComponentWidth;
    for (const Node *c : data.children(serverId))
        w = qMax(w, wantedWidth(*c));
    return w;
}

qreal titleWidth(const Node &server) {
    return kServerTitleInset + TextWidth::of(server.name, Style::ServerTitle) +
           TextWidth::of(NodeCaption::detail(server), Style::ServerDetail);
}

QStringList noteLines(const Node &note, qreal width) {
    QStringList lines;
    for (const QString &paragraph : NodeCaption::detail(note).split(QLatin1Char('\n')))
        lines += TextWidth::wrap(paragraph, Style::CardDetail, width - kNoteInset);
    return lines;
}

qreal noteWidth(const Node &note) {
    const QStringList name =
        TextWidth::wrap(note.name, Style::CardName, kNoteMaxWidth - kNoteInset);
    return qBound(kNoteWidth, kNoteInset + widest(name, Style::CardName), kNoteMaxWidth);
}

} // namespace

QSizeF size(const TopologyData &data, const Node &node) {
    if (!node.parent.isEmpty()) {
        const qreal w = componentWidth(data, node.parent);
        const int lines = int(nameLines(data, node).size());
        return {w, kComponentHeight + (lines - 1) * TextWidth::lineHeight(Style::ComponentName)};
    }
    switch (node.kind) {
    case NodeKind::Server: {
        const QList<const Node *> children = data.children(node.id);
        qreal w = qMin(titleWidth(node), kServerMaxWidth);
        w = qMax(w, (children.isEmpty() ? kComponentWidth : componentWidth(data, node.id)) +
                        2 * kServerPadding);
        qreal h = kServerHeader + kServerPadding;
        for (const Node *c : children) {
            const QSizeF s = size(data, *c);
            w = qMax(w, c->position.x() + s.width() + kServerPadding);
            h = qMax(h, c->position.y() + s.height() + kServerPadding);
        }
        return {w, h};
    }
    case NodeKind::Note: {
        const qreal w = noteWidth(node);
        const qreal name =
            (nameLines(data, node).size() - 1) * TextWidth::lineHeight(Style::CardName);
        const qreal text = noteLines(node, w).size() * TextWidth::lineHeight(Style::CardDetail);
        return {w, qMax(kNoteHeight, kNoteTitle + name + text + 12)};
    }
    default: {
        const int lines = int(nameLines(data, node).size());
        return {wantedWidth(node),
                kCardHeight + (lines - 1) * TextWidth::lineHeight(Style::CardName)};
    }
    }
}

QRectF sceneRect(const TopologyData &data, const Node &node) {
    QPointF topLeft = node.position;
    if (!node.parent.isEmpty()) {
        if (const Node *p = data.node(node.parent))
            topLeft += p->position;
    }
    return QRectF(topLeft, size(data, node));
}

const Node *hostAt(const TopologyData &data, const QPointF &scenePos) {
    // Last drawn wins, as on screen.
    const QList<Node> &nodes = data.nodes();
    for (auto it = nodes.crbegin(); it != nodes.crend(); ++it) {
        if (it->parent.isEmpty() && sceneRect(data, *it).contains(scenePos))
            return &*it;
    }
    return nullptr;
}

QPointF snapped(const QPointF &p) {
    return {std::round(p.x() / kGrid) * kGrid, std::round(p.y() / kGrid) * kGrid};
}

QStringList nameLines(const TopologyData &data, const Node &node) {
    const qreal width = !node.parent.isEmpty()        ? componentWidth(data, node.parent)
                        : node.kind == NodeKind::Note ? noteWidth(node)
                                                      : wantedWidth(node);
    return wrapName(node, width);
}

QStringList wrapName(const Node &node, qreal width) {
    if (node.parent.isEmpty() && node.kind == NodeKind::Server)
        return {node.name};
    if (node.parent.isEmpty() && node.kind == NodeKind::Note)
        return TextWidth::wrap(node.name, Style::CardName, width - kNoteInset);
    const BoxText t = boxText(node);
    return TextWidth::wrap(node.name, t.name, width - t.inset);
}

bool nameFits(const TopologyData &data, const Node &node) {
    const qreal w = size(data, node).width();
    if (node.parent.isEmpty() && node.kind == NodeKind::Server)
        return titleWidth(node) <= w;
    if (node.parent.isEmpty() && node.kind == NodeKind::Note)
        return kNoteInset + widest(nameLines(data, node), Style::CardName) <= w;
    const BoxText t = boxText(node);
    return widest(nameLines(data, node), t.name) <= w - t.inset;
}

} // namespace infrastage::NodeGeometry
