#include "kindinference.h"

#include "model/kindspec.h"

#include <QRegularExpression>

namespace infrastage::KindInference {

namespace {

struct Rule {
    const char *pattern; // a case-insensitive regular expression on the label
    NodeKind kind;
};

// Most specific first: "Application Server" and "DNS Server" both contain "server", and a
// "web server" sits inside a server.
const Rule kRules[] = {
    {R"(\b(load[ -]?balancer|haproxy|lb)\b)", NodeKind::LoadBalancer},
    {R"(\b(dns|name ?server|resolver|bind9?)\b)", NodeKind::Dns},
    {R"(\bfire ?wall\b|\bnftables\b|\biptables\b|\bwaf\b)", NodeKind::Firewall},
    {R"(\b(monitoring|monitor|prometheus|datadog|sumo ?logic|grafana|metrics)\b)",
     NodeKind::Monitoring},
    {R"(\b(mysql|mariadb|postgres(ql)?|database|db|primary|replica|master|slave)\b)",
     NodeKind::Database},
    {R"(\b(application|app) files?\b|\bfiles\b|\bcode ?base\b|\bsource code\b)", NodeKind::Files},
    {R"(\b(application|app)[ -]?server\b|\bapplication\b|\bgunicorn\b|\buwsgi\b|\bphp-fpm\b)",
     NodeKind::App},
    {R"(\bnginx\b|\bweb ?server\b|\bapache\b|\bhttpd\b)", NodeKind::Web},
    {R"(\b(user|users|browser|client|computer|laptop|visitor)\b)", NodeKind::Client},
    {R"(\b(server|host|vm)\b)", NodeKind::Server},
    {R"(\bnote\b)", NodeKind::Note},
};

QString plain(const QString &label) {
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    QString s = label;
    s.replace(tags, QStringLiteral(" "));
    return s;
}

} // namespace

InferredKind fromLabel(const QString &label) {
    static const QList<QRegularExpression> compiled = [] {
        QList<QRegularExpression> list;
        for (const Rule &r : kRules)
            list.append(QRegularExpression(QString::fromLatin1(r.pattern),
                                           QRegularExpression::CaseInsensitiveOption));
        return list;
    }();
    const QString text = plain(label);
    InferredKind result;
    // A hint the diagram exporters add when a name alone would read as another kind:
    // "(web server)", "(database, replica)". It wins over the words of the name.
    static const QRegularExpression hint(
        QStringLiteral(R"(\(([a-zA-Z ]+?)(?:, (primary|replica))?\)\s*$)"));
    const QRegularExpressionMatch h = hint.match(text);
    if (h.hasMatch()) {
        for (NodeKind k : allNodeKinds()) {
            if (nodeKindLabel(k).compare(h.captured(1), Qt::CaseInsensitive) == 0) {
                result.known = true;
                result.kind = k;
                result.databaseRole = h.captured(2).isEmpty() && k == NodeKind::Database
                                          ? QStringLiteral("primary")
                                          : h.captured(2);
                return result;
            }
        }
    }
    for (int i = 0; i < compiled.size(); ++i) {
        if (compiled.at(i).match(text).hasMatch()) {
            result.known = true;
            result.kind = kRules[i].kind;
            break;
        }
    }
    if (result.known && result.kind == NodeKind::Database) {
        static const QRegularExpression replica(QStringLiteral(R"(\b(replica|slave|secondary)\b)"),
                                                QRegularExpression::CaseInsensitiveOption);
        result.databaseRole =
            replica.match(text).hasMatch() ? QStringLiteral("replica") : QStringLiteral("primary");
    }
    return result;
}

QString addressFromLabel(const QString &label) {
    static const QRegularExpression ip(QStringLiteral(R"(\bIP\s*:?\s*((?:\d{1,3}\.){3}\d{1,3})\b)"),
                                       QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = ip.match(label);
    return m.hasMatch() ? m.captured(1) : QString();
}

} // namespace infrastage::KindInference

namespace infrastage::KindInference {

QString hintFor(NodeKind kind, const QString &databaseRole) {
    QString h = nodeKindLabel(kind);
    if (kind == NodeKind::Database && !databaseRole.isEmpty())
        h += QStringLiteral(", ") + databaseRole;
    return QStringLiteral("(%1)").arg(h);
}

} // namespace infrastage::KindInference
