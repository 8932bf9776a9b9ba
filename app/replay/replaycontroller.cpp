#include "replaycontroller.h"

#include "replayloader.h"
#include "topologyhash.h"

#include "document/document.h"
#include "live/eventlogpanel.h"
#include "live/faultspanel.h"
#include "live/livecanvas.h"
#include "live/livedocks.h"
#include "live/livesession.h"
#include "live/runcontroller.h"
#include "live/walkthroughplayer.h"

#include <QDockWidget>
#include <QTimer>

namespace infrastage::gui {

namespace {
constexpr int kFrameMs = 33;       // about 30 frames a second
constexpr int kEventLogTail = 300; // at most this many events reach the event log at once
} // namespace

ReplayController::ReplayController(Document *document, RunController *runner, LiveDocks *docks,
                                   QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_runner(runner)
    , m_docks(docks)
    , m_loader(new ReplayLoader(this))
    , m_frame(new QTimer(this))
    , m_scrub(new QTimer(this)) {
    m_frame->setInterval(kFrameMs);
    connect(m_frame, &QTimer::timeout, this, &ReplayController::frame);
    m_scrub->setSingleShot(true);
    m_scrub->setInterval(0);
    connect(m_scrub, &QTimer::timeout, this, [this] { seek(m_scrubTarget); });
    connect(m_loader, &ReplayLoader::loaded, this, &ReplayController::onLoaded);
    connect(m_loader, &ReplayLoader::failed, this, &ReplayController::failed);
    // A new design (New, Open) ends the replay of the old one's recording.
    connect(document, &Document::contentReset, this, &ReplayController::close);
}

ReplayController::~ReplayController() = default;

bool ReplayController::isLoading() const {
    return m_loader->isLoading();
}

void ReplayController::open(const RecordingInfo &recording) {
    if (m_runner->session()->isActive()) {
        emit failed(tr("Stop the running design to replay a recording."));
        return;
    }
    m_pendingName = recording.name;
    m_loader->load(recording);
}

void ReplayController::onLoaded(std::shared_ptr<const ReplayTimeline> timeline) {
    if (m_runner->session()->isActive())
        return; // a run began meanwhile: it has the canvas
    close();
    m_timeline = std::move(timeline);
    const RecordingInfo &info = m_timeline->info();
    m_stale.clear();
    if (info.topologyHash != topologyHash(m_document->data()))
        m_stale = tr("Recorded from an older version of this design: what changed since is not "
                     "what ran.");
    m_runner->setReplay(info.name);
    m_runner->canvas()->beginReplay(m_timeline->recorded());
    m_docks->eventLog()->clear();
    m_docks->faults()->clear();
    // From the very start: the first frame plays the events of time 0 like any other.
    m_state.begin(m_timeline->recorded());
    m_cursor = {};
    m_position = 0;
    m_request = -1;
    moveTo(0, false);
    emit opened();
}

void ReplayController::close() {
    if (!m_timeline)
        return;
    pause();
    m_scrub->stop();
    m_timeline.reset();
    m_runner->canvas()->end();
    m_runner->setReplay(QString());
    m_docks->player()->begin(QString());
    m_docks->eventLog()->clear();
    m_docks->faults()->clear();
    m_stale.clear();
    emit closed();
}

void ReplayController::play() {
    if (!m_timeline || m_frame->isActive())
        return;
    if (m_position >= duration())
        seek(0); // from the start again
    m_clock.start();
    m_frame->start();
    emit playingChanged(true);
}

void ReplayController::pause() {
    if (!m_frame->isActive())
        return;
    m_frame->stop();
    emit playingChanged(false);
}

bool ReplayController::isPlaying() const {
    return m_frame->isActive();
}

void ReplayController::setSpeed(double speed) {
    m_speed = qBound(0.01, speed, 1000.0);
}

void ReplayController::seek(qint64 ns) {
    if (m_timeline)
        moveTo(qBound<qint64>(0, ns, duration()), false);
}

void ReplayController::scrubTo(qint64 ns) {
    m_scrubTarget = ns;
    if (!m_scrub->isActive())
        m_scrub->start();
}

void ReplayController::frame() {
    const qint64 wall = m_clock.restart();
    const qint64 next = m_position + qint64(double(wall) * 1e6 * m_speed);
    moveTo(qMin(next, duration()), false);
    if (m_position >= duration())
        pause();
}

void ReplayController::moveTo(qint64 ns, bool jump) {
    const ReplayTimeline &t = *m_timeline;
    const int before = m_cursor.next;
    // Forward by fewer events than a snapshot holds: apply what happened since. Anything
    // else: from the nearest snapshot.
    const int n = int(t.events().size());
    const int far = before + ReplayTimeline::kKeyframeEvery;
    if (!jump && ns >= m_position && (far >= n || t.timeOf(far) > ns)) {
        t.advance(&m_state, &m_cursor, ns);
    } else {
        t.seek(ns, &m_state, &m_cursor);
        jump = true;
    }
    m_position = ns;
    m_runner->canvas()->showState(m_state);
    const auto &events = t.events();
    if (jump) {
        m_docks->eventLog()->clear();
        m_docks->faults()->clear();
    }
    // The event log gets what happened since, at most its tail (after a jump, or a frame of
    // fast playback through a load); the Faults dock every fault so far after a jump. The log
    // shows the details as text: nothing is parsed here.
    const int from = jump ? qMax(0, m_cursor.next - kEventLogTail) : before;
    if (m_cursor.next > from) {
        const auto last = events.begin() + m_cursor.next;
        m_docks->eventLog()->addEvents(
            QList<runtime::RuntimeEvent>(last - qMin(m_cursor.next - from, kEventLogTail), last));
        if (!jump || from == 0)
            emit eventsReplayed(QList<runtime::RuntimeEvent>(events.begin() + from, last));
    }
    QList<runtime::RuntimeEvent> faults;
    for (int i : t.faultEvents()) {
        if (i >= m_cursor.next)
            break;
        if (jump || i >= before)
            faults << events[size_t(i)];
    }
    if (!faults.isEmpty())
        m_docks->faults()->addEvents(faults);
    showRequest(ns, jump);
    emit positionChanged(ns);
}

void ReplayController::showRequest(qint64 ns, bool jump) {
    const ReplayTimeline &t = *m_timeline;
    const QList<RecordedRequest> &requests = t.requests();
    // The request shown is the last one begun by now.
    int current = -1;
    for (int i = 0; i < requests.size() && requests.at(i).startNs - t.startNs() <= ns; ++i)
        current = i;
    WalkthroughPlayer *player = m_docks->player();
    if (current != m_request || jump) {
        m_request = current;
        m_requestSteps = 0;
        m_outcomeShown = false;
        m_runner->canvas()->hideToken();
        player->begin(current < 0 ? QString() : requests.at(current).title);
        // The player comes to the front when the recording reaches a request, as live.
        auto *dock = qobject_cast<QDockWidget *>(player->parentWidget());
        if (dock && current >= 0 && !jump) {
            dock->show();
            dock->raise();
        }
    }
    if (current < 0)
        return;
    const RecordedRequest &r = requests.at(current);
    const int shownBefore = m_requestSteps;
    while (m_requestSteps < r.steps.size() && r.steps.at(m_requestSteps).t - t.startNs() <= ns)
        player->addStep(r.steps.at(m_requestSteps++));
    // The token follows the request as the recording's time passes its steps.
    if (m_requestSteps > shownBefore && m_requestSteps > 1)
        player->setCurrent(m_requestSteps - 1);
    if (!m_outcomeShown && r.doneNs - t.startNs() <= ns) {
        player->setOutcome(r.outcome);
        m_outcomeShown = true;
    }
}

} // namespace infrastage::gui
