#pragma once

#include "inferredkind.h"

#include <QList>
#include <QString>

namespace infrastage {

// The evidence for each kind a box of a drawing could be, weighed: the words of its label
// (the first line counts most), its shape, its icons, its id, its classes, the subgraph it
// sits in and the text of its links each add weight to one candidate. The candidate with the
// most weight wins; a runner-up close behind is reported so that a person can check.
// A phrase that matched hides its words from the shorter rules ("application server" is not
// also a "server").
class KindScore final {
public:
    struct Reason {
        QString candidate; // "load balancer", "network", "certificate", ...
        double weight = 0;
        QString why; // "'haproxy' in the first line"
    };

    // Adds the words of `text` the rules know, each weighed by `factor`; `where` says where
    // they stand ("the first line", "the id", ...). False when no word was known.
    bool addWords(const QString &text, double factor, const QString &where);
    void addKind(NodeKind kind, double weight, const QString &why);
    void addMeaning(DrawnMeaning meaning, double weight, const QString &why);

    // Below this total nothing is known about the box.
    static constexpr double kKnownAt = 1.0;
    // A runner-up with this share of the winner's weight or more is "close".
    static constexpr double kCloseShare = 0.75;

    InferredKind best() const;
    bool close() const;
    QString runnerUp() const;
    double weightOf(const QString &candidate) const;
    bool empty() const { return m_reasons.isEmpty(); }
    // "load balancer 7.0 ('haproxy' in the first line +3.0, ...); then web server 1.0"
    QString explain() const;

    QString databaseRole() const { return m_role; }

    static QString candidateName(NodeKind kind);
    static QString candidateName(DrawnMeaning meaning);

private:
    struct Total {
        QString candidate;
        double weight = 0;
    };
    QList<Total> totals() const;

    QList<Reason> m_reasons;
    QString m_role;
};

} // namespace infrastage
