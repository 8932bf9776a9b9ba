#include "lessonresult.h"

#include <QJsonArray>

namespace infrastage::runtime {

bool LessonStepResult::passed() const {
    if (!actionError.isEmpty())
        return false;
    for (const ExpectationResult &e : expectations) {
        if (!e.held)
            return false;
    }
    return true;
}

QJsonObject LessonStepResult::toJson() const {
    QJsonArray list;
    for (const ExpectationResult &e : expectations)
        list.append(QJsonObject{{QStringLiteral("expect"), e.text},
                                {QStringLiteral("line"), e.line},
                                {QStringLiteral("held"), e.held},
                                {QStringLiteral("measured"), e.measured}});
    QJsonObject o{{QStringLiteral("step"), index + 1},
                  {QStringLiteral("caption"), caption},
                  {QStringLiteral("action"), action},
                  {QStringLiteral("passed"), passed()},
                  {QStringLiteral("expectations"), list}};
    if (!actionError.isEmpty())
        o.insert(QStringLiteral("action_error"), actionError);
    return o;
}

QString LessonStepResult::toText() const {
    QString s = QStringLiteral("Step %1: %2\n").arg(index + 1).arg(caption);
    if (!action.isEmpty())
        s += QStringLiteral("  did:  %1%2\n")
                 .arg(action, actionError.isEmpty() ? QString()
                                                    : QStringLiteral(" -- FAILED: ") + actionError);
    for (const ExpectationResult &e : expectations)
        s += QStringLiteral("  %1 expect %2 (%3)\n")
                 .arg(e.held ? QStringLiteral("[held]  ") : QStringLiteral("[FAILED]"), e.text,
                      e.measured);
    return s;
}

bool LessonSummary::passed() const {
    if (!error.isEmpty() || steps.size() != stepCount)
        return false;
    for (const LessonStepResult &s : steps) {
        if (!s.passed())
            return false;
    }
    return true;
}

int LessonSummary::held() const {
    int n = 0;
    for (const LessonStepResult &s : steps) {
        for (const ExpectationResult &e : s.expectations)
            n += e.held ? 1 : 0;
    }
    return n;
}

int LessonSummary::expectations() const {
    int n = 0;
    for (const LessonStepResult &s : steps)
        n += int(s.expectations.size());
    return n;
}

QJsonObject LessonSummary::toJson() const {
    QJsonArray list;
    for (const LessonStepResult &s : steps)
        list.append(s.toJson());
    QJsonObject o{
        {QStringLiteral("lesson"), title}, {QStringLiteral("passed"), passed()},
        {QStringLiteral("steps"), list},   {QStringLiteral("step_count"), stepCount},
        {QStringLiteral("held"), held()},  {QStringLiteral("expectations"), expectations()}};
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    return o;
}

QString LessonSummary::toText() const {
    QString s;
    if (!error.isEmpty())
        s += QStringLiteral("The lesson stopped: %1\n").arg(error);
    s += QStringLiteral("%1: %2 of %3 expectations held, %4 of %5 steps played -- %6\n")
             .arg(title)
             .arg(held())
             .arg(expectations())
             .arg(steps.size())
             .arg(stepCount)
             .arg(passed() ? QStringLiteral("PASSED") : QStringLiteral("FAILED"));
    return s;
}

} // namespace infrastage::runtime
