#include "analysiscontext.h"

#include <QStringBuilder>

namespace infrastage {

AnalysisContext::AnalysisContext(const TopologyData &topology)
    : m_t(topology) {
    for (const Node &n : m_t.nodes()) {
        if (!n.parent.isEmpty())
            m_children[n.parent].append(&n);
        else if (n.kind == NodeKind::LoadBalancer || n.kind == NodeKind::Server)
            m_serviceHosts.append(&n);
    }
    for (const Link &l : m_t.links()) {
        if (l.kind != LinkKind::Network)
            continue;
        const Node *a = m_t.node(l.from);
        const Node *b = m_t.node(l.to);
        if (!a || !b)
            continue;
        for (auto [x, y] : {std::pair{a, b}, std::pair{b, a}}) {
            if (x->kind == NodeKind::Firewall && y->kind != NodeKind::Client &&
                y->kind != NodeKind::Firewall && !m_guards.value(y->id).contains(x))
                m_guards[y->id].append(x);
            if (x->kind == NodeKind::Monitoring)
                m_monitoredByLink.insert(y->id);
        }
    }
    const qsizetype n = m_t.nodes().size();
    m_out.resize(n);
    m_host.resize(n);
    m_guardsAt.resize(n);
    m_childrenAt.resize(n);
    for (qsizetype i = 0; i < n; ++i) {
        const Node &node = m_t.nodes().at(i);
        m_host[i] = m_t.host(node);
        m_guardsAt[i] = m_guards.value(node.id);
        m_childrenAt[i] = m_children.value(node.id);
    }
    m_target.reserve(m_t.links().size());
    for (const Link &l : m_t.links()) {
        const int from = m_t.nodeIndex(l.from);
        if (from >= 0)
            m_out[from].append(&l);
        m_target.append(m_t.node(l.to));
        if (l.kind != LinkKind::Replication)
            continue;
        if (m_target.last())
            m_replicas[l.from].append(m_target.last());
        if (!m_primary.contains(l.to))
            m_primary.insert(l.to, m_t.node(l.from));
    }
    computeEntries();
}

const QList<const Node *> &AnalysisContext::components(const QString &serverId) const {
    static const QList<const Node *> none;
    auto it = m_children.constFind(serverId);
    return it == m_children.cend() ? none : it.value();
}

const Node *AnalysisContext::component(const QString &serverId, NodeKind kind) const {
    for (const Node *c : components(serverId)) {
        if (c->kind == kind)
            return c;
    }
    return nullptr;
}

const Node &AnalysisContext::hostOf(const Node &node) const {
    return *m_t.host(node);
}

QString AnalysisContext::label(const QString &id) const {
    if (const Node *n = m_t.node(id))
        return n->name.isEmpty() ? id : n->name % u" (" % id % u')';
    return id;
}

bool AnalysisContext::isFirewalled(const Node &host) const {
    return component(host.id, NodeKind::Firewall) || m_guards.contains(host.id);
}

bool AnalysisContext::isMonitored(const Node &host) const {
    return component(host.id, NodeKind::Monitoring) || m_monitoredByLink.contains(host.id);
}

void AnalysisContext::computeEntries() {
    QSet<QString> seen;
    auto add = [&](const Node *n) {
        if (n && !seen.contains(n->id)) {
            seen.insert(n->id);
            m_entries.append(n);
        }
    };
    for (const Link &l : m_t.links()) {
        if (l.kind != LinkKind::DnsRecord)
            continue;
        m_hasDnsRecords = true;
        const Node *target = m_t.node(l.to);
        if (!target)
            continue;
        if (target->kind == NodeKind::Web)
            target = m_t.node(target->parent);
        add(target);
        const QString vip = target ? target->text(QStringLiteral("vip")) : QString();
        if (target && target->kind == NodeKind::LoadBalancer && !vip.isEmpty()) {
            for (const Node &n : m_t.nodes()) {
                if (n.kind == NodeKind::LoadBalancer && n.text(QStringLiteral("vip")) == vip)
                    add(&n);
            }
        }
    }
    if (m_hasDnsRecords)
        return;
    for (const Node &n : m_t.nodes()) {
        if (n.kind == NodeKind::LoadBalancer)
            add(&n);
    }
    if (!m_entries.isEmpty())
        return;
    for (const Node &n : m_t.nodes()) {
        if (n.kind == NodeKind::Server && component(n.id, NodeKind::Web))
            add(&n);
    }
}

} // namespace infrastage
