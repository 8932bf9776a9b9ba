#pragma once

class QObject;

namespace infrastage::http {

// Writes held to the end of the event loop's pass: the answers a pass makes leave together once
// everything that was ready has been handled, as HAProxy sends, instead of one by one as each is
// made. A peer then finds many at once when it wakes: behind the lb, the servers woke about 0.4
// times per request with writes at once and 0.2 with writes at the pass's end (HAProxy: 0.25),
// and each wake-up costs them a few microseconds (docs/benchmarks.md).
//
// Only on a thread whose event loop is an EpollDispatcher (the role processes), which runs what
// is held after every pass; INFRASTAGE_WRITES=now writes at once there too (for comparisons).
bool writesAtPassEnd();
// Runs `run(owner)` at the end of this pass, unless `owner` is gone by then. Only when
// writesAtPassEnd().
void atPassEnd(QObject *owner, void (*run)(QObject *));

// The EpollDispatcher's: its thread holds writes (unless INFRASTAGE_WRITES=now), and it runs
// what is held at the end of each pass.
void enablePassEnd();
void runPassEnd();

} // namespace infrastage::http
