#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace infrastage {

// How bad a finding is.
enum class Severity {
    Error,   // the design fails a user outright (a single point of failure, a broken model)
    Warning, // a real weakness (security hole, no monitoring, stale reads)
    Info,    // worth knowing
};

// Which of the analysis' four families a finding belongs to.
enum class FindingCategory {
    Spof,        // a single point of failure on the read or write path: "spof"
    Security,    // firewall, HTTPS, exposure: "security"
    Monitoring,  // what nobody watches: "monitoring"
    Consistency, // data consistency and model coherence: "consistency"
};

QString severityName(Severity s);
QString categoryName(FindingCategory c);

// One weakness of a design, told so that a student can understand it and fix it.
struct Finding {
    QString rule; // stable id, e.g. "spof.load-balancer"
    FindingCategory category = FindingCategory::Consistency;
    Severity severity = Severity::Warning;
    QStringList nodes; // ids of the nodes (and links) involved
    QString title;
    QString explanation;
    QString fix;   // what to do, in words
    QString fixId; // id of the automatic fix (see analysis/fixes.h), empty if none

    bool operator==(const Finding &) const = default;
};

using Findings = QList<Finding>;

} // namespace infrastage
