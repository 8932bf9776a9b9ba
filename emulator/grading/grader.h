#pragma once

#include "rubric.h"

#include "model/topologydata.h"

namespace infrastage {

// How one criterion of a rubric went for one answer.
struct CriterionResult {
    Criterion criterion;
    bool checked = true; // false: not checked (a run that was not asked for)
    bool passed = false;
    QString detail; // what was found: "2 load balancers", "the finding is gone", ...
};

// The grade of one answer against one rubric.
struct Grade {
    QString answer;   // the file graded
    QString exercise; // the rubric's
    QString title;
    bool read = false; // the answer could be read into a design
    QString error;     // why not, when it could not
    QStringList notes; // the importer's warnings and fill-ins, for the teacher
    QList<CriterionResult> results;
    int points = 0;
    int maxPoints = 0; // of the criteria checked
};

// Grades a student's answer (a Mermaid diagram, Markdown holding one, or a design file)
// against a rubric: components counted in the design, findings of the analysis present or
// gone, and, when asked, whether the design runs: `infrastage-cli request` is started on it
// (real processes, one real request through its DNS and load balancer) and must succeed; while
// another run on this machine holds one of its addresses it is not checked, and says why.
class Grader final {
public:
    // `cli`: the infrastage-cli executable used for the run criterion (empty: not run).
    static Grade grade(const QString &answerPath, const Rubric &rubric, const QString &cli);
    // Grades a design already read.
    static Grade grade(const TopologyData &design, const Rubric &rubric, const QString &cli);

private:
    static CriterionResult check(const Criterion &c, const TopologyData &design,
                                 const QStringList &rules, const QString &cli);
    // Whether it ran and answered; `checked` false when it could not be tried (another run on
    // this machine holds one of its addresses: the student is not marked down for that).
    static bool runs(const TopologyData &design, const QString &cli, QString *detail,
                     bool *checked);
};

} // namespace infrastage
