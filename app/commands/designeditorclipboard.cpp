// DesignEditor: copy, paste and duplicate.
#include "additemscommand.h"
#include "designeditor.h"
#include "freshnames.h"
#include "io/jsonformat.h"
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

// The selected hosts with all their components and the links among them.
TopologyData fragmentOf(const TopologyData &data, const QStringList &ids) {
    QSet<QString> keep;
    for (const QString &id : ids) {
        const Node *n = data.node(id);
        if (!n || !n->parent.isEmpty())
            continue;
        keep.insert(id);
        for (const Node *c : data.children(id))
            keep.insert(c->id);
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

QStringList DesignEditor::paste() {
    return pasteFragment(clipboardFragment(), tr("Paste"));
}

QStringList DesignEditor::duplicate(const QStringList &ids) {
    return pasteFragment(fragmentOf(data(), ids), tr("Duplicate"));
}

QStringList DesignEditor::pasteFragment(const TopologyData &fragment, const QString &text) {
    if (fragment.nodes().isEmpty())
        return {};
    // Build into a scratch copy so every fresh id, name and address sees the earlier ones.
    TopologyData scratch = data();
    QHash<QString, QString> newId;
    QList<Node> nodes;
    QList<Link> links;
    QStringList hosts;
    for (const Node &original : fragment.nodes()) {
        Node n = original;
        n.id = scratch.uniqueId(original.parent.isEmpty()
                                    ? original.id
                                    : newId.value(original.parent) + QLatin1Char('-') +
                                          nodeKindName(original.kind));
        newId.insert(original.id, n.id);
        if (n.parent.isEmpty()) {
            n.name = FreshNames::freshName(scratch, original.name);
            n.position += QPointF(40, 40);
            const QString ip = n.text(QStringLiteral("ip"));
            if (!ip.isEmpty())
                n.properties.insert(QStringLiteral("ip"), FreshNames::freeAddress(scratch, ip));
            hosts.append(n.id);
        } else {
            n.parent = newId.value(original.parent);
        }
        scratch.appendNode(n);
        nodes.append(n);
    }
    for (const Link &original : fragment.links()) {
        Link l = original;
        l.from = newId.value(original.from);
        l.to = newId.value(original.to);
        l.id = scratch.uniqueId(l.from + QLatin1Char('-') + l.to);
        scratch.appendLink(l);
        links.append(l);
    }
    m_undo->push(new AddItemsCommand(text, m_topology, nodes, links));
    return hosts;
}

} // namespace infrastage::gui
