#include "replaytimeline.h"

#include "recordednodestates.h"

#include "eventdetails.h"
#include "events/eventkind.h"

#include <QSet>

#include <algorithm>

namespace infrastage::gui {

ReplayTimeline::ReplayTimeline(RecordingInfo info, TopologyData recorded,
                               std::vector<runtime::RuntimeEvent> events)
    : m_info(std::move(info))
    , m_recorded(std::move(recorded))
    , m_events(std::move(events)) {
    m_t0 = m_events.empty() ? 0 : m_events.front().t;
    parseWhatIsRead();
    m_time.reserve(m_events.size());
    RecordedNodeStates states;
    qint64 latest = 0;
    for (size_t i = 0; i < m_events.size(); ++i) {
        const runtime::RuntimeEvent &e = m_events[i];
        // The merger orders events by time; one that came late is shown when it came.
        latest = std::max(latest, e.t - m_t0);
        m_time.push_back(latest);
        for (const auto &[node, status] : states.apply(e))
            m_statuses.push_back({int(i), node, status});
        if (e.kind == EventKind::RuntimeFault)
            m_faultEvents.append(int(i));
    }
    CanvasState state;
    state.begin(m_recorded);
    Cursor cursor;
    m_keyframes.push_back({-1, cursor, state});
    for (size_t from = 0; from + kKeyframeEvery < m_events.size(); from += kKeyframeEvery) {
        const int last = int(from) + kKeyframeEvery - 1;
        // Up to and with event `last`, and every event at the same time (advance takes them all).
        advance(&state, &cursor, m_time[size_t(last)]);
        state.takeChangedNodes();
        state.takeChangedLinks();
        m_keyframes.push_back({m_time[size_t(last)], cursor, state});
    }
    m_requests = RecordedRequest::findAll(m_events, m_recorded);
}

void ReplayTimeline::parseWhatIsRead() {
    // What is read here is parsed here: the events outside any request (processes, faults,
    // health checks, database roles: few) and those of the walkthroughs' requests. The hops of
    // a load stay text (the canvas reads a few fields of some) until something shows them.
    QSet<QString> walkthroughs;
    for (runtime::RuntimeEvent &e : m_events) {
        if (!e.trace.isEmpty())
            continue;
        runtime::parseDetails(&e);
        if (e.kind == EventKind::BrowserRequest) {
            walkthroughs.insert(e.details.value(QLatin1String("trace")).toString());
            walkthroughs.insert(e.details.value(QLatin1String("first_trace")).toString());
        }
    }
    for (runtime::RuntimeEvent &e : m_events)
        if (!e.trace.isEmpty() && walkthroughs.contains(e.trace))
            runtime::parseDetails(&e);
}

void ReplayTimeline::advance(CanvasState *state, Cursor *c, qint64 ns) const {
    const int n = int(m_events.size());
    while (c->next < n && m_time[size_t(c->next)] <= ns) {
        const qint64 t = m_time[size_t(c->next)];
        for (; c->nextTickNs <= t; c->nextTickNs += kTickNs)
            state->tick(c->nextTickNs / 1000000);
        state->apply(m_events[size_t(c->next)], t / 1000000);
        for (; c->nextStatus < int(m_statuses.size()) &&
               m_statuses[size_t(c->nextStatus)].event == c->next;
             ++c->nextStatus)
            state->setNodeStatus(m_statuses[size_t(c->nextStatus)].node,
                                 m_statuses[size_t(c->nextStatus)].status);
        ++c->next;
    }
    for (; c->nextTickNs <= ns; c->nextTickNs += kTickNs)
        state->tick(c->nextTickNs / 1000000);
}

void ReplayTimeline::seek(qint64 ns, CanvasState *state, Cursor *cursor) const {
    // The last snapshot taken at or before `ns`.
    auto it = std::upper_bound(m_keyframes.begin(), m_keyframes.end(), ns,
                               [](qint64 t, const Keyframe &k) { return t < k.ns; });
    const Keyframe &k = *std::prev(it);
    *state = k.state;
    *cursor = k.cursor;
    advance(state, cursor, ns);
}

} // namespace infrastage::gui
