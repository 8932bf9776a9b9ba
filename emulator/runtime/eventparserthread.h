#pragma once

#include "eventlineparser.h"
#include "runtimeevent.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

namespace infrastage::runtime {

// Turns the bytes the nodes write into events on a thread of its own, so that the thread that
// runs the orchestrator (the GUI's, in the designer) only reads pipes and moves finished events:
// under load, parsing is most of the work of the event path. Each node's bytes go through one
// Stream and are parsed in the order given; the events come back in that order, in batches, on
// the thread of the stream's receiver. At most 64 MiB of bytes wait for the parser; past that a
// chunk is dropped and a `runtime.events_dropped` event (`bytes`, `reason`) takes its place.
class EventParserThread final : public QObject {
    Q_OBJECT

public:
    using Deliver = std::function<void(QList<RuntimeEvent> &&events)>;

    class Stream {
    public:
        // The owner's thread only.
        QPointer<QObject> receiver;
        Deliver deliver;
        std::atomic<qint64> queuedBytes{0};
        // The parser's thread only.
        QByteArray pending;  // the start of a line not finished yet
        bool resync = false; // a chunk was dropped: skip to the next line
        EventLineParser parser;
    };

    explicit EventParserThread(QObject *parent = nullptr);
    ~EventParserThread() override;

    // A stream whose events are given to `deliver` on `receiver`'s thread while it exists.
    // `parseRequestDetails`: see EventLineParser::setParseRequestDetails.
    std::shared_ptr<Stream> open(QObject *receiver, Deliver deliver,
                                 bool parseRequestDetails = true);
    void parse(const std::shared_ptr<Stream> &stream, QByteArray bytes);
    // Calls `done` on the receiver's thread after everything given before was delivered.
    void whenDone(const std::shared_ptr<Stream> &stream, std::function<void()> done);

    // Appends `bytes` to what `pending` holds and turns every finished line into an event (a
    // line that is not one becomes `runtime.bad_line`), kept in `pending` what is left. With
    // `resync`, first skips to the next line. NodeProcess without a parser thread uses this too.
    static void parseBytes(QByteArray &pending, bool &resync, EventLineParser &parser,
                           QByteArray bytes, QList<RuntimeEvent> *events);

private:
    void deliver(const std::shared_ptr<Stream> &stream, QList<RuntimeEvent> &&events);

    QThread m_thread;
    QObject *m_worker; // lives in m_thread
};

} // namespace infrastage::runtime
