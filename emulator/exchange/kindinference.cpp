#include "kindinference.h"

#include "kindscore.h"
#include "model/kindspec.h"

#include <QRegularExpression>

namespace infrastage::KindInference {

namespace {

// Weights of where words stand in a label.
constexpr double kFirstLine = 1.0;
constexpr double kLaterLine = 0.35;
constexpr double kExporterHint = 20; // "(web server)": what the exporter wrote, decides

const QRegularExpression &hintPattern() {
    static const QRegularExpression hint(
        QStringLiteral(R"(^\(([a-zA-Z ]+?)(?:, (primary|replica))?\)$)"));
    return hint;
}

} // namespace

void scoreLabel(const QString &label, KindScore *score) {
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    static const QRegularExpression ipLine(
        QStringLiteral(R"(^\s*(v(irtual )?ip|ip)\s*:?\s*(\d{1,3}\.){3}\d{1,3}\s*$)"),
        QRegularExpression::CaseInsensitiveOption);
    QString text = label;
    text.replace(tags, QStringLiteral(" "));
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty() || ipLine.match(line).hasMatch())
            continue;
        const QRegularExpressionMatch h = hintPattern().match(line);
        if (h.hasMatch()) {
            for (NodeKind k : allNodeKinds()) {
                if (nodeKindLabel(k).compare(h.captured(1), Qt::CaseInsensitive) == 0) {
                    score->addKind(k, kExporterHint,
                                   QStringLiteral("the hint '%1'").arg(line.left(40)));
                    if (k == NodeKind::Database)
                        score->addWords(h.captured(2).isEmpty() ? QStringLiteral("primary")
                                                                : h.captured(2),
                                        0.01, QStringLiteral("the hint"));
                }
            }
            continue;
        }
        score->addWords(line, i == 0 ? kFirstLine : kLaterLine,
                        i == 0 ? QStringLiteral("the first line")
                               : QStringLiteral("line %1 of the label").arg(i + 1));
    }
}

InferredKind fromLabel(const QString &label) {
    KindScore score;
    scoreLabel(label, &score);
    return score.best();
}

QString labelledAddress(const QString &label) {
    static const QRegularExpression ip(
        QStringLiteral(
            R"((?<![Vv])(?<!virtual )\bIP\s*(?:address)?\s*[:=]?\s*((?:\d{1,3}\.){3}\d{1,3})\b)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = ip.match(label);
    return m.hasMatch() ? m.captured(1) : QString();
}

QString addressFromLabel(const QString &label) {
    const QString labelled = labelledAddress(label);
    if (!labelled.isEmpty())
        return labelled;
    // A bare address ("Server 1 (192.168.1.10)"), unless it is the virtual one.
    static const QRegularExpression bare(
        QStringLiteral(R"((?<![\d.])((?:\d{1,3}\.){3}\d{1,3})(?![\d.]))"));
    static const QRegularExpression virtualBefore(
        QStringLiteral(R"((vip|virtual ip|floating ip)\s*[:=]?\s*$)"),
        QRegularExpression::CaseInsensitiveOption);
    QRegularExpressionMatchIterator it = bare.globalMatch(label);
    while (it.hasNext()) {
        const QRegularExpressionMatch b = it.next();
        if (!virtualBefore.match(label.left(b.capturedStart())).hasMatch())
            return b.captured(1);
    }
    return QString();
}

QString virtualAddressFromLabel(const QString &label) {
    static const QRegularExpression vip(
        QStringLiteral(R"(\b(?:VIP|virtual IP|floating IP)\s*[:=]?\s*((?:\d{1,3}\.){3}\d{1,3})\b)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = vip.match(label);
    return m.hasMatch() ? m.captured(1) : QString();
}

QString hintFor(NodeKind kind, const QString &databaseRole) {
    QString h = nodeKindLabel(kind);
    if (kind == NodeKind::Database && !databaseRole.isEmpty())
        h += QStringLiteral(", ") + databaseRole;
    return QStringLiteral("(%1)").arg(h);
}

} // namespace infrastage::KindInference
