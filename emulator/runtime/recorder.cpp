#include "recorder.h"

#include "events/eventkind.h"
#include "recorderstore.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace infrastage::runtime {

namespace {
constexpr size_t kBatchEvents = 16384; // wake the writer at once past this
constexpr auto kWriteInterval = std::chrono::milliseconds(100);
} // namespace

// Lock order: storeMutex, then queueMutex. record() takes queueMutex only, for a push_back.
struct Recorder::Shared {
    std::mutex storeMutex; // held while a batch is written, so batches go in in queue order
    RecorderStore store;
    std::vector<RuntimeEvent> batch; // the batch being written (keeps its capacity)

    std::mutex queueMutex;
    std::condition_variable wake;
    std::vector<RuntimeEvent> queue;
    size_t maxQueued = 262144;
    qint64 droppedPending = 0; // dropped, not yet reported in the recording
    qint64 droppedTotal = 0;
    bool stopping = false;

    std::atomic<qint64> written{0};
    std::thread thread;

    // With storeMutex held: writes what is queued, and a note of what was dropped.
    bool writeQueued() {
        qint64 dropped = 0;
        {
            std::lock_guard lock(queueMutex);
            batch.swap(queue);
            dropped = droppedPending;
            droppedPending = 0;
        }
        if (dropped > 0) {
            RuntimeEvent e;
            e.t = RuntimeEvent::nowNs();
            e.node = QStringLiteral("orchestrator");
            e.kind = EventKind::RuntimeEventsDropped;
            e.details = QJsonObject{
                {QStringLiteral("dropped"), dropped},
                {QStringLiteral("reason"),
                 QStringLiteral("the recorder's queue was full (the database fell behind)")}};
            batch.push_back(std::move(e));
        }
        const bool ok = store.write(batch);
        written = store.written();
        batch.clear();
        return ok;
    }

    void run() {
        for (;;) {
            {
                std::unique_lock lock(queueMutex);
                wake.wait_for(lock, kWriteInterval,
                              [this] { return stopping || queue.size() >= kBatchEvents; });
                if (stopping)
                    return; // close() writes the rest itself
            }
            std::lock_guard lock(storeMutex);
            writeQueued();
        }
    }
};

Recorder::Recorder(QObject *parent)
    : QObject(parent)
    , m_shared(std::make_unique<Shared>()) {}

Recorder::~Recorder() {
    close();
}

const char *Recorder::schema() {
    return RecorderStore::schema();
}

bool Recorder::open(const QString &path, QString *error) {
    close();
    {
        std::lock_guard lock(m_shared->storeMutex);
        if (!m_shared->store.open(path, error))
            return false;
    }
    m_shared->stopping = false;
    m_shared->thread = std::thread([s = m_shared.get()] { s->run(); });
    return true;
}

void Recorder::close() {
    if (!m_shared->thread.joinable())
        return;
    endRun();
    {
        std::lock_guard lock(m_shared->queueMutex);
        m_shared->stopping = true;
    }
    m_shared->wake.notify_all();
    m_shared->thread.join();
    std::lock_guard lock(m_shared->storeMutex);
    m_shared->store.close();
}

bool Recorder::isOpen() const {
    return m_shared->thread.joinable();
}

qint64 Recorder::beginRun(const QString &topologyName, const QString &runDir) {
    if (!isOpen())
        return 0;
    endRun();
    std::lock_guard lock(m_shared->storeMutex);
    const qint64 id = m_shared->store.beginRun(topologyName, runDir);
    m_shared->written = 0;
    {
        std::lock_guard queueLock(m_shared->queueMutex);
        m_shared->droppedTotal = 0;
    }
    m_recording = id != 0;
    return id;
}

void Recorder::endRun() {
    if (!m_recording)
        return;
    m_recording = false;
    std::lock_guard lock(m_shared->storeMutex);
    m_shared->writeQueued();
    m_shared->store.endRun();
}

void Recorder::record(const RuntimeEvent &event) {
    if (!m_recording)
        return;
    Shared &s = *m_shared;
    std::lock_guard lock(s.queueMutex);
    if (s.queue.size() >= s.maxQueued) {
        ++s.droppedPending;
        ++s.droppedTotal;
        return;
    }
    s.queue.push_back(event);
    if (s.queue.size() == kBatchEvents)
        s.wake.notify_one();
}

bool Recorder::flush(QString *error) {
    std::lock_guard lock(m_shared->storeMutex);
    const bool ok = m_shared->writeQueued();
    if (!ok && error)
        *error = m_shared->store.lastError();
    return ok;
}

qint64 Recorder::recorded() const {
    return m_shared->written;
}

qint64 Recorder::droppedEvents() const {
    std::lock_guard lock(m_shared->queueMutex);
    return m_shared->droppedTotal;
}

QString Recorder::lastError() const {
    std::lock_guard lock(m_shared->storeMutex);
    return m_shared->store.lastError();
}

void Recorder::setMaxQueuedEvents(qint64 events) {
    std::lock_guard lock(m_shared->queueMutex);
    m_shared->maxQueued = size_t(std::max<qint64>(1, events));
}

} // namespace infrastage::runtime
