#pragma once

#include "httpmessage.h"

#include <QByteArray>

namespace infrastage::http {

// W3C Trace Context for one HTTP hop: the trace id carried by `traceparent`, the caller's span
// and a fresh span for this hop.
struct TraceContext {
    QByteArray traceId;    // 32 lower-case hex digits
    QByteArray parentSpan; // 16 hex digits, empty when this hop started the trace
    QByteArray spanId;     // 16 hex digits, new for this hop
    bool started = false;  // no valid traceparent arrived; this hop made the trace id

    // Reads `traceparent`; when absent or invalid and `startIfMissing`, starts a new trace.
    static TraceContext fromHeaders(const HttpHeaders &headers, bool startIfMissing);
    bool valid() const { return !traceId.isEmpty(); }
    // The header value to send to the next hop: 00-<trace>-<this span>-01.
    QByteArray traceparent() const;
};

// `bytes` random bytes as lower-case hex.
QByteArray randomHex(int bytes);

} // namespace infrastage::http
