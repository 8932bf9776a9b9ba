#pragma once

#include "topologydata.h"

#include <QSet>

namespace infrastage {

// The name a new or copied host gets so that no two hosts share one: "Server 3" for
// "Server 1" when "Server 1" and "Server 2" exist, "LB 2" for "LB 1"; a name without a number
// gets " 2", " 3", ... only when it is taken. Components are not counted (every server has its
// "Nginx Web Server"). One rule for the designer, the fixes and the importer.
class FreshName final {
public:
    static QString forHost(const TopologyData &data, const QString &name,
                           const QSet<QString> &taken = {});
};

} // namespace infrastage
