#pragma once

#include "grader.h"

#include <QByteArray>

namespace infrastage {

// A grade written out: as text (one line per criterion), as JSON, as a Markdown report a
// teacher can paste into feedback, and a folder of grades as one CSV table.
class GradeReport final {
public:
    static QByteArray text(const Grade &grade);
    static QByteArray json(const Grade &grade);
    static QByteArray markdown(const Grade &grade);
    // One row per answer: file, points, max, percent, then the points of each criterion.
    static QByteArray csv(const QList<Grade> &grades, const Rubric &rubric);
};

} // namespace infrastage
