#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace infrastage::runtime {

// What `chaos` measured while one node (a server: all of its components) was down: the share
// of reads (GET /api/guestbook) and writes (POST /api/guestbook) through the load balancer
// that succeeded. -1 when the design did not start for that measurement.
struct ChaosRow {
    QString node;
    double read = -1;
    double write = -1;
};

// What to measure: `seconds` of probing per failed node; `targets` empty means every DNS, load
// balancer, server, web, application and database node of the design, in the design's order.
struct ChaosSpec {
    int seconds = 3;
    QStringList targets;
    QByteArray host = "www.foobar.com";
};

} // namespace infrastage::runtime

Q_DECLARE_METATYPE(infrastage::runtime::ChaosRow)
