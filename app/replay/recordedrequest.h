#pragma once

#include "gateway/walkthroughstep.h"
#include "runtimeevent.h"

#include "model/topologydata.h"

#include <QList>
#include <vector>

namespace infrastage::gui {

// A request of a walkthrough found in a recording (its browser.request event): the steps the
// player showed live, rebuilt by the runtime's WalkthroughSteps from the same events (the DNS
// question that was the browser's, then the trace's), and how it ended.
struct RecordedRequest {
    QString title;   // "GET http://www.foobar.com/api/guestbook", as the player's title
    QString outcome; // "200 from server-1 in 3.21 ms", "failed: ..."
    QString trace;
    qint64 startNs = 0; // CLOCK_MONOTONIC: the DNS question
    qint64 doneNs = 0;  // the browser.request event
    QList<runtime::WalkthroughStep> steps;

    // Every request of `events` (in order), with the roles of `topology`'s nodes.
    static QList<RecordedRequest> findAll(const std::vector<runtime::RuntimeEvent> &events,
                                          const TopologyData &topology);
};

// The line the player and the status bar show when a request is answered.
QString requestOutcomeText(int status, const QString &servedBy, double ms, const QString &error);

} // namespace infrastage::gui
