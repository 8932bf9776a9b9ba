#include "eventparserthread.h"
#include "events/eventkind.h"

#include <QJsonObject>

#include <cstring>

namespace infrastage::runtime {

namespace {
constexpr qint64 kMaxQueuedBytes = 64 * 1024 * 1024;
constexpr qsizetype kMaxLineBytes = 4 * 1024 * 1024; // a node writing without newlines
} // namespace

EventParserThread::EventParserThread(QObject *parent)
    : QObject(parent)
    , m_worker(new QObject) {
    m_thread.setObjectName(QStringLiteral("event parser"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

EventParserThread::~EventParserThread() {
    m_thread.quit();
    m_thread.wait();
}

std::shared_ptr<EventParserThread::Stream>
EventParserThread::open(QObject *receiver, Deliver deliver, bool parseRequestDetails) {
    auto stream = std::make_shared<Stream>();
    stream->parser.setParseRequestDetails(parseRequestDetails);
    stream->receiver = receiver;
    stream->deliver = std::move(deliver);
    return stream;
}

void EventParserThread::parseBytes(QByteArray &pending, bool &resync, EventLineParser &parser,
                                   QByteArray bytes, QList<RuntimeEvent> *events) {
    if (pending.isEmpty())
        pending = std::move(bytes);
    else
        pending += bytes;
    const char *data = pending.constData();
    qsizetype start = 0;
    while (start < pending.size()) {
        const void *nl = std::memchr(data + start, '\n', size_t(pending.size() - start));
        if (!nl)
            break;
        const qsizetype eol = static_cast<const char *>(nl) - data;
        const QByteArrayView line(data + start, eol - start);
        start = eol + 1;
        if (resync) {
            resync = false; // the rest of a line whose start was dropped
            continue;
        }
        if (line.trimmed().isEmpty())
            continue;
        if (!parser.parse(line, events)) {
            RuntimeEvent e;
            e.t = RuntimeEvent::nowNs();
            e.kind = EventKind::RuntimeBadLine;
            e.details =
                QJsonObject{{QStringLiteral("line"),
                             QString::fromUtf8(line.first(std::min<qsizetype>(500, line.size())))}};
            events->append(std::move(e));
        }
    }
    if (start == pending.size())
        pending.clear();
    else
        pending.remove(0, start);
    if (pending.size() > kMaxLineBytes)
        pending.clear(); // do not grow forever
}

void EventParserThread::deliver(const std::shared_ptr<Stream> &stream,
                                QList<RuntimeEvent> &&events) {
    // Posted to this object, which lives on the receiver's thread and outlives the worker.
    QMetaObject::invokeMethod(
        this,
        [stream, events = std::move(events)]() mutable {
            if (stream->receiver)
                stream->deliver(std::move(events));
        },
        Qt::QueuedConnection);
}

void EventParserThread::parse(const std::shared_ptr<Stream> &stream, QByteArray bytes) {
    const qint64 size = bytes.size();
    if (stream->queuedBytes + size > kMaxQueuedBytes) {
        // The parser is this far behind: drop the chunk, say so where it was.
        QMetaObject::invokeMethod(
            m_worker,
            [this, stream, size] {
                stream->pending.clear();
                stream->resync = true;
                RuntimeEvent e;
                e.t = RuntimeEvent::nowNs();
                e.kind = EventKind::RuntimeEventsDropped;
                e.details =
                    QJsonObject{{QStringLiteral("bytes"), size},
                                {QStringLiteral("reason"),
                                 QStringLiteral("the orchestrator's event parser fell behind")}};
                deliver(stream, QList<RuntimeEvent>{std::move(e)});
            },
            Qt::QueuedConnection);
        return;
    }
    stream->queuedBytes += size;
    QMetaObject::invokeMethod(
        m_worker,
        [this, stream, bytes = std::move(bytes), size]() mutable {
            QList<RuntimeEvent> events;
            parseBytes(stream->pending, stream->resync, stream->parser, std::move(bytes), &events);
            stream->queuedBytes -= size;
            if (!events.isEmpty())
                deliver(stream, std::move(events));
        },
        Qt::QueuedConnection);
}

void EventParserThread::whenDone(const std::shared_ptr<Stream> &stream,
                                 std::function<void()> done) {
    QMetaObject::invokeMethod(
        m_worker,
        [this, stream, done = std::move(done)] {
            QMetaObject::invokeMethod(
                this,
                [stream, done] {
                    if (stream->receiver)
                        done();
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

} // namespace infrastage::runtime
