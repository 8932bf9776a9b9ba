#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace infrastage::runtime {

// How `chaos` failed the element of a row.
enum class ChaosFailure {
    Kill, // a node killed (a server: all of its components)
    Cut,  // a link cut (a network link to the internet: docs/runtime.md, "Internet links")
};

// What `chaos` measured while one node (a server: all of its components) was down or one link
// cut: the share of reads (GET /api/guestbook) and writes (POST /api/guestbook) by new
// visitors (DNS, then the site, over HTTPS where it redirects there) that succeeded. -1 when
// the design did not start for that measurement.
struct ChaosRow {
    QString node; // the node's id, or the link's
    double read = -1;
    double write = -1;
    ChaosFailure failure = ChaosFailure::Kill;
    int settleMs = 0;   // probes were counted from this long after the failure (settleTime)
    QString readError;  // why the last counted read that failed did ("HTTP 502"); empty: none
    QString writeError; // the same for writes
};

// What to measure: `seconds` of probing per failed element; `targets` (node or link ids) empty
// means every DNS, load balancer, server, web, application and database node of the design
// and every standalone firewall on a way in, in the design's order, then every network link
// between the internet and the entry points.
struct ChaosSpec {
    int seconds = 3;
    int settleMs = -1; // probes before this long after the failure do not count; -1: from the
                       // design and the element (ChaosRun::settleTime)
    QStringList targets;
    QByteArray host = "www.foobar.com";
};

} // namespace infrastage::runtime

Q_DECLARE_METATYPE(infrastage::runtime::ChaosRow)
