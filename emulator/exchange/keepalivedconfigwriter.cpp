// keepalived.conf for load balancers sharing a virtual IP: VRRP over unicast between the
// pair, the higher priority as MASTER, the address moving when HAProxy stops running.
#include "configwriter.h"

#include "model/vipgroup.h"

#include <QCryptographicHash>

namespace infrastage {

namespace {

// Seconds as keepalived reads them: "1", or "0.1" (fractions need VRRP version 3).
QString seconds(qint64 ms) {
    return ms % 1000 == 0 ? QString::number(ms / 1000) : QString::number(double(ms) / 1000.0);
}

QString render(const Node &lb, const VipGroup &group) {
    const QString vip = group.vip;
    const bool preempt = lb.flag(QStringLiteral("preempt"));
    // keepalived's nopreempt needs every member to start as BACKUP.
    const bool master = preempt && group.master() == &lb;
    const qint64 advertMs = lb.number(QStringLiteral("advert_int"));
    // The router id and password follow from the VIP, so every member of a pair agrees.
    const QByteArray digest = QCryptographicHash::hash(vip.toUtf8(), QCryptographicHash::Sha256);
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
                        "    virtual_router_id %1\n    priority %4\n    advert_int %5\n")
             .arg(group.routerId())
             .arg(master ? QStringLiteral("MASTER") : QStringLiteral("BACKUP"))
             .arg(lb.text(QStringLiteral("ip")))
             .arg(lb.number(QStringLiteral("priority")))
             .arg(seconds(advertMs));
    if (advertMs % 1000 != 0)
        s += QStringLiteral("    version 3\n");
    if (!preempt)
        s += QStringLiteral("    nopreempt\n");
    s += QStringLiteral("    unicast_src_ip %1\n    unicast_peer {\n")
             .arg(lb.text(QStringLiteral("ip")));
    for (const Node *peer : group.members) {
        if (peer != &lb)
            s += QStringLiteral("        %1\n").arg(peer->text(QStringLiteral("ip")));
    }
    s += QStringLiteral("    }\n");
    if (advertMs % 1000 == 0) // VRRPv3 has no authentication
        s += QStringLiteral("    authentication {\n        auth_type PASS\n        auth_pass %1\n"
                            "    }\n")
                 .arg(pass);
    s += QStringLiteral("    virtual_ipaddress {\n        %1/32\n    }\n"
                        "    track_script {\n        chk_haproxy\n    }\n}\n")
             .arg(vip);
    return s;
}

class KeepalivedConfigWriter final : public ConfigWriter {
public:
    QString engine() const override { return QStringLiteral("keepalived"); }
    QList<ConfigFile> files(const ConfigContext &ctx) const override {
        QList<ConfigFile> out;
        if (ctx.compose())
            return out; // VRRP moves real addresses between machines: not in one compose host
        for (const VipGroup &group : VipGroup::of(ctx.topology())) {
            if (group.members.size() < 2)
                continue;
            for (const Node *n : group.members)
                out.append({ConfigContext::hostDir(*n) + QStringLiteral("/keepalived.conf"),
                            render(*n, group).toUtf8()});
        }
        return out;
    }
};

const KeepalivedConfigWriter instance;
const ConfigWriterRegistration registration(&instance);

} // namespace

} // namespace infrastage
