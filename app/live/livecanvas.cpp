#include "livecanvas.h"

#include "livetagitem.h"
#include "requesttoken.h"
#include "trafficparticles.h"

#include "canvas/diagramscene.h"
#include "canvas/diagramtheme.h"
#include "canvas/linkitem.h"
#include "canvas/nodeitem.h"
#include "events/eventkind.h"

#include <QTimer>

namespace infrastage::gui {

using runtime::RuntimeEvent;
using Status = runtime::NodeStatus;

namespace {
constexpr int kTickMs = 1000;       // traffic labels are per second
constexpr int kTokenTravelMs = 700; // a hop takes this long on screen
} // namespace

LiveCanvas::LiveCanvas(DiagramScene *scene, QObject *parent)
    : QObject(parent)
    , m_scene(scene)
    , m_tick(new QTimer(this)) {
    m_tick->setInterval(kTickMs);
    connect(m_tick, &QTimer::timeout, this, &LiveCanvas::tick);
}

LiveCanvas::~LiveCanvas() = default;

void LiveCanvas::begin(const TopologyData &running) {
    end();
    m_state.begin(running);
    m_live = true;
    cacheNodes(true);
    m_clock.start();
    m_tick->start();
}

void LiveCanvas::beginReplay(const TopologyData &recorded) {
    end();
    m_state.begin(recorded);
    m_live = true;
    m_replay = true;
    cacheNodes(true);
}

void LiveCanvas::cacheNodes(bool on) {
    // Moving dots dirty most of the view each frame; a box then costs a blit of its pixmap
    // instead of laying out its text again. (Redrawn when its look changes.)
    if (m_scene)
        m_scene->setItemCaching(on);
}

void LiveCanvas::end() {
    m_tick->stop();
    hideToken();
    if (m_particles)
        m_particles->clear();
    if (m_live)
        cacheNodes(false);
    m_live = false;
    m_replay = false;
    for (const QPointer<LiveTagItem> &t : std::as_const(m_nodeTags))
        delete t.data();
    for (const QPointer<LiveTagItem> &t : std::as_const(m_linkTags))
        delete t.data();
    m_nodeTags.clear();
    m_linkTags.clear();
    for (auto it = m_state.nodes().cbegin(); m_scene && it != m_state.nodes().cend(); ++it)
        if (NodeItem *item = m_scene->nodeItem(it.key()))
            item->setState(NodeState::Design);
    m_state = CanvasState();
}

void LiveCanvas::setLinkLabels(int labels) {
    m_labels = labels;
    for (auto it = m_state.links().cbegin(); it != m_state.links().cend(); ++it)
        refreshLink(it.key());
}

QString LiveCanvas::linkBetween(const QString &from, const QString &to) const {
    return m_state.linkBetween(from, to);
}

void LiveCanvas::setNodeStatus(const QString &node, runtime::NodeStatus status) {
    if (!m_live || m_replay)
        return;
    m_state.setNodeStatus(node, status);
    refreshChanged();
}

void LiveCanvas::addEvents(const QList<RuntimeEvent> &events) {
    if (!m_live || m_replay)
        return;
    const qint64 now = m_clock.elapsed();
    for (const RuntimeEvent &e : events)
        m_state.apply(e, now);
    refreshChanged();
}

void LiveCanvas::flagNode(const QString &node, const QString &reason) {
    m_state.flagNode(node, reason);
    refreshChanged();
}

void LiveCanvas::tick() {
    m_state.tick(m_clock.elapsed());
    refreshChanged();
    refreshTraffic();
}

void LiveCanvas::showState(const CanvasState &state) {
    if (!m_replay)
        return;
    // Nodes the new state no longer knows go back to their design look.
    for (auto it = m_state.nodes().cbegin(); m_scene && it != m_state.nodes().cend(); ++it) {
        if (!state.nodes().contains(it.key()))
            if (NodeItem *item = m_scene->nodeItem(it.key()))
                item->setState(NodeState::Design);
    }
    for (auto it = m_nodeTags.cbegin(); it != m_nodeTags.cend(); ++it)
        if (!state.nodes().contains(it.key()) && it->data())
            it->data()->setText(QString(), QColor());
    for (auto it = m_linkTags.cbegin(); it != m_linkTags.cend(); ++it)
        if (!state.links().contains(it.key()) && it->data())
            it->data()->setText(QString(), QColor());
    m_state = state;
    m_state.takeChangedNodes();
    m_state.takeChangedLinks();
    for (auto it = m_state.nodes().cbegin(); it != m_state.nodes().cend(); ++it)
        refreshNode(it.key());
    for (auto it = m_state.links().cbegin(); it != m_state.links().cend(); ++it)
        refreshLink(it.key());
    refreshTraffic();
}

void LiveCanvas::refreshChanged() {
    if (!m_scene)
        return;
    for (const QString &node : m_state.takeChangedNodes())
        refreshNode(node);
    for (const QString &link : m_state.takeChangedLinks())
        refreshLink(link);
}

void LiveCanvas::refreshTraffic() {
    if (!m_particles && m_scene)
        m_particles = new TrafficParticles(m_scene, this);
    const auto &links = m_state.links();
    for (auto it = links.cbegin(); m_particles && it != links.cend(); ++it) {
        if (LinkItem *item = m_scene->linkItem(it.key()))
            m_particles->setRate(it.key(), item->path(), it->requests,
                                 it->requests > 0 ? double(it->errors) / it->requests : 0);
    }
}

LiveTagItem *LiveCanvas::nodeTagItem(const QString &node) {
    LiveTagItem *tag = m_nodeTags.value(node).data();
    NodeItem *item = m_scene->nodeItem(node);
    if (!tag && item) {
        tag = new LiveTagItem(item);
        m_nodeTags.insert(node, tag);
    }
    return tag;
}

LiveTagItem *LiveCanvas::linkTagItem(const QString &link) {
    LiveTagItem *tag = m_linkTags.value(link).data();
    LinkItem *item = m_scene->linkItem(link);
    if (!tag && item) {
        tag = new LiveTagItem(item);
        m_linkTags.insert(link, tag);
    }
    return tag;
}

void LiveCanvas::refreshNode(const QString &node) {
    const CanvasState::NodeLive n = m_state.nodes().value(node);
    NodeState look = NodeState::Up;
    switch (n.status) {
    case Status::Starting:
    case Status::Stopping:
        look = NodeState::Starting;
        break;
    case Status::Up:
        look = NodeState::Up;
        break;
    case Status::Slowed:
        look = NodeState::Degraded;
        break;
    case Status::Frozen:
        look = NodeState::Frozen;
        break;
    case Status::Stopped:
    case Status::Down:
        look = NodeState::Down;
        break;
    case Status::Fenced:
        look = NodeState::Fenced;
        break;
    case Status::FailedOver:
        look = NodeState::Promoted;
        break;
    }
    QString text = runtime::nodeStatusName(n.status).toUpper();
    // A load balancer of a VRRP pair: its role, and whether the virtual IP is on it now.
    if (!n.vrrp.isEmpty())
        text += QStringLiteral(" · ") + n.vrrp + (n.holdsVip ? tr(" · holds the VIP") : QString());
    if (!n.failure.isEmpty())
        text = n.status == Status::Stopped ? QStringLiteral("✖ ") + n.failure
                                           : text + QStringLiteral(" · ✖ ") + n.failure;
    if (NodeItem *item = m_scene->nodeItem(node))
        item->setState(look);
    if (LiveTagItem *tag = nodeTagItem(node)) {
        tag->setText(text, n.failure.isEmpty() ? DiagramTheme::stateColor(look)
                                               : DiagramTheme::stateColor(NodeState::Down));
        tag->setToolTip(text);
        tag->setPos(4, -tag->boundingRect().height() / 2);
    }
}

void LiveCanvas::refreshLink(const QString &link) {
    const CanvasState::LinkTraffic t = m_state.links().value(link);
    QStringList parts;
    if (t.cut)
        parts << tr("CUT");
    if (t.delayMs > 0)
        parts << tr("+%1 ms").arg(t.delayMs);
    if (t.lossPercent > 0)
        parts << tr("LOSS %1 %").arg(t.lossPercent);
    if (!t.health.isEmpty())
        parts << t.health;
    if (t.requests > 0) {
        if (m_labels & LabelRate)
            parts << tr("%1/s").arg(t.requests);
        if ((m_labels & LabelLatency) && t.p95Us >= 0)
            parts << tr("p95 %1 ms").arg(double(t.p95Us) / 1000.0, 0, 'f', t.p95Us < 10000 ? 1 : 0);
        if ((m_labels & LabelErrors) && t.errors > 0)
            parts << tr("%1 % errors").arg(100 * t.errors / t.requests);
    }
    LiveTagItem *tag = linkTagItem(link);
    LinkItem *item = m_scene->linkItem(link);
    if (!tag || !item)
        return;
    const bool down = t.cut || t.health == QLatin1String("DOWN");
    const QColor color = down || t.errors > 0 ? DiagramTheme::stateColor(NodeState::Down)
                                              : DiagramTheme::stateColor(NodeState::Up);
    tag->setText(parts.join(QStringLiteral(" · ")), color);
    tag->setToolTip(t.check.isEmpty() ? tag->text() : tag->text() + QLatin1Char('\n') + t.check);
    const QPointF mid = item->path().pointAtPercent(0.5);
    tag->setPos(mid - tag->boundingRect().center());
}

void LiveCanvas::showStep(const runtime::WalkthroughStep &step) {
    if (!m_scene)
        return;
    if (!m_token)
        m_token = new RequestToken(m_scene, this);
    const int status = step.details.value(QLatin1String("status")).toInt();
    m_token->setFailed(status >= 500 || step.kind == EventKind::LbError);
    const QString from = m_state.designNode(step.from), to = m_state.designNode(step.to);
    const QString linkId = from.isEmpty() || from == to ? QString() : linkBetween(from, to);
    if (LinkItem *link = m_scene->linkItem(linkId)) {
        const TopologyData &running = m_state.running();
        const Link *l = running.link(linkId);
        const Node *f = running.node(l->from);
        const bool forward =
            l->from == from || (f && running.host(*f) && running.host(*f)->id == from);
        // A hop names the crossing twice (sent by one end, received by the other): the token
        // crosses once and then waits at the far end.
        const QString crossing = linkId + (forward ? QLatin1String(">") : QLatin1String("<"));
        if (!m_tokenCrossings.contains(crossing)) {
            m_tokenCrossings.insert(crossing);
            m_token->travel(link->path(), !forward, kTokenTravelMs);
            m_tokenPath << linkId;
            return;
        }
    }
    if (NodeItem *item = m_scene->nodeItem(m_state.designNode(step.node)))
        m_token->rest(item->sceneBoundingRect().center());
}

void LiveCanvas::hideToken() {
    if (m_token)
        m_token->hide();
    m_tokenPath.clear();
    m_tokenCrossings.clear();
}

int LiveCanvas::particles() const {
    return m_particles ? m_particles->particles() : 0;
}

QString LiveCanvas::nodeTag(const QString &node) const {
    const LiveTagItem *t = m_nodeTags.value(node).data();
    return t ? t->text() : QString();
}

QString LiveCanvas::linkTag(const QString &link) const {
    const LiveTagItem *t = m_linkTags.value(link).data();
    return t ? t->text() : QString();
}

} // namespace infrastage::gui
