#pragma once

#include "replaytimeline.h"

#include "live/canvasstate.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

class QTimer;

namespace infrastage::gui {

class Document;
class LiveDocks;
class ReplayLoader;
class RunController;

// Replays a recording on the canvas with nothing running: the same node tags, link states,
// traffic dots, failure badges and request token as the run showed, the same walkthrough in
// the player, the same events in the event log and faults in the Faults dock, at any speed,
// from any moment (scrubbing goes through the timeline's snapshots). The design is locked as
// during a run until the replay is closed.
class ReplayController final : public QObject {
    Q_OBJECT

public:
    ReplayController(Document *document, RunController *runner, LiveDocks *docks,
                     QObject *parent = nullptr);
    ~ReplayController() override;

    // Loads the recording off the GUI thread; opened() or failed() follows.
    void open(const RecordingInfo &recording);
    void close();
    bool isOpen() const { return m_timeline != nullptr; }
    bool isLoading() const;
    const ReplayTimeline *timeline() const { return m_timeline.get(); }
    // Why the recording may not match the design ("" when it was made from this very design).
    QString staleWarning() const { return m_stale; }

    void play();
    void pause();
    bool isPlaying() const;
    void setSpeed(double speed); // 1: as fast as it happened
    double speed() const { return m_speed; }
    void seek(qint64 ns);    // now
    void scrubTo(qint64 ns); // soon: many calls in a row cost one seek
    qint64 position() const { return m_position; }
    qint64 duration() const { return m_timeline ? m_timeline->durationNs() : 0; }
    int eventsShown() const { return m_cursor.next; } // events applied so far

Q_SIGNALS:
    void opened();
    void failed(const QString &error);
    void closed();
    void positionChanged(qint64 ns);
    // The events played since the last frame, in order. A jump emits none, unless it lands
    // near the start: then the sequence begins again with the first event.
    void eventsReplayed(const QList<infrastage::runtime::RuntimeEvent> &events);
    void playingChanged(bool playing);

private:
    void onLoaded(std::shared_ptr<const ReplayTimeline> timeline);
    void frame();
    void moveTo(qint64 ns, bool jump);
    void showRequest(qint64 ns, bool jump);

    Document *m_document;
    RunController *m_runner;
    LiveDocks *m_docks;
    ReplayLoader *m_loader;
    std::shared_ptr<const ReplayTimeline> m_timeline;
    QString m_pendingName;
    QString m_stale;
    CanvasState m_state;
    ReplayTimeline::Cursor m_cursor;
    qint64 m_position = 0;
    double m_speed = 1;
    QTimer *m_frame;
    QElapsedTimer m_clock; // wall time of the last frame
    QTimer *m_scrub;
    qint64 m_scrubTarget = 0;
    int m_request = -1;     // the request the player shows
    int m_requestSteps = 0; // of its steps added so far
    bool m_outcomeShown = false;
};

} // namespace infrastage::gui
