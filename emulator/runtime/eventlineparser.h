#pragma once

#include "events/eventpairs.h"
#include "runtimeevent.h"

#include <QByteArrayView>
#include <QList>

#include <vector>

namespace infrastage::runtime {

// Reads the event lines a node writes (RuntimeEvent's JSON form) at the rate a loaded design
// produces them: the top-level fields are scanned in place, only `details` goes through the
// JSON parser, its text is kept for the recorder (RuntimeEvent::detailsJson), and the few
// kinds and node names a node repeats share one string each. A line of any other shape (keys
// with escapes, fields this does not know, malformed text) goes to RuntimeEvent::fromJsonLine,
// which stays the definition of what an event line is. A line that stands for two or three
// events (events/eventpairs.h) gives them all.
class EventLineParser final {
public:
    // Appends the line's events (one, or two or three for a pair); false if the line is not an
    // event (the caller reports it).
    bool parse(QByteArrayView line, QList<RuntimeEvent> *events);
    // Off: events of a request (with a trace: the per-hop events, nearly all of them under
    // load) keep `details` only as text (RuntimeEvent::detailsJson), checked for balanced braces
    // and strings but not parsed; node lifecycle, health, database role, replication and
    // control events are parsed as ever. For consumers that only record and print the hops
    // (`up`).
    void setParseRequestDetails(bool on) { m_parseRequestDetails = on; }

private:
    bool scan(QByteArrayView line, RuntimeEvent *event);
    // Appends the events a pair's line stands for (`line`: the line read as one event).
    void addPair(const EventPairs::Pair &pair, RuntimeEvent &line, QList<RuntimeEvent> *events);
    static bool splitText(const EventPairs::Pair &pair, const QByteArray &text, RuntimeEvent *lead,
                          RuntimeEvent *first, RuntimeEvent *second, qint64 *delay);
    const QString &intern(QByteArrayView text);

    // (bytes, string) of kinds and nodes seen; a node uses a few dozen kinds at most.
    std::vector<std::pair<QByteArray, QString>> m_names;
    bool m_parseRequestDetails = true;
};

} // namespace infrastage::runtime
