#include "canvasstate.h"

#include "detailfields.h"

#include "events/eventkind.h"
#include "gateway/walkthroughstep.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace infrastage::gui {

using runtime::RuntimeEvent;
using Status = runtime::NodeStatus;

namespace {
constexpr qint64 kFailureShownMs = 6000; // a failure badge stays this long after the last one
} // namespace

void CanvasState::begin(const TopologyData &running) {
    *this = CanvasState();
    m_running = running;
    // Every event names a hop by its two ends (a component or its server): the link it takes is
    // looked up, not searched for, since a load brings thousands of events a second.
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
}

QString CanvasState::linkBetween(const QString &from, const QString &to) const {
    return m_linkIndex.value(from + QLatin1Char('\n') + to);
}

void CanvasState::setNodeStatus(const QString &node, Status status) {
    m_nodes[node].status = status;
    m_changedNodes.insert(node);
}

void CanvasState::count(const QString &link, bool error, int latencyUs) {
    if (link.isEmpty())
        return;
    LinkTraffic &w = m_window[link];
    ++w.requests;
    w.errors += error;
    if (latencyUs >= 0)
        w.latencyUs.append(latencyUs);
}

void CanvasState::apply(const RuntimeEvent &e, qint64 nowMs) {
    const QString &k = e.kind;
    // Read from the text only for the kinds read here: most events are none of them.
    std::optional<DetailFields> fields;
    auto d = [&]() -> const DetailFields & {
        if (!fields)
            fields.emplace(e);
        return *fields;
    };
    auto str = [](const DetailFields &f, const char *key) { return f.text(QLatin1String(key)); };
    auto num = [](const DetailFields &f, const char *key) {
        return int(f.number(QLatin1String(key)));
    };
    if (k == EventKind::LbResponse) {
        const bool failed = num(d(), "status") >= 500;
        count(linkBetween(e.node, str(d(), "server")), failed, num(d(), "server_us"));
        // ... and the link the answer goes back to the users by.
        const QString client = designNode(runtime::BrowserNode);
        if (client != runtime::BrowserNode)
            count(linkBetween(client, e.node), failed, num(d(), "duration_us"));
    } else if (k == EventKind::LbError) {
        fail(e.node, QStringLiteral("%1: %2").arg(num(d(), "status")).arg(str(d(), "reason")),
             nowMs + kFailureShownMs);
        if (!str(d(), "server").isEmpty())
            count(linkBetween(e.node, str(d(), "server")), true);
    } else if (k == EventKind::WebForward) {
        count(linkBetween(e.node, str(d(), "upstream")), false);
    } else if (k == EventKind::WebResponse) {
        if (num(d(), "status") >= 500 && !str(d(), "error").isEmpty())
            fail(e.node, QStringLiteral("%1: %2").arg(num(d(), "status")).arg(str(d(), "error")),
                 nowMs + kFailureShownMs);
    } else if (k == EventKind::LbHealth) {
        const QString link = linkBetween(e.node, str(d(), "server"));
        if (link.isEmpty())
            return;
        m_links[link].health = str(d(), "to");
        m_links[link].check = str(d(), "check");
        m_changedLinks.insert(link);
    } else if (k == EventKind::RuntimeFault) {
        const QString fault = str(d(), "fault");
        // An internet link's cut names the link: two ISP links may join the same two nodes.
        const QString named = str(d(), "link");
        const QString link = named.isEmpty() ? linkBetween(e.node, str(d(), "peer")) : named;
        if (link.isEmpty())
            return;
        LinkTraffic &t = m_links[link];
        if (fault == QLatin1String("cut") || fault == QLatin1String("heal"))
            t.cut = fault == QLatin1String("cut");
        else if (fault == QLatin1String("delay"))
            t.delayMs = num(d(), "ms");
        else if (fault == QLatin1String("loss"))
            t.lossPercent = num(d(), "percent");
        m_changedLinks.insert(link);
    } else if (k == EventKind::VrrpState) {
        m_nodes[e.node].vrrp = str(d(), "to");
        m_changedNodes.insert(e.node);
    } else if (k == EventKind::VrrpVipAcquired || k == EventKind::VrrpVipReleased) {
        m_nodes[e.node].holdsVip = k == EventKind::VrrpVipAcquired;
        m_changedNodes.insert(e.node);
    } else if (k == EventKind::RuntimeExited) {
        // A process that ended holds no VRRP state, nor the VIP.
        if (const auto it = m_nodes.find(e.node); it != m_nodes.end() && !it->vrrp.isEmpty()) {
            it->vrrp.clear();
            it->holdsVip = false;
            m_changedNodes.insert(e.node);
        }
    } else if (k == EventKind::RuntimeStartFailed) {
        // The start stops here: the nodes that failed say why.
        QStringList failed;
        for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
            if (it->status == Status::Down)
                failed << it.key();
        for (const QString &node : std::as_const(failed))
            flagNode(node, str(d(), "error"));
    } else if (k == EventKind::RuntimeReady) {
        // A load balancer starts with every server UP, as HAProxy does.
        for (const Link &l : m_running.links()) {
            if (l.kind == LinkKind::Backend && l.from == e.node && m_links[l.id].health.isEmpty()) {
                m_links[l.id].health = QStringLiteral("UP");
                m_changedLinks.insert(l.id);
            }
        }
    }
}

void CanvasState::fail(const QString &node, const QString &reason, qint64 untilMs) {
    NodeLive &n = m_nodes[node];
    n.failure = reason;
    n.failureUntil = untilMs;
    m_changedNodes.insert(node);
}

void CanvasState::flagNode(const QString &node, const QString &reason) {
    m_nodes[node].status = Status::Stopped;
    fail(node, reason, std::numeric_limits<qint64>::max() / 2);
}

void CanvasState::tick(qint64 nowMs) {
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
        m_changedLinks.insert(it.key());
    }
    m_window.clear();
    for (auto it = m_nodes.begin(); it != m_nodes.end(); ++it) {
        if (!it->failure.isEmpty() && it->failureUntil < nowMs) {
            it->failure.clear();
            m_changedNodes.insert(it.key());
        }
    }
}

QString CanvasState::designNode(const QString &runNode) const {
    // The walkthrough's browser is the design's client, where the design draws one.
    if (runNode == runtime::BrowserNode) {
        for (const Node &n : m_running.nodes())
            if (n.kind == NodeKind::Client)
                return n.id;
    }
    return runNode;
}

QSet<QString> CanvasState::takeChangedNodes() {
    return std::exchange(m_changedNodes, {});
}

QSet<QString> CanvasState::takeChangedLinks() {
    return std::exchange(m_changedLinks, {});
}

} // namespace infrastage::gui
