// keepalived.conf for load balancers sharing a virtual IP: VRRP over unicast between the
// pair, the higher priority as MASTER, the address moving when HAProxy stops running.
#include "configwriter.h"

#include <QCryptographicHash>

namespace infrastage {

namespace {

QString render(const Node &lb, const QList<const Node *> &group) {
    const QString vip = lb.text(QStringLiteral("vip"));
    qint64 highest = 0;
    for (const Node *n : group)
        highest = qMax(highest, n->number(QStringLiteral("priority")));
    const bool master = lb.number(QStringLiteral("priority")) == highest && group.first() == &lb;
    // The router id and password follow from the VIP, so every member of a pair agrees.
    const QByteArray digest = QCryptographicHash::hash(vip.toUtf8(), QCryptographicHash::Sha256);
    const int routerId = 1 + quint8(digest.at(0)) % 254;
    const QString pass = QString::fromLatin1(digest.toHex().left(8));
    QString s;
    s += QStringLiteral("# keepalived for %1 (%2): shares the virtual IP %3. Exported by "
                        "Infrastage.\n# Check: keepalived --config-test -f keepalived.conf\n\n")
             .arg(lb.name, lb.text(QStringLiteral("ip")), vip);
    s += QStringLiteral("global_defs {\n    router_id %1\n    enable_script_security\n"
                        "    script_user root\n}\n\n")
             .arg(lb.id);
    s += QStringLiteral("vrrp_script chk_haproxy {\n    script \"/usr/bin/pgrep -x haproxy\"\n"
                        "    interval 2\n    fall 2\n    rise 2\n}\n\n");
    s += QStringLiteral("vrrp_instance VI_%1 {\n    state %2\n"
                        "    # The interface holding %3 on this machine.\n    interface eth0\n"
                        "    virtual_router_id %1\n    priority %4\n    advert_int 1\n"
                        "    unicast_src_ip %3\n    unicast_peer {\n")
             .arg(routerId)
             .arg(master ? QStringLiteral("MASTER") : QStringLiteral("BACKUP"))
             .arg(lb.text(QStringLiteral("ip")))
             .arg(lb.number(QStringLiteral("priority")));
    for (const Node *peer : group) {
        if (peer != &lb)
            s += QStringLiteral("        %1\n").arg(peer->text(QStringLiteral("ip")));
    }
    s +=
        QStringLiteral("    }\n    authentication {\n        auth_type PASS\n        auth_pass %1\n"
                       "    }\n    virtual_ipaddress {\n        %2/32\n    }\n"
                       "    track_script {\n        chk_haproxy\n    }\n}\n")
            .arg(pass, vip);
    return s;
}

class KeepalivedConfigWriter final : public ConfigWriter {
public:
    QString engine() const override { return QStringLiteral("keepalived"); }
    QList<ConfigFile> files(const ConfigContext &ctx) const override {
        QList<ConfigFile> out;
        if (ctx.compose())
            return out; // VRRP moves real addresses between machines: not in one compose host
        QHash<QString, QList<const Node *>> groups;
        for (const Node &n : ctx.topology().nodes()) {
            if (n.kind == NodeKind::LoadBalancer && !n.text(QStringLiteral("vip")).isEmpty())
                groups[n.text(QStringLiteral("vip"))].append(&n);
        }
        for (const Node &n : ctx.topology().nodes()) {
            const QList<const Node *> group = groups.value(n.text(QStringLiteral("vip")));
            if (n.kind == NodeKind::LoadBalancer && group.size() >= 2)
                out.append({ConfigContext::hostDir(n) + QStringLiteral("/keepalived.conf"),
                            render(n, group).toUtf8()});
        }
        return out;
    }
};

const KeepalivedConfigWriter instance;
const ConfigWriterRegistration registration(&instance);

} // namespace

} // namespace infrastage
