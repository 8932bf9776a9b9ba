#pragma once

#include "httpmessage.h"

#include <QByteArray>

#include <array>

namespace infrastage::http {

// The W3C header's name, one shared copy (a literal would allocate a QByteArray at every use).
inline const QByteArray kTraceparentHeader = QByteArrayLiteral("traceparent");

// W3C Trace Context for one HTTP hop: the trace id carried by `traceparent`, the caller's span
// and a fresh span for this hop. Made per request on the hot path: the ids live in the struct,
// nothing is allocated.
struct TraceContext {
    std::array<char, 32> id{};     // the trace id, 32 lower-case hex digits, when valid()
    std::array<char, 16> parent{}; // the caller's span, when a valid traceparent arrived
    std::array<char, 16> span{};   // 16 hex digits, new for this hop (when valid())
    bool hasId = false;
    bool started = false; // no valid traceparent arrived; this hop made the trace id (no parent)

    // Reads `traceparent`; when absent or invalid and `startIfMissing`, starts a new trace.
    static TraceContext fromHeaders(const HttpHeaders &headers, bool startIfMissing);
    bool valid() const { return hasId; }
    // The trace id (empty when there is no trace); a view into this struct.
    QByteArrayView traceId() const {
        return hasId ? QByteArrayView(id.data(), 32) : QByteArrayView();
    }
    // The caller's span id, empty when this hop started the trace; a view into this struct.
    QByteArrayView parentSpan() const {
        return hasId && !started ? QByteArrayView(parent.data(), 16) : QByteArrayView();
    }
    QByteArray spanId() const { return valid() ? QByteArray(span.data(), 16) : QByteArray(); }
    // The header value to send to the next hop: 00-<trace>-<this span>-01.
    QByteArray traceparent() const;
    // The same value written at `out` (kTraceparentSize bytes), when valid().
    static constexpr qsizetype kTraceparentSize = 55;
    void writeTraceparent(char *out) const;
};

} // namespace infrastage::http
