#include "configwriter.h"

#include <algorithm>

namespace infrastage {

namespace {
QList<const ConfigWriter *> &registry() {
    static QList<const ConfigWriter *> list;
    return list;
}
} // namespace

ConfigWriterRegistration::ConfigWriterRegistration(const ConfigWriter *writer) {
    registry().append(writer);
}

ConfigContext::ConfigContext(const TopologyData &topology, Target target)
    : m_topology(topology)
    , m_target(target) {}

QString ConfigContext::address(const Node &host) const {
    return compose() ? composeService(host) : host.text(QStringLiteral("ip"));
}

QString ConfigContext::bindAddress(const Node &host) const {
    return compose() ? QString() : host.text(QStringLiteral("ip"));
}

QString ConfigContext::hostDir(const Node &host) {
    return QStringLiteral("hosts/") + host.id;
}

QString ConfigContext::composeService(const Node &host) const {
    if (host.kind != NodeKind::Server)
        return host.id;
    for (NodeKind k : {NodeKind::Web, NodeKind::App, NodeKind::Database}) {
        if (const Node *c = m_topology.child(host.id, k))
            return c->id;
    }
    return host.id;
}

QString ConfigContext::databaseName() const {
    for (const Node &n : m_topology.nodes()) {
        if (n.kind == NodeKind::Files && !n.text(QStringLiteral("site")).isEmpty()) {
            QString s = n.text(QStringLiteral("site"));
            for (QChar &c : s) {
                if (!c.isLetterOrNumber() || c.unicode() > 0x7f)
                    c = QLatin1Char('_');
            }
            return s.left(64);
        }
    }
    return QStringLiteral("app");
}

namespace ConfigWriters {

QList<const ConfigWriter *> all() {
    QList<const ConfigWriter *> list = registry();
    std::sort(list.begin(), list.end(), [](const ConfigWriter *a, const ConfigWriter *b) {
        return a->engine() < b->engine();
    });
    return list;
}

QList<ConfigFile> render(const ConfigContext &context) {
    QList<ConfigFile> out;
    for (const ConfigWriter *w : all())
        out += w->files(context);
    std::sort(out.begin(), out.end(),
              [](const ConfigFile &a, const ConfigFile &b) { return a.path < b.path; });
    return out;
}

} // namespace ConfigWriters

} // namespace infrastage
