// DesignEditor: copy, paste and duplicate.
#include "additemscommand.h"
#include "designeditor.h"
#include "io/jsonformat.h"
#include "model/componentplacement.h"
#include "model/freeaddress.h"
#include "model/freshname.h"
#include "model/topology.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QSet>

namespace infrastage::gui {

namespace {

// One clipboard for every window of the program; the system clipboard gets the JSON text.
TopologyData &clipboardFragment() {
    static TopologyData fragment;
    return fragment;
}

// The selected hosts with all their components, the selected components of servers that are
// not selected (their `parent` still names the server they came from), and the links among
// them.
TopologyData fragmentOf(const TopologyData &data, const QStringList &ids) {
    QSet<QString> keep;
    for (const QString &id : ids) {
        const Node *n = data.node(id);
        if (!n)
            continue;
        keep.insert(id);
        if (n->parent.isEmpty()) {
            for (const Node *c : data.children(id))
                keep.insert(c->id);
        }
    }
    TopologyData fragment;
    for (const Node &n : data.nodes()) {
        if (keep.contains(n.id))
            fragment.appendNode(n);
    }
    for (const Link &l : data.links()) {
        if (keep.contains(l.from) && keep.contains(l.to))
            fragment.appendLink(l);
    }
    return fragment;
}

} // namespace

void DesignEditor::copy(const QStringList &ids) {
    const TopologyData fragment = fragmentOf(data(), ids);
    if (fragment.nodes().isEmpty())
        return;
    clipboardFragment() = fragment;
    if (QClipboard *clipboard = QGuiApplication::clipboard())
        clipboard->setText(QString::fromUtf8(JsonFormat::write(fragment)));
}

bool DesignEditor::canPaste() const {
    return !clipboardFragment().nodes().isEmpty();
}

QStringList DesignEditor::paste(const QString &targetServer) {
    return pasteFragment(clipboardFragment(), tr("Paste"), targetServer);
}

QStringList DesignEditor::duplicate(const QStringList &ids) {
    // A duplicated component stays in the server it came from.
    QString server;
    for (const QString &id : ids) {
        const Node *n = data().node(id);
        if (n && !n->parent.isEmpty() && !ids.contains(n->parent)) {
            server = n->parent;
            break;
        }
    }
    return pasteFragment(fragmentOf(data(), ids), tr("Duplicate"), server);
}

QStringList DesignEditor::pasteFragment(const TopologyData &fragment, const QString &text,
                                        const QString &targetServer) {
    if (refusedWhileLocked())
        return {};
    if (fragment.nodes().isEmpty())
        return {};
    const Node *target = data().node(targetServer);
    if (target && target->kind != NodeKind::Server)
        target = nullptr;
    // Build into a scratch copy so every fresh id, name and address sees the earlier ones.
    TopologyData scratch = data();
    QHash<QString, QString> newId;
    QList<Node> nodes;
    QList<Link> links;
    QStringList selected;
    int orphans = 0;
    for (const Node &original : fragment.nodes()) {
        Node n = original;
        // A component whose server was not copied goes into the target server.
        const bool orphan = !original.parent.isEmpty() && !fragment.node(original.parent);
        if (orphan && !target) {
            ++orphans;
            continue;
        }
        const QString parent = orphan ? target->id : newId.value(original.parent, original.parent);
        n.id = scratch.uniqueId(original.parent.isEmpty()
                                    ? original.id
                                    : parent + QLatin1Char('-') + nodeKindName(original.kind));
        newId.insert(original.id, n.id);
        if (orphan) {
            n.parent = parent;
            n.position = ComponentPlacement::next(scratch, parent);
            selected.append(n.id);
        } else if (n.parent.isEmpty()) {
            n.name = FreshName::forHost(scratch, original.name);
            n.position += QPointF(40, 40);
            const QString ip = n.text(QStringLiteral("ip"));
            if (!ip.isEmpty())
                n.properties.insert(QStringLiteral("ip"), FreeAddress::from(scratch, ip));
            selected.append(n.id);
        } else {
            n.parent = parent;
        }
        scratch.appendNode(n);
        nodes.append(n);
    }
    if (orphans > 0)
        Q_EMIT statusMessage(
            tr("Select a server to paste %n component(s) into.", nullptr, orphans));
    if (nodes.isEmpty())
        return {};
    for (const Link &original : fragment.links()) {
        if (!newId.contains(original.from) || !newId.contains(original.to))
            continue;
        Link l = original;
        l.from = newId.value(original.from);
        l.to = newId.value(original.to);
        l.id = scratch.uniqueId(l.from + QLatin1Char('-') + l.to);
        scratch.appendLink(l);
        links.append(l);
    }
    m_undo->push(new AddItemsCommand(text, m_topology, nodes, links));
    return selected;
}

} // namespace infrastage::gui
