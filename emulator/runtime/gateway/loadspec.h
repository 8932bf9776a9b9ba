#pragma once

#include "fault.h"

#include <QList>
#include <QString>

namespace infrastage::runtime {

// A load to drive through the running design (`infrastage-cli run`, the GUI's Start load).
struct LoadSpec {
    QString url = QStringLiteral("http://www.foobar.com/");
    int requests = 100;    // in all; 0: until DesignGateway::stopLoad()
    int concurrency = 1;   // keep-alive connections
    double rate = 0;       // requests per second overall; 0: as fast as answers come
    QList<Fault> faults;   // each applied `Fault::at` seconds after the load started
    int snapshotMs = 1000; // a MetricSnapshot this often; 0: none
};

} // namespace infrastage::runtime
