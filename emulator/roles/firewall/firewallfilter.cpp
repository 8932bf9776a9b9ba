#include "firewallfilter.h"

#include <QHostAddress>
#include <QJsonArray>

namespace infrastage::firewall {

namespace {

bool readAddress(const QJsonValue &v, quint32 *out) {
    bool ok = false;
    *out = QHostAddress(v.toString()).toIPv4Address(&ok);
    return ok;
}

bool readAddresses(const QJsonValue &v, const QString &what, QSet<quint32> *out, QString *error) {
    for (const QJsonValue &a : v.toArray()) {
        quint32 ip = 0;
        if (!readAddress(a, &ip)) {
            *error =
                QStringLiteral("firewall: %1: '%2' is not an IPv4 address").arg(what, a.toString());
            return false;
        }
        out->insert(ip);
    }
    return true;
}

bool readAction(const QJsonValue &v, const QString &what, FirewallAction *out, QString *error) {
    if (firewallActionFromName(v.toString(), out))
        return true;
    *error =
        QStringLiteral("firewall: %1: '%2' is not accept, drop or reject").arg(what, v.toString());
    return false;
}

} // namespace

bool FirewallFilter::configure(const QJsonValue &config, QString *error) {
    m_chains.clear();
    m_cache.clear();
    if (config.isUndefined() || config.isNull())
        return true;
    const QJsonObject o = config.toObject();
    const QJsonObject listeners = o.value(QLatin1String("listeners")).toObject();
    for (auto it = listeners.begin(); it != listeners.end(); ++it)
        m_listeners.insert(it.key(), it.value().toInt());
    const QJsonObject hosts = o.value(QLatin1String("hosts")).toObject();
    for (auto it = hosts.begin(); it != hosts.end(); ++it) {
        quint32 ip = 0;
        if (readAddress(QJsonValue(it.key()), &ip))
            m_hosts.insert(ip, it.value().toString());
    }
    if (!readAddresses(o.value(QLatin1String("trusted")), QStringLiteral("trusted"), &m_trusted,
                       error))
        return false;
    for (const QJsonValue &cv : o.value(QLatin1String("chains")).toArray()) {
        const QJsonObject c = cv.toObject();
        Chain chain;
        chain.firewall = c.value(QLatin1String("firewall")).toString();
        chain.name = c.value(QLatin1String("name")).toString();
        chain.policyText = c.value(QLatin1String("policy_text")).toString();
        if (!readAction(c.value(QLatin1String("policy")), chain.firewall, &chain.policy, error) ||
            !readAddresses(c.value(QLatin1String("bypass")), chain.firewall, &chain.bypass, error))
            return false;
        for (const QJsonValue &rv : c.value(QLatin1String("rules")).toArray()) {
            const QJsonObject r = rv.toObject();
            Rule rule;
            rule.text = r.value(QLatin1String("text")).toString();
            rule.internet = r.value(QLatin1String("internet")).toBool();
            rule.any = r.value(QLatin1String("any")).toBool();
            for (const QJsonValue &p : r.value(QLatin1String("ports")).toArray())
                rule.ports.append(p.toInt());
            if (!readAction(r.value(QLatin1String("action")), rule.text, &rule.action, error) ||
                !readAddresses(r.value(QLatin1String("sources")), rule.text, &rule.sources, error))
                return false;
            chain.rules.append(rule);
        }
        m_chains.append(chain);
    }
    return true;
}

const Verdict &FirewallFilter::decide(quint32 peer, int port, bool *first) {
    const quint64 key = (quint64(peer) << 32) | quint32(port);
    auto it = m_cache.find(key);
    if (first)
        *first = it == m_cache.end();
    if (it != m_cache.end())
        return *it;
    if (m_cache.size() > 4096) // sources are loopback addresses: this is a backstop only
        m_cache.clear();
    return *m_cache.insert(key, compute(peer, port));
}

Verdict FirewallFilter::compute(quint32 peer, int port) const {
    Verdict v;
    v.source = m_hosts.value(peer, QStringLiteral("internet"));
    if (m_trusted.contains(peer))
        return v; // the host itself (nftables: iif "lo" accept) or the runtime's own probes
    const bool internet = !m_hosts.contains(peer);
    for (const Chain &c : m_chains) {
        if (c.bypass.contains(peer))
            continue; // this source reaches the host without passing through that firewall
        v.firewall = c.firewall;
        v.name = c.name;
        v.action = c.policy;
        v.rule = c.policyText;
        for (const Rule &r : c.rules) {
            const bool portMatches = r.ports.isEmpty() || r.ports.contains(port);
            const bool sourceMatches =
                r.any || r.sources.contains(peer) || (r.internet && internet);
            if (portMatches && sourceMatches) {
                v.action = r.action;
                v.rule = r.text;
                break;
            }
        }
        if (v.action != FirewallAction::Accept)
            return v;
    }
    return v;
}

} // namespace infrastage::firewall
