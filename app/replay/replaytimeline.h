#pragma once

#include "live/canvasstate.h"
#include "recordedrequest.h"

#include "gateway/nodestatus.h"
#include "io/recordinginfo.h"
#include "runtimeevent.h"

#include "model/topologydata.h"

#include <QList>
#include <vector>

namespace infrastage::gui {

// A recording made ready to replay: its events in their recorded order, the node statuses they
// imply, the walkthroughs of its requests, and a snapshot of the canvas every kKeyframeEvery
// events, so that any moment is reached by applying at most that many events to a copy of the
// nearest snapshot (scrubbing 100,000 events does not replay 100,000 events). Built once off
// the GUI thread (ReplayLoader), read-only afterwards.
// Times are nanoseconds since the recording's first event.
class ReplayTimeline final {
public:
    static constexpr int kKeyframeEvery = 2000;
    static constexpr qint64 kTickNs = 1000000000; // the canvas's traffic is per second

    // Where a replay is in the events: the next one to apply, the next status change, the
    // next whole second.
    struct Cursor {
        int next = 0;
        int nextStatus = 0;
        qint64 nextTickNs = kTickNs;
    };

    ReplayTimeline() = default;
    ReplayTimeline(RecordingInfo info, TopologyData recorded,
                   std::vector<runtime::RuntimeEvent> events);

    const RecordingInfo &info() const { return m_info; }
    const TopologyData &recorded() const { return m_recorded; }
    const std::vector<runtime::RuntimeEvent> &events() const { return m_events; }
    const QList<RecordedRequest> &requests() const { return m_requests; }
    // Events of a fault (runtime.fault), by index: what the Faults dock rebuilds from.
    const QList<int> &faultEvents() const { return m_faultEvents; }
    qint64 startNs() const { return m_t0; } // CLOCK_MONOTONIC of the first event
    qint64 durationNs() const { return m_time.empty() ? 0 : m_time.back(); }
    qint64 timeOf(int index) const { return m_time[size_t(index)]; } // never decreasing
    int keyframes() const { return int(m_keyframes.size()); }

    // The canvas at `ns`: from the nearest snapshot at or before it, then forward.
    void seek(qint64 ns, CanvasState *state, Cursor *cursor) const;
    // Applies what happened after `cursor` up to `ns` (events, status changes, seconds).
    void advance(CanvasState *state, Cursor *cursor, qint64 ns) const;

private:
    void parseWhatIsRead();

    struct StatusChange {
        int event; // applied right after this event
        QString node;
        runtime::NodeStatus status;
    };
    struct Keyframe {
        qint64 ns;
        Cursor cursor;
        CanvasState state;
    };

    RecordingInfo m_info;
    TopologyData m_recorded;
    std::vector<runtime::RuntimeEvent> m_events;
    std::vector<qint64> m_time; // of each event, since the first; made non-decreasing
    qint64 m_t0 = 0;
    std::vector<StatusChange> m_statuses;
    std::vector<Keyframe> m_keyframes;
    QList<RecordedRequest> m_requests;
    QList<int> m_faultEvents;
};

} // namespace infrastage::gui
