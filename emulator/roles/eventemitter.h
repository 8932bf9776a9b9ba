#pragma once

#include "events/eventkind.h"

#include <QJsonObject>
#include <QString>

namespace infrastage::roles {

// Writes this process's events to stdout as JSON lines, the stream the orchestrator merges:
//   {"t": <CLOCK_MONOTONIC ns>, "kind": "<kind>", "trace": "<trace id>", "details": {...}}
// Only the `ready` line names the node ("node": "<id>"): a reader knows whose output it reads
// (the orchestrator has a pipe per node) and gives every event its node from there, so the
// lines of every request do not repeat it (issue 12: tracing's bytes and instructions).
// Lines are batched: written when the event loop is about to wait and the batch holds 32 KiB or
// its first line is 5 ms old (a timer covers a loop that stays quiet), and at once past 64 KiB;
// ready() and flush() write at once.
//
// Writing an event never blocks the role: when stdout is a pipe it is made non-blocking (and
// enlarged to 1 MiB), what the reader has not taken yet waits in a buffer of at most 8 MiB, and
// a write notifier resumes when the pipe has room. Lines that do not fit are dropped; the first
// line written after a drop is `{"kind":"events.dropped","details":{"dropped":N,"reason":...}}`,
// in the place where they were lost.
namespace EventEmitter {

// The kind of the note a role writes after it had to drop events (see above).
inline constexpr const char *kEventsDroppedKind = EventKind::EventsDropped.latin1();

void setNode(const QString &nodeId);
QString node();
qint64 nowNs(); // CLOCK_MONOTONIC, comparable across processes on one machine

// Whether per-hop request/response lines and headers should be included ("detail on").
void setDetail(bool on);
bool detail();

void emitEvent(const QString &kind, const QJsonObject &details, const QString &trace = QString());
// A ready-made event line (one compact JSON object, no newline) standing for `events` events
// (2 for a pair's line, events/eventpairs.h: what a drop counts).
void emitLine(const QByteArray &line, int events = 1);

// Hot paths (roles/http/fastevent.h) write their line straight into the output buffer, with no
// copy and no resize per line: openLine() gives the buffer's storage, whose first `*used` bytes
// are lines; one line (newline included) is written after them, within the storage's size, which
// the writer may enlarge with resize() (what is in it stays). It gives nullptr while another
// line is open (then use emitLine). closeLine() takes the line as ending at `end` (drops it if
// the buffer's bound is passed, schedules the write).
QByteArray *openLine(qsizetype *used);
void closeLine(qsizetype end, int events = 1);

// The first event of every role: {"kind":"ready","details":{"address","port",...extra}}.
void ready(const QString &address, int port, const QJsonObject &extra = QJsonObject());

// Writes what is buffered as far as the pipe takes it now; never waits.
void flush();
// At exit: waits at most `timeoutMs` for the reader to take everything still buffered.
void drainBeforeExit(int timeoutMs = 1000);
// Events dropped so far because the buffer was full.
qint64 droppedLines();
// The buffer's bound (default 8 MiB); for tests.
void setMaxBufferedBytes(qsizetype bytes);

} // namespace EventEmitter

} // namespace infrastage::roles
