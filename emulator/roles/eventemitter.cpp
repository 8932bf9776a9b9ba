#include "eventemitter.h"
#include "events/eventkind.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace infrastage::roles::EventEmitter {

namespace {

// More than this is written at once, without waiting for the event loop to go idle.
constexpr qsizetype kFlushBytes = 64 * 1024;
// When the event loop is about to wait, what is buffered is written once it is this large or its
// first line this old; otherwise a timer writes it when it is that old. Fewer, larger writes:
// every write wakes the reader, and on a busy machine a wake-up can cost the writer a context
// switch (about a tenth of the lb's CPU per request went there when it wrote on every pass).
constexpr qsizetype kBatchBytes = 32 * 1024;
constexpr qint64 kMaxDelayNs = 5 * 1000000;
// What the reader has not taken yet is kept up to this; more is dropped and counted.
constexpr qsizetype kDefaultMaxBuffered = 8 * 1024 * 1024;
// The pipe to the orchestrator is enlarged to this (Linux's default for unprivileged users'
// maximum), so a reader that pauses for a few milliseconds costs nothing.
constexpr int kPipeBytes = 1024 * 1024;

struct State {
    QString node;
    bool detail = false;
    QByteArray buffer;            // storage, kept between flushes: `used` bytes of it are lines
    qsizetype used = 0;           // (its size is room made ahead, never shrunk)
    bool hooked = false;          // flush() is connected to the event loop's aboutToBlock
    qint64 batchStartNs = 0;      // when the first line of what is buffered came
    QTimer *batchTimer = nullptr; // writes a batch that reached kMaxDelayNs in a quiet loop
    bool prepared = false;        // stdout looked at: a pipe is made non-blocking and enlarged
    bool waiting = false;         // the pipe is full: `writable` resumes the writing
    bool broken = false;          // the reader is gone: events have nowhere to go
    QSocketNotifier *writable = nullptr;
    qsizetype maxBuffered = kDefaultMaxBuffered;
    qint64 dropped = 0;     // events dropped since the last note about it (a pair's line: 2)
    qint64 firstDropNs = 0; // when the first of them was dropped: the note's time
    qint64 droppedTotal = 0;
    qsizetype openStart = -1; // where the line being written by openLine()'s caller starts
    QList<std::pair<QByteArray, int>> pending; // lines (and their events) emitted while one
                                               // was open: they follow it
};

State &state() {
    static State s;
    return s;
}

void prepareStdout(State &s) {
    s.prepared = true;
    struct stat st;
    if (::fstat(STDOUT_FILENO, &st) != 0 || !S_ISFIFO(st.st_mode))
        return; // a file or a terminal: writes do not wait for a reader
    ::fcntl(STDOUT_FILENO, F_SETPIPE_SZ, kPipeBytes); // best effort
    const int flags = ::fcntl(STDOUT_FILENO, F_GETFL);
    if (flags >= 0)
        ::fcntl(STDOUT_FILENO, F_SETFL, flags | O_NONBLOCK);
}

// Writes from the front of the buffer until it is empty or the pipe is full; true when empty.
bool writeSome(State &s) {
    if (!s.prepared)
        prepareStdout(s);
    qsizetype done = 0;
    while (done < s.used) {
        const ssize_t n =
            ::write(STDOUT_FILENO, s.buffer.constData() + done, size_t(s.used - done));
        if (n > 0) {
            done += n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        } else {
            s.broken = true; // the orchestrator is gone
            s.used = 0;
            return true;
        }
    }
    if (done == s.used) {
        s.used = 0; // the storage stays for the next batch
        return true;
    }
    std::memmove(s.buffer.data(), s.buffer.constData() + done, size_t(s.used - done));
    s.used -= done;
    return false;
}

void waitForRoom(State &s);

// Writes what it can; if the pipe is full, arranges to go on when it has room.
void writeOrWait(State &s) {
    if (writeSome(s)) {
        if (s.writable)
            s.writable->setEnabled(false);
        s.waiting = false;
        return;
    }
    waitForRoom(s);
}

void waitForRoom(State &s) {
    s.waiting = true;
    if (!s.writable) {
        if (!QCoreApplication::instance()) { // no event loop to come back to: wait here
            pollfd p{STDOUT_FILENO, POLLOUT, 0};
            while (!writeSome(s))
                ::poll(&p, 1, -1);
            s.waiting = false;
            return;
        }
        s.writable = new QSocketNotifier(STDOUT_FILENO, QSocketNotifier::Write,
                                         QCoreApplication::instance());
        QObject::connect(s.writable, &QSocketNotifier::activated, s.writable,
                         [] { writeOrWait(state()); });
    }
    s.writable->setEnabled(true);
}

// `n` bytes appended to the lines, the storage enlarged when they do not fit.
void append(State &s, const char *p, qsizetype n) {
    if (s.used + n > s.buffer.size())
        s.buffer.resize(std::max(s.used + n, 2 * s.buffer.size()));
    std::memcpy(s.buffer.data() + s.used, p, size_t(n));
    s.used += n;
}

// The note that `dropped` lines were lost here, written like any event line.
void appendDropNote(State &s) {
    const QByteArray note =
        "{\"t\":" + QByteArray::number(s.firstDropNs) + ",\"kind\":\"" + kEventsDroppedKind +
        "\",\"details\":{\"dropped\":" + QByteArray::number(s.dropped) +
        ",\"reason\":\"the event reader did not keep up; at most " +
        QByteArray::number(s.maxBuffered) + " bytes of events wait for it\"}}\n";
    append(s, note.constData(), note.size());
    s.dropped = 0;
}

} // namespace

void setNode(const QString &nodeId) {
    state().node = nodeId;
}

QString node() {
    return state().node;
}

qint64 nowNs() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

void setDetail(bool on) {
    state().detail = on;
}

bool detail() {
    return state().detail;
}

void emitEvent(const QString &kind, const QJsonObject &details, const QString &trace) {
    State &s = state();
    QJsonObject o{{QStringLiteral("t"), double(nowNs())},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("details"), details}};
    if (kind == EventKind::Ready) // the one line that names the node (see the header)
        o.insert(QStringLiteral("node"), s.node);
    if (!trace.isEmpty())
        o.insert(QStringLiteral("trace"), trace);
    emitLine(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

namespace {

void countDrop(State &s, int events) {
    if (s.dropped == 0)
        s.firstDropNs = nowNs();
    s.dropped += events;
    s.droppedTotal += events;
}

// Room the note about dropped lines needs (it is about 200 bytes).
constexpr qsizetype kDropNoteRoom = 512;

// Before a line goes into the buffer: room kept between flushes, and the note about lines lost
// before it once the note fits. Until it does, lines are dropped too (lineFits), so that the
// note stands where they were lost.
void prepareBuffer(State &s) {
    if (s.used == 0)
        s.batchStartNs = nowNs();
    if (s.buffer.size() < 2 * kFlushBytes)
        s.buffer.resize(2 * kFlushBytes);
    if (s.dropped > 0 && s.used + kDropNoteRoom <= s.maxBuffered)
        appendDropNote(s);
}

// Whether a buffer of `size` bytes, a new line included, may be kept.
bool lineFits(const State &s, qsizetype size) {
    return s.dropped == 0 && size <= s.maxBuffered;
}

// When the loop is about to wait: the batch is written if it is large or old enough, else a timer
// comes back for it.
void loopIdle() {
    State &s = state();
    if (s.used == 0)
        return;
    const qint64 age = nowNs() - s.batchStartNs;
    if (s.used >= kBatchBytes || age >= kMaxDelayNs) {
        flush();
        return;
    }
    if (!s.batchTimer) {
        s.batchTimer = new QTimer(QCoreApplication::instance());
        s.batchTimer->setSingleShot(true);
        s.batchTimer->setTimerType(Qt::PreciseTimer);
        QObject::connect(s.batchTimer, &QTimer::timeout, s.batchTimer, [] { flush(); });
    }
    if (!s.batchTimer->isActive())
        s.batchTimer->start(int((kMaxDelayNs - age + 999999) / 1000000));
}

// After a line went in: written now when a lot is waiting, else when the loop goes idle.
void lineAdded(State &s) {
    if (s.used > kFlushBytes) {
        flush();
        return;
    }
    if (s.hooked)
        return;
    // Lines are written when the event loop has handled everything that was ready and is about
    // to wait again (loopIdle): in a quiet process within kMaxDelayNs, and under load in
    // batches of kBatchBytes or more, many requests' events in one write(2), with no timer or
    // posted event per pass.
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    QCoreApplication *app = QCoreApplication::instance();
    if (!dispatcher || !app) {
        flush(); // no event loop to wait for
        return;
    }
    QObject::connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, app, &loopIdle);
    s.hooked = true;
}

} // namespace

void emitLine(const QByteArray &line, int events) {
    State &s = state();
    if (s.broken)
        return;
    if (s.openStart >= 0) {
        s.pending.append({line, events});
        return;
    }
    prepareBuffer(s);
    if (!lineFits(s, s.used + line.size() + 1)) {
        countDrop(s, events);
        return;
    }
    append(s, line.constData(), line.size());
    append(s, "\n", 1);
    lineAdded(s);
}

QByteArray *openLine(qsizetype *used) {
    State &s = state();
    if (s.openStart >= 0)
        return nullptr;
    prepareBuffer(s);
    s.openStart = s.used;
    *used = s.used;
    return &s.buffer;
}

void closeLine(qsizetype end, int events) {
    State &s = state();
    s.openStart = -1;
    // A line that may not be kept is dropped by leaving `used` where it was.
    if (!s.broken && !lineFits(s, end))
        countDrop(s, events);
    else if (!s.broken)
        s.used = end;
    if (!s.pending.isEmpty()) {
        const QList<std::pair<QByteArray, int>> pending = std::exchange(s.pending, {});
        for (const auto &[line, n] : pending)
            emitLine(line, n);
    }
    lineAdded(s);
}

void ready(const QString &address, int port, const QJsonObject &extra) {
    QJsonObject d = extra;
    d.insert(QStringLiteral("address"), address);
    d.insert(QStringLiteral("port"), port);
    d.insert(QStringLiteral("pid"), qint64(::getpid()));
    emitEvent(EventKind::Ready, d);
    flush();
}

void flush() {
    State &s = state();
    if (s.used == 0 || s.waiting || s.broken)
        return; // while waiting, the write notifier goes on by itself
    if (s.openStart >= 0)
        return; // a line is being written into the buffer: closeLine() comes back here
    writeOrWait(s);
}

void drainBeforeExit(int timeoutMs) {
    State &s = state();
    QDeadlineTimer deadline(timeoutMs);
    pollfd p{STDOUT_FILENO, POLLOUT, 0};
    while (!s.broken && s.used > 0 && !writeSome(s) && !deadline.hasExpired())
        ::poll(&p, 1, int(std::max<qint64>(1, deadline.remainingTime())));
}

qint64 droppedLines() {
    return state().droppedTotal;
}

void setMaxBufferedBytes(qsizetype bytes) {
    state().maxBuffered = std::max<qsizetype>(bytes, 4096);
}

} // namespace infrastage::roles::EventEmitter
