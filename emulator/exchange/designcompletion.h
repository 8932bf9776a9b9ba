#pragma once

#include "model/topologydata.h"

#include <QStringList>

namespace infrastage {

// Makes an imported design one the validator accepts, filling in what the drawing left out
// the way the designer does for a node dropped on the canvas: a host without a design IP
// (a standalone firewall or monitoring box included) gets the first free one from its kind's
// default (FreeAddress), a clashing address or virtual IP gets a free one, two components of
// a server on one port get the next free port, an id too long or badly formed gets a valid
// one (links and children follow), an over-long name is cut. What cannot be made valid (a
// link no kind fits, a duplicate link) is removed. Everything done is said, one line each.
class DesignCompletion final {
public:
    static constexpr int kMaxIdLength = 64;
    static constexpr int kMaxNameLength = 200;

    // Completes `topology`; `filled` receives what was filled in, `removed` what was dropped.
    static void complete(TopologyData *topology, QStringList *filled, QStringList *removed);

private:
    static void fixIds(TopologyData *t, QStringList *filled);
    static void fixNames(TopologyData *t, QStringList *filled);
    static void fixAddresses(TopologyData *t, QStringList *filled);
    static void fixPorts(TopologyData *t, QStringList *filled);
    static void dropInvalid(TopologyData *t, QStringList *removed);
};

} // namespace infrastage
