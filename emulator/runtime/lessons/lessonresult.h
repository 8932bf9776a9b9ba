#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace infrastage::runtime {

// One expectation as checked against the real run.
struct ExpectationResult {
    QString text; // as written in the lesson
    int line = 0;
    bool held = false;
    QString measured; // what the run showed ("status 200", "DOWN after 0.8 s", "0 of 5 ok")
};

// One step as played: its action and what its expectations found.
struct LessonStepResult {
    int index = 0; // 0-based
    QString caption;
    QString action;      // what was done ("kill server-1-web"), empty for none
    QString actionError; // empty when the action was done
    QList<ExpectationResult> expectations;

    bool passed() const;
    QJsonObject toJson() const;
    QString toText() const; // "Step 2: ...\n  action: ...\n  [held] ... (measured)\n"
};

// The whole lesson: every step, and why it stopped early if it did.
struct LessonSummary {
    QString title;
    QList<LessonStepResult> steps;
    int stepCount = 0; // steps in the lesson (some may not have been played)
    QString error;     // the run failed (design did not start, ...): empty otherwise

    bool passed() const; // every step played and passed, no error
    int held() const;
    int expectations() const;
    QJsonObject toJson() const;
    QString toText() const; // the closing line ("5 of 5 expectations held")
};

} // namespace infrastage::runtime

Q_DECLARE_METATYPE(infrastage::runtime::LessonStepResult)
Q_DECLARE_METATYPE(infrastage::runtime::LessonSummary)
