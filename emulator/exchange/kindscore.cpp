#include "kindscore.h"

#include <QRegularExpression>

#include <algorithm>

namespace infrastage {

namespace {

// What a rule's words point to: a node kind or one of the drawn meanings.
struct Target {
    bool isKind;
    NodeKind kind;
    DrawnMeaning meaning;
};
constexpr Target kind(NodeKind k) {
    return {true, k, DrawnMeaning::Node};
}
constexpr Target meaning(DrawnMeaning m) {
    return {false, NodeKind::Note, m};
}

struct Rule {
    const char *pattern; // case-insensitive, on the lower-cased text
    Target target;
    double weight;
    const char *role; // for databases: "primary", "replica" or nullptr
};

// Phrases before the words they contain: a match hides its text from the rules after it.
const Rule kRules[] = {
    // Notes people put on drawings: what a weakness is, not a box of the design.
    {R"(^[^\w]*(note|nb|spof|single point of failure|warning|issue|problem|risk|todo|legend|weakness(es)?|limitation)s?\b\s*[:\-!]?)",
     kind(NodeKind::Note), 8, nullptr},
    {"^\\s*\u26A0", kind(NodeKind::Note), 8, nullptr}, // a warning sign first
    // Things that are not nodes.
    {R"(\b(ssl|tls|https|x\.?509)[ -]?(cert(ificate)?s?)\b|\blet'?s ?encrypt\b|\bcertbot\b)",
     meaning(DrawnMeaning::Certificate), 5, nullptr},
    {R"(\binternet (users?|clients?|visitors?)\b)", kind(NodeKind::Client), 4, nullptr},
    {R"(^\s*(the )?(internet|www|wan|public internet|isp( [ab12])?|cloud)\s*$)",
     meaning(DrawnMeaning::Network), 5, nullptr},
    {R"(\b(internet|wan)\b)", meaning(DrawnMeaning::Network), 1.5, nullptr},
    // A box for the shared address of a load-balancer pair is where the pair is reached.
    {R"(\b(vip|virtual ip|floating ip)\b)", meaning(DrawnMeaning::Network), 4.5, nullptr},
    // Multi-word names of kinds.
    {R"(\bload[ -]?balanc(er|ing)s?\b|\bhaproxy\b)", kind(NodeKind::LoadBalancer), 4, nullptr},
    {R"(\bdns( server| resolver| record)?s?\b|\bname ?servers?\b|\broute ?53\b)",
     kind(NodeKind::Dns), 4, nullptr},
    {R"(\bmonitoring( (agent|client|system|server|tool|stack))?s?\b)", kind(NodeKind::Monitoring),
     4, nullptr},
    {R"(\b(host[ -]?(based )?)?fire ?walls?\b)", kind(NodeKind::Firewall), 4, nullptr},
    {R"(\b(application|app|website|web ?site|web|site) (files|code|source|assets)\b|\bcode ?base\b|\bsource code\b|\bdocument root\b|/var/www\b)",
     kind(NodeKind::Files), 4, nullptr},
    {R"(\b(application|app)[ -]?servers?\b|\bappserver\b)", kind(NodeKind::App), 4, nullptr},
    {R"(\b(web|http)[ -]?servers?\b)", kind(NodeKind::Web), 3.5, nullptr},
    {R"(\b(read[ -]?(only )?replica|replica|slave|secondary|standby)s?\b)",
     kind(NodeKind::Database), 2, "replica"},
    {R"(\b(primary|master|main|writer)\b)", kind(NodeKind::Database), 1.5, "primary"},
    {R"(\b(my ?sql|mariadb|postgres(ql)?|mongo(db)?|database|data ?store|rds|sqlite|db)s?\d*\b)",
     kind(NodeKind::Database), 4, nullptr},
    // Products and single words.
    {R"(\b(lbs?|elb|alb|nlb|traefik|balancer)[-_ ]?\d*\b)", kind(NodeKind::LoadBalancer), 3,
     nullptr},
    {R"(\b(keepalived|vrrp)\b)", kind(NodeKind::LoadBalancer), 1, nullptr},
    {R"(\b(resolver|bind9?)\b)", kind(NodeKind::Dns), 2, nullptr},
    {R"(\b(prometheus|grafana|datadog|sumo ?logic|nagios|zabbix|new ?relic|splunk|node[ -]exporter|elk)\b)",
     kind(NodeKind::Monitoring), 3, nullptr},
    {R"(\b(monitor|metrics|alerting|alerts?)\b)", kind(NodeKind::Monitoring), 1.5, nullptr},
    {R"(\b(fw|waf|iptables|nftables|ufw|security group)[-_ ]?\d*\b)", kind(NodeKind::Firewall), 3,
     nullptr},
    {R"(\b(gunicorn|uwsgi|php-fpm|puma|unicorn|tomcat|node\.?js|express|flask|django|rails|spring( boot)?|wsgi)\b)",
     kind(NodeKind::App), 3, nullptr},
    {R"(\b(application|app|backend|api)[-_ ]?\d*\b)", kind(NodeKind::App), 2, nullptr},
    {R"(\bnginx[-_ ]?\d*\b|\b(apache|httpd|caddy|iis|lighttpd)\b)", kind(NodeKind::Web), 3,
     nullptr},
    {R"(\b(web|frontend|reverse proxy)[-_ ]?\d*\b)", kind(NodeKind::Web), 1, nullptr},
    {R"(\b(files|html|static|assets)\b)", kind(NodeKind::Files), 2.5, nullptr},
    {R"(\bcode\b)", kind(NodeKind::Files), 2, nullptr},
    {R"(\b(users?|browsers?|clients?|visitors?|customers?|computer|laptop|desktop|mobile|pc)\b)",
     kind(NodeKind::Client), 3, nullptr},
    {R"(\b(servers?|hosts?|vms?|instances?|droplets?|ec2)[-_ ]?\d*\b)", kind(NodeKind::Server), 2.5,
     nullptr},
    {R"(\bagent\b)", kind(NodeKind::Monitoring), 1, nullptr},
    {R"(\b(sql|queries)\b)", kind(NodeKind::Database), 1, nullptr},
    // Pictures people put in labels.
    {"\U0001F6E1", kind(NodeKind::Firewall), 2, nullptr},              // shield
    {"\u2696", kind(NodeKind::LoadBalancer), 2, nullptr},              // scales
    {"\U0001F5C4|\U0001F6E2", kind(NodeKind::Database), 2, nullptr},   // cabinet, drum
    {"\U0001F4CA|\U0001F4C8", kind(NodeKind::Monitoring), 2, nullptr}, // charts
    {"\U0001F464|\U0001F465|\U0001F9D1|\U0001F469|\U0001F468", kind(NodeKind::Client), 1.5,
     nullptr},                                                                 // people
    {"\U0001F512|\U0001F510", meaning(DrawnMeaning::Certificate), 1, nullptr}, // locks
};

QString candidateOf(const Target &t) {
    return t.isKind ? KindScore::candidateName(t.kind) : KindScore::candidateName(t.meaning);
}

} // namespace

QString KindScore::candidateName(NodeKind kind) {
    return nodeKindLabel(kind);
}

QString KindScore::candidateName(DrawnMeaning meaning) {
    switch (meaning) {
    case DrawnMeaning::Network:
        return QStringLiteral("network (a wire, not a box)");
    case DrawnMeaning::Certificate:
        return QStringLiteral("SSL certificate");
    case DrawnMeaning::Node:
        break;
    }
    return QString();
}

bool KindScore::addWords(const QString &text, double factor, const QString &where) {
    static const QList<QRegularExpression> compiled = [] {
        QList<QRegularExpression> list;
        for (const Rule &r : kRules)
            list.append(QRegularExpression(QString::fromUtf8(r.pattern),
                                           QRegularExpression::CaseInsensitiveOption |
                                               QRegularExpression::UseUnicodePropertiesOption));
        return list;
    }();
    // camelCase and snake_case ids read as words: "dbPrimary" -> "db primary".
    static const QRegularExpression camel(QStringLiteral("([a-z])([A-Z])"));
    QString s = text;
    s.replace(camel, QStringLiteral("\\1 \\2"));
    s.replace(QLatin1Char('_'), QLatin1Char(' '));
    s = s.left(2000).toLower();
    bool any = false;
    for (int i = 0; i < compiled.size(); ++i) {
        QRegularExpressionMatchIterator it = compiled.at(i).globalMatch(s);
        bool hit = false;
        QString word;
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            if (m.capturedLength() == 0)
                continue;
            if (!hit)
                word = m.captured(0).trimmed();
            hit = true;
            s.replace(m.capturedStart(), m.capturedLength(),
                      QString(m.capturedLength(), QLatin1Char(' ')));
        }
        if (!hit)
            continue;
        any = true;
        const Rule &r = kRules[i];
        m_reasons.append({candidateOf(r.target), r.weight * factor,
                          QStringLiteral("'%1' in %2").arg(word.left(40), where)});
        if (r.role && m_role.isEmpty())
            m_role = QString::fromLatin1(r.role);
    }
    return any;
}

void KindScore::addKind(NodeKind kind, double weight, const QString &why) {
    m_reasons.append({candidateName(kind), weight, why});
}

void KindScore::addMeaning(DrawnMeaning meaning, double weight, const QString &why) {
    m_reasons.append({candidateName(meaning), weight, why});
}

QList<KindScore::Total> KindScore::totals() const {
    QList<Total> out;
    for (const Reason &r : m_reasons) {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const Total &t) { return t.candidate == r.candidate; });
        if (it == out.end())
            out.append({r.candidate, r.weight});
        else
            it->weight += r.weight;
    }
    // Highest first; on a tie the candidate named first keeps its place.
    std::stable_sort(out.begin(), out.end(),
                     [](const Total &a, const Total &b) { return a.weight > b.weight; });
    return out;
}

double KindScore::weightOf(const QString &candidate) const {
    for (const Total &t : totals()) {
        if (t.candidate == candidate)
            return t.weight;
    }
    return 0;
}

InferredKind KindScore::best() const {
    InferredKind out;
    const QList<Total> t = totals();
    if (t.isEmpty() || t.first().weight < kKnownAt)
        return out;
    const QString winner = t.first().candidate;
    for (DrawnMeaning m : {DrawnMeaning::Network, DrawnMeaning::Certificate}) {
        if (winner == candidateName(m)) {
            out.known = true;
            out.meaning = m;
            return out;
        }
    }
    for (NodeKind k : {NodeKind::Client, NodeKind::Dns, NodeKind::LoadBalancer, NodeKind::Server,
                       NodeKind::Web, NodeKind::App, NodeKind::Files, NodeKind::Database,
                       NodeKind::Firewall, NodeKind::Monitoring, NodeKind::Note}) {
        if (winner == candidateName(k)) {
            out.known = true;
            out.kind = k;
            if (k == NodeKind::Database)
                out.databaseRole = m_role;
        }
    }
    return out;
}

bool KindScore::close() const {
    const QList<Total> t = totals();
    return t.size() >= 2 && t.first().weight >= kKnownAt &&
           t.at(1).weight >= kCloseShare * t.first().weight;
}

QString KindScore::runnerUp() const {
    const QList<Total> t = totals();
    return t.size() >= 2 ? t.at(1).candidate : QString();
}

QString KindScore::explain() const {
    const QList<Total> t = totals();
    if (t.isEmpty())
        return QStringLiteral("no evidence");
    QStringList parts;
    for (int i = 0; i < t.size() && i < 3; ++i) {
        QStringList why;
        for (const Reason &r : m_reasons) {
            if (r.candidate == t.at(i).candidate)
                why.append(QStringLiteral("%1 %2%3")
                               .arg(r.why)
                               .arg(r.weight >= 0 ? QStringLiteral("+") : QString())
                               .arg(r.weight, 0, 'f', 1));
        }
        parts.append(QStringLiteral("%1 %2 (%3)")
                         .arg(t.at(i).candidate)
                         .arg(t.at(i).weight, 0, 'f', 1)
                         .arg(why.join(QStringLiteral(", "))));
    }
    return parts.join(QStringLiteral("; then "));
}

} // namespace infrastage
