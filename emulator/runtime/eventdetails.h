#pragma once

#include "runtimeevent.h"

#include <QJsonObject>

namespace infrastage::runtime {

// An event's details as an object: `details`, or parsed from `detailsJson` when the event came
// without them (Orchestrator::Options::parseRequestDetails off, a replay's events). For the few
// events a consumer reads in full (its own request's hops); a hot path reads single fields from
// the text instead.
QJsonObject detailsOf(const RuntimeEvent &event);
// Fills `event->details` from its text when it has none.
void parseDetails(RuntimeEvent *event);

} // namespace infrastage::runtime
