#pragma once

#include "backendserver.h"

#include <QHostAddress>
#include <QList>
#include <QSet>
#include <QString>
#include <QVarLengthArray>

namespace infrastage::roles::lb {

// Chooses a backend server for a request (or tcp connection) with HAProxy's algorithms and says
// why, in words a walkthrough can show.
class Balancer final {
public:
    struct Choice {
        int index = -1; // into the server list; -1: no server available
        QString reason;
        bool full = false; // index -1 because every UP server is at its maxconn: queue
        // `"reason":"<reason>"` for lb.choice when the text is one made once (round robin's),
        // formatted once too (FastEvent::addFields); else empty.
        QByteArray reasonField = {};
    };

    Balancer(QList<BackendServer> *servers, const QString &algorithm);

    // `exclude`: servers that already failed this request (redispatch); ignored when nothing
    // else is available.
    Choice choose(const QHostAddress &client, const QSet<int> &exclude = QSet<int>());
    QString algorithm() const { return m_algorithm; }
    // Without explanations (tracing off) choices carry no reason text, except "no server is
    // UP": formatting it for every request is work nobody reads.
    void setExplain(bool on) { m_explain = on; }

private:
    using Candidates = QVarLengthArray<int, 16>; // no allocation per request
    Candidates candidates(const QSet<int> &exclude, bool *backup, bool *full) const;
    Choice roundRobin(const Candidates &c);
    Choice leastConn(const Candidates &c);
    Choice source(const Candidates &c, const QHostAddress &client) const;

    QList<BackendServer> *m_servers;
    QString m_algorithm;
    int m_last = -1;                    // the previous round-robin choice, for the reason text
    QList<QString> m_rrReasons;         // "roundrobin: next after <id>" by previous server
    QList<QByteArray> m_rrReasonFields; // the same as lb.choice's "reason" field
    int m_lcStart = 0;                  // rotates ties in leastconn
    bool m_explain = true;
    // roundrobin and leastconn pass over servers at their maxconn (HAProxy's fwrr/fwlc); a
    // hash (source) is bound to its server and waits in that server's queue instead.
    bool m_skipFull = true;
};

} // namespace infrastage::roles::lb
