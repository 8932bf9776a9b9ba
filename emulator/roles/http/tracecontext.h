#pragma once

#include "httpmessage.h"

#include <QByteArray>

#include <array>

namespace infrastage::http {

// The W3C header's name, one shared copy (a literal would allocate a QByteArray at every use).
inline const QByteArray kTraceparentHeader = QByteArrayLiteral("traceparent");

// W3C Trace Context for one HTTP hop: the trace id carried by `traceparent`, the caller's span
// and a fresh span for this hop. Made per request on the hot path: only the trace id allocates.
struct TraceContext {
    QByteArray traceId;          // 32 lower-case hex digits
    QByteArray parentSpan;       // 16 hex digits, empty when this hop started the trace
    std::array<char, 16> span{}; // 16 hex digits, new for this hop (when valid())
    bool started = false;        // no valid traceparent arrived; this hop made the trace id

    // Reads `traceparent`; when absent or invalid and `startIfMissing`, starts a new trace.
    static TraceContext fromHeaders(const HttpHeaders &headers, bool startIfMissing);
    bool valid() const { return !traceId.isEmpty(); }
    QByteArray spanId() const { return valid() ? QByteArray(span.data(), 16) : QByteArray(); }
    // The header value to send to the next hop: 00-<trace>-<this span>-01.
    QByteArray traceparent() const;
    // The same value written at `out` (kTraceparentSize bytes), when valid().
    static constexpr qsizetype kTraceparentSize = 55;
    void writeTraceparent(char *out) const;
};

// `bytes` random bytes as lower-case hex.
QByteArray randomHex(int bytes);

} // namespace infrastage::http
