#include "firewallrulesyntax.h"

#include "topologydata.h"

#include <QRegularExpression>

#include <algorithm>

namespace infrastage::FirewallRuleSyntax {

namespace {

const Node *findNode(const TopologyData &t, const QString &ref) {
    if (const Node *n = t.node(ref))
        return n;
    const Node *found = nullptr;
    for (const Node &n : t.nodes()) {
        if (n.name.compare(ref, Qt::CaseInsensitive) == 0) {
            if (found)
                return nullptr; // two nodes of that name: say which by id
            found = &n;
        }
    }
    return found;
}

QString portsText(const QList<int> &ports) {
    QStringList p;
    for (int port : ports)
        p.append(QString::number(port));
    return p.join(QStringLiteral(", "));
}

// One rule's words after its action; false with `why` on the first thing wrong.
bool readClauses(const TopologyData &t, const QStringList &words, const QList<int> &known,
                 FilterRule *rule, QString *why) {
    bool any = false;
    for (qsizetype i = 1; i < words.size(); i += 2) {
        const QString &key = words.at(i);
        if (i + 1 >= words.size()) {
            *why = QStringLiteral("'%1' needs a value after it").arg(key);
            return false;
        }
        const QStringList items = words.at(i + 1).split(QLatin1Char(','), Qt::SkipEmptyParts);
        if (key == QLatin1String("from")) {
            for (const QString &ref : items) {
                if (ref == QLatin1String("any")) {
                    any = true;
                } else if (ref == QLatin1String("internet")) {
                    rule->internet = true;
                } else {
                    const Node *n = findNode(t, ref);
                    const Node *host = n ? t.host(*n) : nullptr;
                    if (!host) {
                        *why = QStringLiteral("no node '%1' in the design (give a node's id or "
                                              "name, 'internet' or 'any')")
                                   .arg(ref);
                        return false;
                    }
                    if (host->kind == NodeKind::Client)
                        rule->internet = true; // a browser is somewhere on the Internet
                    else if (!rule->sources.contains(host->id))
                        rule->sources.append(host->id);
                }
            }
        } else if (key == QLatin1String("port")) {
            for (const QString &item : items) {
                bool ok = false;
                const int port = item.toInt(&ok);
                if (!ok || port < 1 || port > 65535) {
                    *why = QStringLiteral("'%1' is not a port (1 to 65535)").arg(item);
                    return false;
                }
                if (!known.contains(port)) {
                    *why = QStringLiteral("nothing it protects listens on port %1 (known ports: "
                                          "%2)")
                               .arg(port)
                               .arg(portsText(known));
                    return false;
                }
                rule->ports.append(port);
            }
        } else {
            *why = QStringLiteral("unknown word '%1' (expected 'from' or 'port')").arg(key);
            return false;
        }
    }
    if (any) {
        rule->sources.clear();
        rule->internet = false;
    }
    return true;
}

} // namespace

QList<int> knownPorts(const TopologyData &t, const QStringList &hosts) {
    QList<int> ports{FirewallPolicies::kSshPort, FirewallPolicies::kNodeExporterPort,
                     FirewallPolicies::kMysqldExporterPort};
    auto add = [&](qint64 port) {
        if (port > 0 && !ports.contains(int(port)))
            ports.append(int(port));
    };
    for (const QString &id : hosts) {
        QList<const Node *> nodes{t.node(id)};
        nodes.append(t.children(id));
        for (const Node *n : nodes) {
            if (!n)
                continue;
            add(n->number(QStringLiteral("port")));
            if (n->kind == NodeKind::LoadBalancer && n->flag(QStringLiteral("tls")))
                add(n->number(QStringLiteral("tls_port")));
            if (n->kind == NodeKind::LoadBalancer && n->flag(QStringLiteral("stats")))
                add(n->number(QStringLiteral("stats_port")));
        }
    }
    std::sort(ports.begin(), ports.end());
    return ports;
}

bool parse(const TopologyData &t, const Node &fw, const QStringList &hosts,
           QList<FilterRule> *rules, QStringList *errors) {
    static const QRegularExpression separators(QStringLiteral("[;\\n]"));
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    const QStringList entries = fw.text(QStringLiteral("rules")).split(separators);
    const QList<int> known = knownPorts(t, hosts);
    bool ok = true;
    int number = 0;
    for (const QString &entry : entries) {
        const QString text = entry.simplified();
        if (text.isEmpty())
            continue;
        ++number;
        const QStringList words = text.split(spaces);
        FilterRule rule;
        QString why;
        if (!firewallActionFromName(words.first().toLower(), &rule.action))
            why =
                QStringLiteral("'%1' is not an action (accept, drop or reject)").arg(words.first());
        else
            readClauses(t, words, known, &rule, &why);
        if (!why.isEmpty()) {
            ok = false;
            if (errors)
                errors->append(QStringLiteral("firewall '%1' (%2), rule %3 '%4': %5")
                                   .arg(fw.name, fw.id)
                                   .arg(number)
                                   .arg(text, why));
            continue;
        }
        rule.why = QStringLiteral("rules: %1").arg(text);
        rules->append(rule);
    }
    return ok;
}

} // namespace infrastage::FirewallRuleSyntax
