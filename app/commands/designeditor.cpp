#include "designeditor.h"

#include "additemscommand.h"
#include "editnodecommand.h"
#include "fixes/fixes.h"
#include "model/componentplacement.h"
#include "model/freeaddress.h"
#include "model/freshname.h"
#include "model/kindspec.h"
#include "model/nodegeometry.h"
#include "model/topology.h"
#include "model/validator.h"
#include "movenodescommand.h"
#include "removeitemscommand.h"
#include "transformcommand.h"

#include <QUndoStack>

namespace infrastage::gui {

DesignEditor::DesignEditor(Topology *topology, QUndoStack *undoStack, QObject *parent)
    : QObject(parent)
    , m_topology(topology)
    , m_undo(undoStack) {}

const TopologyData &DesignEditor::data() const {
    return m_topology->data();
}

bool DesignEditor::fail(QString *error, const QString &message) const {
    if (error)
        *error = message;
    return false;
}

bool DesignEditor::refusedWhileLocked(QString *error) {
    if (m_lockReason.isEmpty())
        return false;
    if (error)
        *error = m_lockReason;
    else
        emit statusMessage(m_lockReason);
    return true;
}

namespace {

QString capitalised(const QString &s) {
    return s.isEmpty() ? s : s.at(0).toUpper() + s.mid(1);
}

// A component row of `server` at the next free place.
Node component(const TopologyData &data, NodeKind kind, const QString &serverId,
               const QString &name, QPointF position) {
    Node n = makeNode(
        kind, data.uniqueId(QStringLiteral("%1-%2").arg(serverId, nodeKindName(kind))), name);
    n.parent = serverId;
    n.position = position;
    if (kind == NodeKind::Firewall || kind == NodeKind::Monitoring)
        n.properties.insert(QStringLiteral("ip"), QString()); // a host firewall or agent
    return n;
}

bool hasPrimary(const TopologyData &data) {
    for (const Node &n : data.nodes()) {
        if (n.kind == NodeKind::Database &&
            n.text(QStringLiteral("role")) == QLatin1String("primary"))
            return true;
    }
    return false;
}

} // namespace

QString DesignEditor::addNode(NodeKind kind, const QPointF &scenePos, QString *error) {
    if (refusedWhileLocked(error))
        return QString();
    const TopologyData &d = data();
    const NodeKindSpec &spec = nodeKindSpec(kind);
    const Node *host = NodeGeometry::hostAt(d, scenePos);
    const bool intoServer =
        host && host->kind == NodeKind::Server && spec.placement != Placement::Host;
    if (spec.placement == Placement::Component && !intoServer) {
        fail(error, tr("A %1 belongs inside a server: drop it onto a server box.")
                        .arg(nodeKindLabel(kind)));
        return QString();
    }
    if (intoServer) {
        QString name = capitalised(nodeKindLabel(kind));
        Node n = component(d, kind, host->id, name, ComponentPlacement::next(d, host->id));
        if (kind == NodeKind::Database) {
            const bool replica = hasPrimary(d);
            n.properties.insert(QStringLiteral("role"),
                                replica ? QStringLiteral("replica") : QStringLiteral("primary"));
            n.name = replica ? tr("MySQL Replica Database") : tr("MySQL Primary Database");
        } else if (kind == NodeKind::Firewall) {
            n.name = tr("Host Firewall");
        } else if (kind == NodeKind::Monitoring) {
            n.name = tr("Monitoring Agent");
        }
        m_undo->push(new AddItemsCommand(tr("Add %1 to %2").arg(nodeKindLabel(kind), host->name),
                                         m_topology, {n}, {}));
        return n.id;
    }

    const QString id = d.uniqueId(nodeKindName(kind));
    Node n = makeNode(kind, id);
    n.name = kind == NodeKind::Server ? FreshName::forHost(d, tr("Server 1"))
                                      : FreshName::forHost(d, capitalised(nodeKindLabel(kind)));
    const QString address = FreeAddress::forKind(d, kind);
    if (!address.isEmpty())
        n.properties.insert(QStringLiteral("ip"), address);
    QList<Node> nodes{n};
    QList<Link> links;
    if (kind == NodeKind::Server) {
        // A server holds Nginx, an application server and the application files, wired up.
        TopologyData scratch = d;
        scratch.appendNode(n);
        auto add = [&](NodeKind k, const QString &name, int row) {
            Node c = component(scratch, k, id, name, ComponentPlacement::row(row));
            scratch.appendNode(c);
            nodes.append(c);
            return c.id;
        };
        const QString web = add(NodeKind::Web, tr("Nginx Web Server"), 0);
        const QString app = add(NodeKind::App, tr("Application Server"), 1);
        add(NodeKind::Files, tr("Application Files"), 2);
        links.append(makeLink(LinkKind::Upstream,
                              scratch.uniqueId(id + QStringLiteral("-upstream")), web, app));
    }
    const QSizeF size = [&] {
        TopologyData scratch = d;
        for (const Node &x : nodes)
            scratch.appendNode(x);
        return NodeGeometry::size(scratch, n);
    }();
    const QPointF topLeft =
        NodeGeometry::snapped(scenePos - QPointF(size.width(), size.height()) / 2);
    nodes[0].position = topLeft;
    m_undo->push(
        new AddItemsCommand(tr("Add %1").arg(nodeKindLabel(kind)), m_topology, nodes, links));
    return id;
}

bool DesignEditor::canConnect(const QString &fromId, const QString &toId, QString *error) const {
    const Node *from = data().node(fromId);
    const Node *to = data().node(toId);
    if (!from || !to)
        return fail(error, tr("Drop the link onto another node."));
    if (fromId == toId)
        return fail(error, tr("A node cannot be linked to itself."));
    LinkKind kind;
    if (!inferLinkKind(from->kind, to->kind, &kind))
        return fail(error, tr("No link can go from a %1 to a %2.")
                               .arg(nodeKindLabel(from->kind), nodeKindLabel(to->kind)));
    for (const Link *l : data().linksFrom(fromId)) {
        if (l->to == toId && l->kind == kind)
            return fail(error, tr("%1 is already linked to %2.").arg(from->name, to->name));
    }
    return true;
}

QString DesignEditor::connectNodes(const QString &fromId, const QString &toId, QString *error) {
    if (refusedWhileLocked(error))
        return QString();
    if (!canConnect(fromId, toId, error))
        return QString();
    const Node *from = data().node(fromId);
    const Node *to = data().node(toId);
    LinkKind kind;
    inferLinkKind(from->kind, to->kind, &kind);
    Link link = makeLink(kind, data().uniqueId(fromId + QLatin1Char('-') + toId), fromId, toId);
    if (kind == LinkKind::Data && to->text(QStringLiteral("role")) == QLatin1String("replica"))
        link.properties.insert(QStringLiteral("access"), QStringLiteral("read"));
    // The model may still refuse it (a replica fed by two primaries, ...): ask the validator.
    TopologyData check = data();
    check.appendLink(link);
    for (const ValidationIssue &issue : validateTopology(check)) {
        if (issue.linkId == link.id && issue.structural) {
            fail(error, issue.message);
            return QString();
        }
    }
    m_undo->push(
        new AddItemsCommand(tr("Link %1 to %2 (%3)").arg(from->name, to->name, linkKindLabel(kind)),
                            m_topology, {}, {link}));
    return link.id;
}

void DesignEditor::remove(const QStringList &ids) {
    if (refusedWhileLocked())
        return;
    if (ids.isEmpty())
        return;
    auto *command = new RemoveItemsCommand(
        ids.size() == 1
            ? tr("Delete %1")
                  .arg(data().node(ids.first()) ? data().node(ids.first())->name : tr("link"))
            : tr("Delete %n items", nullptr, int(ids.size())),
        m_topology, ids);
    if (command->diff().isEmpty()) {
        delete command;
        return;
    }
    m_undo->push(command);
}

bool DesignEditor::moveComponent(const QString &id, const QString &serverId, QString *error) {
    if (refusedWhileLocked(error))
        return false;
    const Node *n = data().node(id);
    const Node *server = data().node(serverId);
    if (!n || n->parent.isEmpty())
        return fail(error, tr("Only a part of a server can be moved into another server."));
    if (!server || server->kind != NodeKind::Server) {
        const Node *home = data().node(n->parent);
        return fail(error, tr("%1 stays in %2: drop it onto another server to move it there, or "
                              "drag the server by its title to move both.")
                               .arg(n->name, home ? home->name : n->parent));
    }
    if (server->id == n->parent)
        return fail(error, tr("%1 is already in %2.").arg(n->name, server->name));
    TopologyData after = data();
    const QString from = n->parent;
    Node moved = *n;
    moved.parent = server->id;
    moved.position = ComponentPlacement::next(after, server->id);
    after.replaceNode(moved);
    // Close the gap it leaves: the remaining parts keep their order, one step apart.
    QList<const Node *> rest = after.children(from);
    std::stable_sort(rest.begin(), rest.end(), [](const Node *a, const Node *b) {
        return a->position.y() < b->position.y();
    });
    QList<Node> restacked;
    for (const Node *c : std::as_const(rest)) {
        Node r = *c;
        r.position.setY(ComponentPlacement::row(int(restacked.size())).y());
        restacked.append(r);
    }
    for (const Node &r : std::as_const(restacked))
        after.replaceNode(r);
    m_undo->push(
        new TransformCommand(tr("Move %1 to %2").arg(n->name, server->name), m_topology, after));
    return true;
}

void DesignEditor::moveNodes(const QHash<QString, QPointF> &positions, int session,
                             const QString &text) {
    auto *command =
        new MoveNodesCommand(text.isEmpty() ? tr("Move") : text, m_topology, positions, session);
    if (command->diff().isEmpty()) {
        delete command;
        return;
    }
    m_undo->push(command);
}

bool DesignEditor::setNodeName(const QString &id, const QString &name, QString *error) {
    if (refusedWhileLocked(error))
        return false;
    const Node *n = data().node(id);
    if (!n)
        return fail(error, tr("No such node."));
    if (name.trimmed().isEmpty())
        return fail(error, tr("A name cannot be empty."));
    if (n->name == name)
        return true;
    Node edited = *n;
    edited.name = name;
    m_undo->push(new EditNodeCommand(tr("Rename %1").arg(n->name), m_topology, edited,
                                     QStringLiteral("name")));
    return true;
}

bool DesignEditor::checkNodeProperty(const QString &id, const QString &key, const QVariant &value,
                                     QString *error) const {
    const Node *n = data().node(id);
    if (!n)
        return fail(error, tr("No such node."));
    const PropertySpec *spec = nodeKindSpec(n->kind).property(key);
    if (!spec)
        return fail(error, tr("A %1 has no property '%2'.").arg(nodeKindLabel(n->kind), key));
    QVariant coerced;
    if (!coercePropertyValue(*spec, value, &coerced))
        return fail(error, checkPropertyValue(*spec, value));
    const QString why = checkPropertyValue(*spec, coerced);
    if (!why.isEmpty())
        return fail(error, why);
    // Rules across nodes (a duplicate address, a port taken on the same server).
    TopologyData check = data();
    Node edited = *n;
    edited.properties.insert(key, coerced);
    check.replaceNode(edited);
    for (const ValidationIssue &issue : validateTopology(check)) {
        if (issue.nodeId == id && issue.field == key)
            return fail(error, issue.message);
    }
    return true;
}

bool DesignEditor::setNodeProperty(const QString &id, const QString &key, const QVariant &value,
                                   QString *error) {
    if (refusedWhileLocked(error))
        return false;
    if (!checkNodeProperty(id, key, value, error))
        return false;
    const Node *n = data().node(id);
    const PropertySpec *spec = nodeKindSpec(n->kind).property(key);
    QVariant coerced;
    coercePropertyValue(*spec, value, &coerced);
    if (n->properties.value(key) == coerced)
        return true;
    Node edited = *n;
    edited.properties.insert(key, coerced);
    m_undo->push(new EditNodeCommand(tr("Change %1 of %2").arg(spec->label, n->name), m_topology,
                                     edited, key));
    return true;
}

bool DesignEditor::setLinkProperty(const QString &id, const QString &key, const QVariant &value,
                                   QString *error) {
    if (refusedWhileLocked(error))
        return false;
    const Link *l = data().link(id);
    if (!l)
        return fail(error, tr("No such link."));
    const PropertySpec *spec = linkKindSpec(l->kind).property(key);
    if (!spec)
        return fail(error, tr("This link has no property '%1'.").arg(key));
    QVariant coerced;
    if (!coercePropertyValue(*spec, value, &coerced))
        return fail(error, checkPropertyValue(*spec, value));
    const QString why = checkPropertyValue(*spec, coerced);
    if (!why.isEmpty())
        return fail(error, why);
    if (l->properties.value(key) == coerced)
        return true;
    Link edited = *l;
    edited.properties.insert(key, coerced);
    m_undo->push(new EditLinkCommand(tr("Change %1 of link %2").arg(spec->label, l->id), m_topology,
                                     edited, key));
    return true;
}

bool DesignEditor::applyFix(const Finding &finding, QString *error) {
    if (refusedWhileLocked(error))
        return false;
    if (finding.fixId.isEmpty())
        return fail(error, tr("This finding has no automatic fix."));
    TopologyData after = data();
    QString why;
    if (!infrastage::applyFix(finding.fixId, finding, &after, &why))
        return fail(error, why);
    m_undo->push(new TransformCommand(tr("Fix: %1").arg(finding.title), m_topology, after));
    return true;
}

} // namespace infrastage::gui
