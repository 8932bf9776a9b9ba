#pragma once

#include "eventkind.h"

#include <QJsonObject>
#include <QList>
#include <QStringView>

#include <array>

// Event pairs: one line a role writes for two events of one request that happen back to back
// (same time, same trace), where the second's fields are a subset of the first's. Tracing writes
// fewer lines and bytes per request (issue 12: the lb's lb.choice and lb.forward were 430 bytes
// in two lines, now about 250 in one). The readers of node output turn such a line back into its
// two events, the first with every field of the line, the second with `secondFields`:
// EventLineParser (the orchestrator, so `up`, the GUI, the recorder and the walkthrough) and
// the role tests' NodeHarness. The pair's kind never reaches a consumer.
namespace infrastage::EventPairs {

struct Pair {
    QLatin1String wire;                        // the kind written on the line
    QLatin1String first;                       // the first event: all of the line's details
    QLatin1String second;                      // then this one: only `secondFields`
    std::array<QLatin1String, 4> secondFields; // in the order they appear on the line
};

// lb.choice then lb.forward, written by the lb for every forward of a traced request (without
// detail on: a `forwarded` field goes on an lb.forward line of its own).
inline constexpr QLatin1String LbChoiceForward{"lb.choice+forward"};

inline constexpr std::array<Pair, 1> kPairs{{
    {LbChoiceForward,
     EventKind::LbChoice,
     EventKind::LbForward,
     {QLatin1String("server"), QLatin1String("address"), QLatin1String("port"),
      QLatin1String("attempt")}},
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

// The second event's details from the first's.
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
// the line's events, one or two.
inline QList<QJsonObject> split(const QJsonObject &line) {
    const Pair *pair = find(line.value(QLatin1String("kind")).toString());
    if (!pair)
        return {line};
    QJsonObject first = line;
    QJsonObject second = line;
    first.insert(QLatin1String("kind"), pair->first);
    second.insert(QLatin1String("kind"), pair->second);
    second.insert(QLatin1String("details"),
                  secondDetails(*pair, line.value(QLatin1String("details")).toObject()));
    return {first, second};
}

} // namespace infrastage::EventPairs
