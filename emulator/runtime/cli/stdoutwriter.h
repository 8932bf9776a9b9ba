#pragma once

#include <QByteArray>

#include <functional>
#include <memory>

namespace infrastage::cli {

// Writes lines to a file descriptor (stdout) from a thread of its own through a bounded queue,
// so a reader that stops reading never blocks the caller's event loop — and, behind it, the
// nodes writing their events into the orchestrator's pipes. Lines that do not fit are dropped;
// where they were dropped the reader later gets one line (made by `dropNotice`) saying how many.
class StdoutWriter final {
public:
    // Called on the writer thread; must not touch shared state.
    using DropNotice = std::function<QByteArray(qint64 dropped)>;

    StdoutWriter(qint64 maxQueuedBytes, DropNotice dropNotice, int fd = 1);
    // Waits up to 2 s for the queue to drain, then leaves a stuck thread behind (the process is
    // about to exit; joining it could wait forever on a reader that never reads).
    ~StdoutWriter();
    StdoutWriter(const StdoutWriter &) = delete;
    StdoutWriter &operator=(const StdoutWriter &) = delete;

    // Queues one line (a newline is added if missing). Never waits for the reader.
    void write(const QByteArray &line);
    // Waits until everything queued has been written, at most `timeoutMs`; true if it was.
    bool drain(int timeoutMs);
    qint64 droppedLines() const;

private:
    struct Shared;
    static void run(const std::shared_ptr<Shared> &s);

    // Shared with the thread, which may outlive this object when the reader is stuck.
    std::shared_ptr<Shared> m_shared;
};

} // namespace infrastage::cli
