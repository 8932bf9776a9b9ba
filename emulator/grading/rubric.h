#pragma once

#include <QList>
#include <QStringList>

namespace infrastage {

// What a criterion of a rubric checks.
enum class CriterionCheck {
    Components, // "components KIND OP N": how many nodes of a kind the design has
    Finding,    // "finding RULE present|absent": an analysis finding it must still have or
                // must have fixed
    Runs,       // "runs": the design starts and a real request goes through it
};

// One line of a rubric: points, a check and the sentence a student reads.
struct Criterion {
    int points = 1;
    CriterionCheck check = CriterionCheck::Components;
    QString kind;        // Components: a node kind's file name ("loadbalancer", "web", ...)
    QString op;          // Components: ">=", "<=" or "=="
    int count = 0;       // Components
    QString rule;        // Finding: a rule id ("spof.load-balancer")
    bool present = true; // Finding: must be there (true) or must be gone (false)
    QString text;        // "a load balancer spreads the requests"
    int line = 0;        // where it is written in the rubric file
};

// A rubric a teacher writes for an exercise, in a small line format (docs/grading.md):
//   exercise: three-server
//   title: Distributed web infrastructure
//   2 | components loadbalancer >= 1 | a load balancer spreads the requests
//   1 | finding spof.load-balancer present | the load balancer is still a single point of failure
//   2 | runs | the design starts and answers a request
// '#' starts a comment line. Errors name the line.
class Rubric final {
public:
    QString exercise;
    QString title;
    QList<Criterion> criteria;

    static bool parse(const QString &text, Rubric *rubric, QString *error);
    static bool load(const QString &path, Rubric *rubric, QString *error);
    // The folder the shipped rubrics are in (installed, else the source tree's examples/rubrics).
    static QString shippedFolder();
    // The shipped rubric file of `exercise` ("three-server" -> .../three-server.rubric).
    static QString shippedPath(const QString &exercise);
    int maxPoints() const;
};

} // namespace infrastage
