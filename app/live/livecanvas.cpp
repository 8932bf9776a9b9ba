#include "livecanvas.h"

#include "livetagitem.h"
#include "requesttoken.h"
#include "trafficparticles.h"

#include "canvas/diagramscene.h"
#include "canvas/diagramtheme.h"
#include "canvas/linkitem.h"
#include "canvas/nodeitem.h"
#include "events/eventkind.h"

#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace infrastage::gui {

using runtime::RuntimeEvent;
using Status = runtime::NodeStatus;

namespace {
constexpr qint64 kFailureShownMs = 6000; // a failure badge stays this long after the last one
constexpr int kTickMs = 1000;            // traffic labels are per second
constexpr int kTokenTravelMs = 700;      // a hop takes this long on screen

QString str(const RuntimeEvent &e, const char *key) {
    return e.details.value(QLatin1String(key)).toString();
}
int num(const RuntimeEvent &e, const char *key) {
    return e.details.value(QLatin1String(key)).toInt();
}
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
    m_running = running;
    // Every event names a hop by its two ends (a component or its server): the link it takes is
    // looked up, not searched for, since a load brings thousands of events a second.
    m_linkIndex.clear();
    auto names = [this](const QString &id) {
        QStringList out{id};
        const Node *n = m_running.node(id);
        if (const Node *h = n ? m_running.host(*n) : nullptr; h && h->id != id)
            out << h->id;
        return out;
    };
    for (const Link &l : m_running.links()) {
        for (const QString &a : names(l.from)) {
            for (const QString &b : names(l.to)) {
                if (!m_linkIndex.contains(a + QLatin1Char('\n') + b))
                    m_linkIndex.insert(a + QLatin1Char('\n') + b, l.id);
                if (!m_linkIndex.contains(b + QLatin1Char('\n') + a))
                    m_linkIndex.insert(b + QLatin1Char('\n') + a, l.id);
            }
        }
    }
    m_live = true;
    m_clock.start();
    m_tick->start();
}

void LiveCanvas::end() {
    m_tick->stop();
    hideToken();
    if (m_particles)
        m_particles->clear();
    m_live = false;
    for (const QPointer<LiveTagItem> &t : std::as_const(m_nodeTags))
        delete t.data();
    for (const QPointer<LiveTagItem> &t : std::as_const(m_linkTags))
        delete t.data();
    m_nodeTags.clear();
    m_linkTags.clear();
    for (auto it = m_nodes.cbegin(); m_scene && it != m_nodes.cend(); ++it)
        if (NodeItem *item = m_scene->nodeItem(it.key()))
            item->setState(NodeState::Design);
    m_nodes.clear();
    m_links.clear();
    m_window.clear();
}

void LiveCanvas::setLinkLabels(int labels) {
    m_labels = labels;
    const QStringList links = m_links.keys();
    for (const QString &link : links)
        refreshLink(link);
}

QString LiveCanvas::linkBetween(const QString &from, const QString &to) const {
    return m_linkIndex.value(from + QLatin1Char('\n') + to);
}

void LiveCanvas::setNodeStatus(const QString &node, runtime::NodeStatus status) {
    if (!m_live)
        return;
    m_nodes[node].status = status;
    refreshNode(node);
}

void LiveCanvas::addEvents(const QList<RuntimeEvent> &events) {
    if (!m_live)
        return;
    for (const RuntimeEvent &e : events)
        apply(e);
}

void LiveCanvas::apply(const RuntimeEvent &e) {
    const QString &k = e.kind;
    auto count = [this](const QString &link, bool error, int latencyUs = -1) {
        if (link.isEmpty())
            return;
        LinkTraffic &w = m_window[link];
        ++w.requests;
        w.errors += error;
        if (latencyUs >= 0)
            w.latencyUs.append(latencyUs);
    };
    if (k == EventKind::LbResponse) {
        const bool failed = num(e, "status") >= 500;
        count(linkBetween(e.node, str(e, "server")), failed, num(e, "server_us"));
        // ... and the link the answer goes back to the users by.
        const QString client = designNode(runtime::BrowserNode);
        if (client != runtime::BrowserNode)
            count(linkBetween(client, e.node), failed, num(e, "duration_us"));
    } else if (k == EventKind::LbError) {
        fail(e.node, QStringLiteral("%1: %2").arg(num(e, "status")).arg(str(e, "reason")),
             kFailureShownMs);
        if (!str(e, "server").isEmpty())
            count(linkBetween(e.node, str(e, "server")), true);
    } else if (k == EventKind::WebForward) {
        count(linkBetween(e.node, str(e, "upstream")), false);
    } else if (k == EventKind::WebResponse) {
        if (num(e, "status") >= 500 && !str(e, "error").isEmpty())
            fail(e.node, QStringLiteral("%1: %2").arg(num(e, "status")).arg(str(e, "error")),
                 kFailureShownMs);
    } else if (k == EventKind::LbHealth) {
        const QString link = linkBetween(e.node, str(e, "server"));
        if (link.isEmpty())
            return;
        m_links[link].health = str(e, "to");
        m_links[link].check = str(e, "check");
        refreshLink(link);
    } else if (k == EventKind::RuntimeFault) {
        const QString fault = str(e, "fault");
        const QString link = linkBetween(e.node, str(e, "peer"));
        if (link.isEmpty())
            return;
        LinkTraffic &t = m_links[link];
        if (fault == QLatin1String("cut") || fault == QLatin1String("heal"))
            t.cut = fault == QLatin1String("cut");
        else if (fault == QLatin1String("delay"))
            t.delayMs = int(num(e, "ms"));
        else if (fault == QLatin1String("loss"))
            t.lossPercent = int(num(e, "percent"));
        refreshLink(link);
    } else if (k == EventKind::RuntimeStartFailed) {
        // The start stops here: the nodes that failed say why.
        QStringList failed;
        for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
            if (it->status == Status::Down)
                failed << it.key();
        for (const QString &node : std::as_const(failed))
            flagNode(node, str(e, "error"));
    } else if (k == EventKind::RuntimeReady) {
        // A load balancer starts with every server UP, as HAProxy does.
        for (const Link &l : m_running.links()) {
            if (l.kind == LinkKind::Backend && l.from == e.node && m_links[l.id].health.isEmpty()) {
                m_links[l.id].health = QStringLiteral("UP");
                refreshLink(l.id);
            }
        }
    }
}

void LiveCanvas::fail(const QString &node, const QString &reason, qint64 shownMs) {
    NodeLive &n = m_nodes[node];
    n.failure = reason;
    n.failureUntil = m_clock.elapsed() + shownMs;
    refreshNode(node);
}

void LiveCanvas::flagNode(const QString &node, const QString &reason) {
    m_nodes[node].status = Status::Stopped;
    fail(node, reason, std::numeric_limits<qint64>::max() / 2);
}

void LiveCanvas::tick() {
    for (auto it = m_window.begin(); it != m_window.end(); ++it) {
        LinkTraffic &t = m_links[it.key()];
        t.requests = it->requests;
        t.errors = it->errors;
        t.p95Us = -1;
        if (!it->latencyUs.isEmpty()) {
            QList<int> &v = it->latencyUs;
            const auto at = v.begin() + std::min<qsizetype>(v.size() - 1, v.size() * 95 / 100);
            std::nth_element(v.begin(), at, v.end());
            t.p95Us = *at;
        }
    }
    for (auto it = m_links.begin(); it != m_links.end(); ++it) {
        if (!m_window.contains(it.key())) {
            it->requests = it->errors = 0;
            it->p95Us = -1;
        }
        refreshLink(it.key());
    }
    m_window.clear();
    if (!m_particles && m_scene)
        m_particles = new TrafficParticles(m_scene, this);
    for (auto it = m_links.cbegin(); m_particles && it != m_links.cend(); ++it) {
        if (LinkItem *item = m_scene->linkItem(it.key()))
            m_particles->setRate(it.key(), item->path(), it->requests,
                                 it->requests > 0 ? double(it->errors) / it->requests : 0);
    }
    const qint64 now = m_clock.elapsed();
    for (auto it = m_nodes.begin(); it != m_nodes.end(); ++it) {
        if (!it->failure.isEmpty() && it->failureUntil < now) {
            it->failure.clear();
            refreshNode(it.key());
        }
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
    const NodeLive &n = m_nodes[node];
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
    const LinkTraffic &t = m_links[link];
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

QString LiveCanvas::designNode(const QString &runNode) const {
    // The walkthrough's browser is the design's client, where the design draws one.
    if (runNode == runtime::BrowserNode) {
        for (const Node &n : m_running.nodes())
            if (n.kind == NodeKind::Client)
                return n.id;
    }
    return runNode;
}

void LiveCanvas::showStep(const runtime::WalkthroughStep &step) {
    if (!m_scene)
        return;
    if (!m_token)
        m_token = new RequestToken(m_scene, this);
    const int status = step.details.value(QLatin1String("status")).toInt();
    m_token->setFailed(status >= 500 || step.kind == EventKind::LbError);
    const QString from = designNode(step.from), to = designNode(step.to);
    const QString linkId = from.isEmpty() || from == to ? QString() : linkBetween(from, to);
    if (LinkItem *link = m_scene->linkItem(linkId)) {
        const Link *l = m_running.link(linkId);
        const Node *f = m_running.node(l->from);
        const bool forward =
            l->from == from || (f && m_running.host(*f) && m_running.host(*f)->id == from);
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
    if (NodeItem *item = m_scene->nodeItem(designNode(step.node)))
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
