#pragma once

#include "eventkind.h"

#include <QJsonObject>
#include <QList>
#include <QStringView>

#include <array>

// Event pairs: one line a role writes for events of one request that happen back to back, so
// that tracing writes fewer lines and bytes per request (issue 12: the lb's lb.request, lb.choice
// and lb.forward were about 690 bytes in three lines, now about 400 in one). The readers of node
// output turn such a line back into its events: EventLineParser (the orchestrator, so `up`, the
// GUI, the recorder and the walkthrough) and the role tests' NodeHarness. The line's kind never
// reaches a consumer.
//
// A pair is two events at the same time in the same trace where the second's fields are a subset
// of the first's: the first gets every field of the line, the second `secondFields`. A pair may
// be led by an event before it (`lead`): its details are the object in the line's field
// `leadField`, its time the line's; then the pair's events are `kDelayField` ns later, and the
// first of them gets every field but those two.
namespace infrastage::EventPairs {

struct Pair {
    QLatin1String wire;                        // the kind written on the line
    QLatin1String first;                       // the pair's first event: the line's other fields
    QLatin1String second;                      // then this one: only `secondFields`
    std::array<QLatin1String, 4> secondFields; // in the order they appear on the line
    QLatin1String lead{};                      // empty, or the event before the pair
    QLatin1String leadField{};                 // the field holding the lead's details

    bool led() const { return !lead.isEmpty(); }
    int events() const { return led() ? 3 : 2; }
    // `key`: QLatin1String or QStringView.
    template <typename Key> bool isSecondField(Key key) const {
        for (QLatin1String f : secondFields) {
            if (key == f)
                return true;
        }
        return false;
    }
};

// On a line with a lead: the pair's time minus the lead's, in ns (a field of no event).
inline constexpr QLatin1String kDelayField{"dt"};

// lb.choice then lb.forward, written by the lb for every forward of a traced request (without
// detail on: a `forwarded` field goes on an lb.forward line of its own).
inline constexpr QLatin1String LbChoiceForward{"lb.choice+forward"};
// The same, led by the request's lb.request when the forward follows it at once (not when the
// request waits in a queue, and not with detail on: `received` goes on a line of its own).
inline constexpr QLatin1String LbRequestChoiceForward{"lb.request+choice+forward"};

inline constexpr std::array<QLatin1String, 4> kLbForwardFields{
    QLatin1String("server"), QLatin1String("address"), QLatin1String("port"),
    QLatin1String("attempt")};

inline constexpr std::array<Pair, 2> kPairs{{
    {LbChoiceForward, EventKind::LbChoice, EventKind::LbForward, kLbForwardFields},
    {LbRequestChoiceForward, EventKind::LbChoice, EventKind::LbForward, kLbForwardFields,
     EventKind::LbRequest, QLatin1String("request")},
}};

// The pair a line's kind (QLatin1String or QStringView) stands for, or nullptr for an ordinary
// event.
template <typename Kind> const Pair *find(Kind kind) {
    for (const Pair &p : kPairs) {
        if (kind == p.wire)
            return &p;
    }
    return nullptr;
}

// The details of the line's events from the line's (parsed) details, in order: the lead's (with
// a lead), the first's, the second's.
inline QList<QJsonObject> splitDetails(const Pair &pair, const QJsonObject &line) {
    QJsonObject lead, first, second;
    for (auto it = line.constBegin(); it != line.constEnd(); ++it) {
        const QString key = it.key();
        if (pair.led() && key == pair.leadField) {
            lead = it.value().toObject();
            continue;
        }
        if (pair.led() && key == kDelayField)
            continue;
        first.insert(key, it.value());
        if (pair.isSecondField(key))
            second.insert(key, it.value());
    }
    if (!pair.led())
        return {first, second};
    return {lead, first, second};
}

// The second event's details from the first's (of a pair without a lead, the line's).
inline QJsonObject secondDetails(const Pair &pair, const QJsonObject &first) {
    QJsonObject out;
    for (QLatin1String key : pair.secondFields) {
        const auto it = first.constFind(key);
        if (it != first.constEnd())
            out.insert(key, it.value());
    }
    return out;
}

// For readers of whole JSON objects (a node's line as {"t","node","kind","trace","details"}):
// the line's events, one, two or three.
inline QList<QJsonObject> split(const QJsonObject &line) {
    const Pair *pair = find(line.value(QLatin1String("kind")).toString());
    if (!pair)
        return {line};
    const QJsonObject details = line.value(QLatin1String("details")).toObject();
    const QList<QJsonObject> parts = splitDetails(*pair, details);
    QList<QJsonObject> out;
    const auto add = [&](QLatin1String kind, const QJsonObject &d, double t) {
        QJsonObject e = line;
        e.insert(QLatin1String("kind"), kind);
        e.insert(QLatin1String("details"), d);
        e.insert(QLatin1String("t"), t);
        out.append(e);
    };
    double t = line.value(QLatin1String("t")).toDouble();
    qsizetype i = 0;
    if (pair->led()) {
        add(pair->lead, parts[i++], t);
        t += details.value(kDelayField).toDouble();
    }
    add(pair->first, parts[i++], t);
    add(pair->second, parts[i], t);
    return out;
}

} // namespace infrastage::EventPairs
