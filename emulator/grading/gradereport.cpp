#include "gradereport.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace infrastage {

namespace {

QString percent(const Grade &g) {
    return g.maxPoints ? QString::number(100.0 * g.points / g.maxPoints, 'f', 0) + QLatin1Char('%')
                       : QStringLiteral("-");
}

QString mark(const CriterionResult &r) {
    return !r.checked ? QStringLiteral("[-]")
                      : (r.passed ? QStringLiteral("[x]") : QStringLiteral("[ ]"));
}

QString csvField(const QString &s) {
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) &&
        !s.contains(QLatin1Char('\n')))
        return s;
    QString q = s;
    q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

} // namespace

QByteArray GradeReport::text(const Grade &g) {
    QString out;
    const QString name = QFileInfo(g.answer).fileName();
    if (!g.read) {
        out += QStringLiteral("%1: not graded: %2\n").arg(name, g.error);
        return out.toUtf8();
    }
    out += QStringLiteral("%1 — %2 (%3): %4/%5 (%6)\n")
               .arg(name, g.exercise, g.title)
               .arg(g.points)
               .arg(g.maxPoints)
               .arg(percent(g));
    for (const CriterionResult &r : g.results)
        out += QStringLiteral("  %1 %2/%3  %4 — %5\n")
                   .arg(mark(r))
                   .arg(r.checked && r.passed ? r.criterion.points : 0)
                   .arg(r.criterion.points)
                   .arg(r.criterion.text, r.detail);
    for (const QString &n : g.notes)
        out += QStringLiteral("  note: %1\n").arg(n);
    return out.toUtf8();
}

QByteArray GradeReport::json(const Grade &g) {
    QJsonObject o;
    o.insert(QStringLiteral("answer"), g.answer);
    o.insert(QStringLiteral("exercise"), g.exercise);
    o.insert(QStringLiteral("graded"), g.read);
    if (!g.read)
        o.insert(QStringLiteral("error"), g.error);
    o.insert(QStringLiteral("points"), g.points);
    o.insert(QStringLiteral("max_points"), g.maxPoints);
    QJsonArray criteria;
    for (const CriterionResult &r : g.results) {
        QJsonObject c;
        c.insert(QStringLiteral("text"), r.criterion.text);
        c.insert(QStringLiteral("points"), r.checked && r.passed ? r.criterion.points : 0);
        c.insert(QStringLiteral("max_points"), r.criterion.points);
        c.insert(QStringLiteral("checked"), r.checked);
        c.insert(QStringLiteral("passed"), r.passed);
        c.insert(QStringLiteral("detail"), r.detail);
        criteria.append(c);
    }
    o.insert(QStringLiteral("criteria"), criteria);
    o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(g.notes));
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

QByteArray GradeReport::markdown(const Grade &g) {
    QString out;
    const QString name = QFileInfo(g.answer).fileName();
    out += QStringLiteral("### %1 — %2\n\n").arg(name, g.title.isEmpty() ? g.exercise : g.title);
    if (!g.read) {
        out += QStringLiteral("Not graded: %1\n").arg(g.error);
        return out.toUtf8();
    }
    out += QStringLiteral("**Score: %1 / %2 (%3)**\n\n")
               .arg(g.points)
               .arg(g.maxPoints)
               .arg(percent(g));
    out += QStringLiteral("| | Criterion | Points | Found |\n|---|---|---|---|\n");
    for (const CriterionResult &r : g.results) {
        const QString icon = !r.checked ? QStringLiteral("–")
                                        : (r.passed ? QStringLiteral("✅") : QStringLiteral("❌"));
        QString text = r.criterion.text;
        text.replace(QLatin1Char('|'), QStringLiteral("\\|"));
        QString detail = r.detail;
        detail.replace(QLatin1Char('|'), QStringLiteral("\\|"));
        out += QStringLiteral("| %1 | %2 | %3/%4 | %5 |\n")
                   .arg(icon, text)
                   .arg(r.checked && r.passed ? r.criterion.points : 0)
                   .arg(r.criterion.points)
                   .arg(detail);
    }
    if (!g.notes.isEmpty()) {
        out += QStringLiteral("\n<details><summary>What the importer noted (%1)</summary>\n\n")
                   .arg(g.notes.size());
        for (const QString &n : g.notes)
            out += QStringLiteral("- %1\n").arg(n);
        out += QStringLiteral("\n</details>\n");
    }
    return out.toUtf8();
}

QByteArray GradeReport::csv(const QList<Grade> &grades, const Rubric &rubric) {
    QStringList header{QStringLiteral("answer"), QStringLiteral("points"),
                       QStringLiteral("max_points"), QStringLiteral("percent")};
    for (const Criterion &c : rubric.criteria)
        header.append(csvField(c.text));
    header.append(QStringLiteral("error"));
    QString out = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (const Grade &g : grades) {
        QStringList row{csvField(QFileInfo(g.answer).fileName()), QString::number(g.points),
                        QString::number(g.maxPoints),
                        g.maxPoints ? QString::number(100.0 * g.points / g.maxPoints, 'f', 1)
                                    : QString()};
        for (int i = 0; i < rubric.criteria.size(); ++i) {
            const CriterionResult *r = i < g.results.size() ? &g.results.at(i) : nullptr;
            row.append(!r || !r->checked ? QString()
                                         : QString::number(r->passed ? r->criterion.points : 0));
        }
        row.append(csvField(g.error));
        out += row.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out.toUtf8();
}

} // namespace infrastage
