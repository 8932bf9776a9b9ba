#include "rubric.h"

#include "model/kindspec.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace infrastage {

namespace {

bool criterionFrom(const QString &check, Criterion *c, QString *why) {
    const QStringList w = check.simplified().split(QLatin1Char(' '));
    if (w.value(0) == QLatin1String("runs") && w.size() == 1) {
        c->check = CriterionCheck::Runs;
        return true;
    }
    if (w.value(0) == QLatin1String("components") && w.size() == 4) {
        NodeKind kind;
        if (!nodeKindFromName(w.at(1), &kind)) {
            *why = QStringLiteral("'%1' is not a node kind").arg(w.at(1));
            return false;
        }
        static const QStringList ops = {QStringLiteral(">="), QStringLiteral("<="),
                                        QStringLiteral("==")};
        bool ok = false;
        const int n = w.at(3).toInt(&ok);
        if (!ops.contains(w.at(2)) || !ok || n < 0) {
            *why = QStringLiteral("write 'components KIND >= N' (or <=, ==)");
            return false;
        }
        c->check = CriterionCheck::Components;
        c->kind = w.at(1);
        c->op = w.at(2);
        c->count = n;
        return true;
    }
    if (w.value(0) == QLatin1String("finding") && w.size() == 3 &&
        (w.at(2) == QLatin1String("present") || w.at(2) == QLatin1String("absent"))) {
        c->check = CriterionCheck::Finding;
        c->rule = w.at(1);
        c->present = w.at(2) == QLatin1String("present");
        return true;
    }
    *why = QStringLiteral("a check is 'components KIND OP N', 'finding RULE present|absent' or "
                          "'runs'");
    return false;
}

} // namespace

bool Rubric::parse(const QString &text, Rubric *rubric, QString *error) {
    *rubric = Rubric();
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString l = lines.at(i).trimmed();
        const int lineNo = i + 1;
        if (l.isEmpty() || l.startsWith(QLatin1Char('#')))
            continue;
        if (l.startsWith(QLatin1String("exercise:"))) {
            rubric->exercise = l.mid(9).trimmed();
            continue;
        }
        if (l.startsWith(QLatin1String("title:"))) {
            rubric->title = l.mid(6).trimmed();
            continue;
        }
        const QStringList parts = l.split(QLatin1Char('|'));
        bool ok = false;
        Criterion c;
        c.points = parts.value(0).trimmed().toInt(&ok);
        QString why;
        if (parts.size() != 3 || !ok || c.points <= 0 || c.points > 1000) {
            why = QStringLiteral("write 'POINTS | CHECK | TEXT' (points 1 to 1000)");
        } else if (criterionFrom(parts.at(1), &c, &why)) {
            c.text = parts.at(2).trimmed();
            c.line = lineNo;
            rubric->criteria.append(c);
            continue;
        }
        *error = QStringLiteral("line %1: %2").arg(lineNo).arg(why);
        return false;
    }
    if (rubric->criteria.isEmpty()) {
        *error = QStringLiteral("the rubric has no criterion");
        return false;
    }
    return true;
}

bool Rubric::load(const QString &path, Rubric *rubric, QString *error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return false;
    }
    if (f.size() > 1024 * 1024) {
        *error = QStringLiteral("%1: larger than 1 MB; not a rubric").arg(path);
        return false;
    }
    QString why;
    if (!parse(QString::fromUtf8(f.readAll()), rubric, &why)) {
        *error = QStringLiteral("%1: %2").arg(path, why);
        return false;
    }
    return true;
}

QString Rubric::shippedFolder() {
    const QString installed = QCoreApplication::applicationDirPath() +
                              QStringLiteral("/../share/infrastage/examples/rubrics");
    if (QDir(installed).exists())
        return QDir(installed).absolutePath();
    return QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/rubrics");
}

QString Rubric::shippedPath(const QString &exercise) {
    return shippedFolder() + QLatin1Char('/') + exercise + QStringLiteral(".rubric");
}

int Rubric::maxPoints() const {
    int total = 0;
    for (const Criterion &c : criteria)
        total += c.points;
    return total;
}

} // namespace infrastage
