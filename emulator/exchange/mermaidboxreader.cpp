#include "mermaidboxreader.h"

#include "kindinference.h"
#include "kindscore.h"
#include "model/kindspec.h"

#include <QRegularExpression>
#include <QSet>

namespace infrastage {

namespace {

// What one link to a node of a known kind weighs: less than a word of the first line (4), so
// a link tips a close call and never overrides what a label says.
constexpr double kLinkEvidence = 1.0;

// Whether an id says something in words ("lb1", "LB", "dbPrimary"), not only a letter.
bool wordyId(const QString &id) {
    int letters = 0;
    for (const QChar c : id)
        letters += c.isLetter();
    return letters >= 2;
}

struct IconRule {
    const char *prefix;
    bool isKind;
    NodeKind kind;
    DrawnMeaning meaning;
    double weight;
};
const IconRule kIcons[] = {
    {"database", true, NodeKind::Database, DrawnMeaning::Node, 3},
    {"db", true, NodeKind::Database, DrawnMeaning::Node, 3},
    {"mysql", true, NodeKind::Database, DrawnMeaning::Node, 3},
    {"postgres", true, NodeKind::Database, DrawnMeaning::Node, 3},
    {"mariadb", true, NodeKind::Database, DrawnMeaning::Node, 3},
    {"server", true, NodeKind::Server, DrawnMeaning::Node, 1.5},
    {"disk", true, NodeKind::Files, DrawnMeaning::Node, 2},
    {"hdd", true, NodeKind::Files, DrawnMeaning::Node, 2},
    {"file", true, NodeKind::Files, DrawnMeaning::Node, 2},
    {"folder", true, NodeKind::Files, DrawnMeaning::Node, 2},
    {"code", true, NodeKind::Files, DrawnMeaning::Node, 1.5},
    {"internet", false, NodeKind::Note, DrawnMeaning::Network, 2},
    {"globe", false, NodeKind::Note, DrawnMeaning::Network, 2},
    {"cloud", false, NodeKind::Note, DrawnMeaning::Network, 1.5},
    {"user", true, NodeKind::Client, DrawnMeaning::Node, 3},
    {"laptop", true, NodeKind::Client, DrawnMeaning::Node, 3},
    {"desktop", true, NodeKind::Client, DrawnMeaning::Node, 3},
    {"mobile", true, NodeKind::Client, DrawnMeaning::Node, 3},
    {"shield", true, NodeKind::Firewall, DrawnMeaning::Node, 3},
    {"fire", true, NodeKind::Firewall, DrawnMeaning::Node, 2},
    {"chart", true, NodeKind::Monitoring, DrawnMeaning::Node, 3},
    {"heartbeat", true, NodeKind::Monitoring, DrawnMeaning::Node, 3},
    {"tachometer", true, NodeKind::Monitoring, DrawnMeaning::Node, 3},
    {"prometheus", true, NodeKind::Monitoring, DrawnMeaning::Node, 3},
    {"grafana", true, NodeKind::Monitoring, DrawnMeaning::Node, 3},
    {"bell", true, NodeKind::Monitoring, DrawnMeaning::Node, 1.5},
    {"balance-scale", true, NodeKind::LoadBalancer, DrawnMeaning::Node, 3},
    {"haproxy", true, NodeKind::LoadBalancer, DrawnMeaning::Node, 3},
    {"random", true, NodeKind::LoadBalancer, DrawnMeaning::Node, 2},
    {"sitemap", true, NodeKind::LoadBalancer, DrawnMeaning::Node, 2},
    {"nginx", true, NodeKind::Web, DrawnMeaning::Node, 3},
    {"cog", true, NodeKind::App, DrawnMeaning::Node, 2},
    {"gear", true, NodeKind::App, DrawnMeaning::Node, 2},
    {"certificate", false, NodeKind::Note, DrawnMeaning::Certificate, 3},
    {"lock", false, NodeKind::Note, DrawnMeaning::Certificate, 1},
};

void iconEvidence(const QString &icon, KindScore *score) {
    QString key = icon.section(QLatin1Char(':'), -1).toLower();
    if (key.startsWith(QLatin1String("fa-")))
        key = key.mid(3);
    for (const IconRule &r : kIcons) {
        if (!key.startsWith(QLatin1String(r.prefix)))
            continue;
        const QString why = QStringLiteral("the icon '%1'").arg(icon.left(40));
        if (r.isKind)
            score->addKind(r.kind, r.weight, why);
        else
            score->addMeaning(r.meaning, r.weight, why);
        return;
    }
}

} // namespace

MermaidBoxReader::MermaidBoxReader(const MermaidGraph &graph)
    : m_graph(graph) {
    for (int i = 0; i < m_graph.edges.size(); ++i) {
        const MermaidEdge &e = m_graph.edges.at(i);
        m_edgesAt[e.from].append(i);
        if (e.to != e.from)
            m_edgesAt[e.to].append(i);
    }
    for (int s = 0; s < m_graph.subgraphs.size(); ++s) {
        for (const QString &m : m_graph.subgraphs.at(s).members)
            m_subgraphOf.insert(m, s);
    }
}

bool MermaidBoxReader::isComponentKind(NodeKind k) {
    return k == NodeKind::Web || k == NodeKind::App || k == NodeKind::Files ||
           k == NodeKind::Database;
}

bool MermaidBoxReader::canBeComponent(NodeKind k) {
    return isComponentKind(k) || k == NodeKind::Firewall || k == NodeKind::Monitoring;
}

QString MermaidBoxReader::firstLine(const QString &label) {
    return label.section(QLatin1Char('\n'), 0, 0).trimmed();
}

QString MermaidBoxReader::withArticle(const QString &noun) {
    const bool vowel = !noun.isEmpty() && QStringLiteral("aeiouAEIOU").contains(noun.at(0));
    return (vowel ? QStringLiteral("an ") : QStringLiteral("a ")) + noun;
}

QList<MermaidBoxReader::Listed> MermaidBoxReader::listedComponents(const QString &label) {
    QList<Listed> out;
    QSet<NodeKind> seen;
    QStringList lines = label.split(QLatin1Char('\n'));
    static const QRegularExpression paren(QStringLiteral(R"(\(([^)]*)\))"));
    const QRegularExpressionMatch p = paren.match(lines.value(0));
    if (p.hasMatch())
        lines.append(p.captured(1));
    static const QRegularExpression split(QStringLiteral(R"(\s*(?:[+,/&;|]|\band\b|\bwith\b)\s*)"),
                                          QRegularExpression::CaseInsensitiveOption);
    for (int i = 1; i < lines.size(); ++i) {
        for (const QString &part : lines.at(i).split(split)) {
            if (part.trimmed().isEmpty())
                continue;
            KindScore score;
            score.addWords(part, 1, QStringLiteral("the label"));
            InferredKind k = score.best();
            k.databaseRole = score.databaseRole();
            if (!k.known || k.meaning != DrawnMeaning::Node || !canBeComponent(k.kind) ||
                seen.contains(k.kind))
                continue;
            seen.insert(k.kind);
            out.append({k, part.trimmed()});
        }
    }
    return out;
}

MermaidBoxReader::Reading MermaidBoxReader::read(const MermaidNode &n,
                                                 const QHash<QString, Reading> *neighbours) const {
    KindScore score;
    KindInference::scoreLabel(n.label, &score);
    if (wordyId(n.writtenId) && n.writtenId.compare(firstLine(n.label), Qt::CaseInsensitive) != 0)
        score.addWords(n.writtenId, 0.6, QStringLiteral("the id '%1'").arg(n.writtenId.left(40)));
    if (n.shape == QLatin1String("cylinder"))
        score.addKind(NodeKind::Database, 2.5, QStringLiteral("drawn as a cylinder"));
    for (const QString &icon : n.icons)
        iconEvidence(icon, &score);
    for (const QString &c : n.classes)
        score.addWords(c, 0.5, QStringLiteral("the class '%1'").arg(c.left(40)));
    // The subgraph it sits in, when that names a kind of component ("Database cluster").
    if (m_subgraphOf.contains(n.id)) {
        const MermaidSubgraph &sg = m_graph.subgraphs.at(m_subgraphOf.value(n.id));
        KindScore title;
        KindInference::scoreLabel(sg.title, &title);
        const InferredKind k = title.best();
        if (k.known && k.meaning == DrawnMeaning::Node && k.kind != NodeKind::Server &&
            k.kind != NodeKind::Client && k.kind != NodeKind::Note)
            score.addKind(k.kind, 0.8,
                          QStringLiteral("sits in the subgraph '%1'").arg(firstLine(sg.title)));
    }
    static const QRegularExpression replication(
        QStringLiteral(R"(\b(replicat\w*|binlog|binary log|sync\w*)\b)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression dnsWords(QStringLiteral(R"(\b(dns|resolv\w*|lookup)\b)"),
                                             QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression query(
        QStringLiteral(R"(\b(sql|quer\w*|reads?|writes?|read/write)\b)"),
        QRegularExpression::CaseInsensitiveOption);
    for (int i : m_edgesAt.value(n.id)) {
        const MermaidEdge &e = m_graph.edges.at(i);
        if (replication.match(e.label).hasMatch())
            score.addKind(NodeKind::Database, 1.5,
                          QStringLiteral("a '%1' link").arg(e.label.left(40)));
        else if (e.to == n.id && query.match(e.label).hasMatch() &&
                 !dnsWords.match(e.label).hasMatch())
            score.addKind(NodeKind::Database, 1,
                          QStringLiteral("a '%1' link into it").arg(e.label.left(40)));
    }
    // What it is linked to: an application sits between a web server and a database; a web
    // server behind a load balancer. Files and notes have no such links. A link only weighs
    // for a kind the box's own drawing already points to: it tips a close call, and never
    // makes a coffee machine behind a load balancer a web server.
    const KindScore own = score;
    auto linkEvidence = [&](NodeKind kind, const QString &why) {
        if (own.weightOf(KindScore::candidateName(kind)) > 0)
            score.addKind(kind, kLinkEvidence, why);
    };
    for (int i : neighbours ? m_edgesAt.value(n.id) : QList<int>()) {
        const MermaidEdge &e = m_graph.edges.at(i);
        const bool out = e.from == n.id;
        const Reading other = neighbours->value(out ? e.to : e.from);
        if (!other.kind.known || other.kind.meaning != DrawnMeaning::Node)
            continue;
        const QString name = firstLine(other.label).left(40);
        if (out && other.kind.kind == NodeKind::Database)
            linkEvidence(NodeKind::App, QStringLiteral("a link to the database '%1'").arg(name));
        else if (!out && other.kind.kind == NodeKind::Web)
            linkEvidence(NodeKind::App,
                         QStringLiteral("a link from the web server '%1'").arg(name));
        else if (!out && other.kind.kind == NodeKind::LoadBalancer)
            linkEvidence(NodeKind::Web,
                         QStringLiteral("a link from the load balancer '%1'").arg(name));
    }
    // "Server 1\nNginx + App + MySQL": a server box listing its parts is a server.
    KindScore first;
    first.addWords(firstLine(n.label), 1, QString());
    const InferredKind head = first.best();
    const qsizetype parts = listedComponents(n.label).size();
    if ((head.known && head.kind == NodeKind::Server && parts >= 2) || parts >= 3)
        score.addKind(NodeKind::Server, parts >= 3 ? 5 : 2.5,
                      QStringLiteral("its label lists %1 parts of a server").arg(parts));
    Reading r;
    r.kind = score.best();
    r.kind.databaseRole = score.databaseRole();
    r.explanation = score.explain();
    r.label = n.label;
    r.line = n.line;
    if (r.kind.known && score.close())
        r.explanation += QStringLiteral(" [close]");
    return r;
}

QHash<QString, MermaidBoxReader::Reading> MermaidBoxReader::readAll(const Warn &warn) const {
    QHash<QString, Reading> kinds;
    for (const MermaidNode &n : m_graph.nodes) {
        if (!n.labelled && m_graph.subgraphIndex(n.id) >= 0)
            continue; // a reference to a subgraph
        kinds.insert(n.id, read(n, nullptr));
    }
    // Read again with what the first reading made of the neighbours.
    const QHash<QString, Reading> first = kinds;
    for (const MermaidNode &n : m_graph.nodes) {
        if (!first.contains(n.id))
            continue;
        Reading r = read(n, &first);
        if (!r.kind.known) {
            warn(n.line, QStringLiteral("cannot tell what '%1' is (no word such as DNS, load "
                                        "balancer, Nginx, application, database, firewall, "
                                        "monitoring, user or server); imported as a note")
                             .arg(firstLine(n.label).left(80)));
            r.kind = InferredKind{true, NodeKind::Note, QString(), DrawnMeaning::Node};
        } else if (r.explanation.endsWith(QLatin1String(" [close]"))) {
            r.explanation.chop(8);
            warn(n.line,
                 QStringLiteral("'%1' is read as %2, but it was close (%3); a clearer label "
                                "decides")
                     .arg(firstLine(n.label).left(80),
                          withArticle(r.kind.meaning == DrawnMeaning::Node
                                          ? nodeKindLabel(r.kind.kind)
                                          : KindScore::candidateName(r.kind.meaning)),
                          r.explanation.left(300)));
        }
        kinds.insert(n.id, r);
    }
    return kinds;
}

} // namespace infrastage
