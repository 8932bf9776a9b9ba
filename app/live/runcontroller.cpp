#include "runcontroller.h"

#include "internetlinks.h"

#include "livecanvas.h"
#include "livesession.h"

#include "addressplan.h"

#include "canvas/diagramscene.h"
#include "commands/designeditor.h"
#include "document/document.h"
#include "model/node.h"
#include "model/topology.h"
#include "model/validator.h"

#include <QAction>
#include <QMenu>
#include <QUndoStack>

namespace infrastage::gui {

using runtime::RuntimeState;

RunController::RunController(Document *document, DesignEditor *editor, DiagramScene *scene,
                             QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_editor(editor)
    , m_scene(scene)
    , m_session(new LiveSession(this))
    , m_canvas(new LiveCanvas(scene, this))
    , m_run(new QAction(tr("&Run"), this))
    , m_stop(new QAction(tr("S&top"), this)) {
    m_run->setObjectName(QStringLiteral("run"));
    m_run->setShortcut(QKeySequence(tr("F5")));
    m_run->setToolTip(tr("Run the design for real: every node becomes a local process (F5)"));
    m_run->setIcon(QIcon::fromTheme(QStringLiteral("media-playback-start")));
    m_stop->setObjectName(QStringLiteral("stop"));
    m_stop->setShortcut(QKeySequence(tr("Shift+F5")));
    m_stop->setToolTip(tr("Stop every process of the running design (Shift+F5)"));
    m_stop->setIcon(QIcon::fromTheme(QStringLiteral("media-playback-stop")));
    m_stop->setEnabled(false);
    connect(m_run, &QAction::triggered, this, &RunController::run);
    connect(m_stop, &QAction::triggered, m_session, &LiveSession::stop);
    connect(m_session, &LiveSession::stateChanged, this, &RunController::onState);
    connect(m_session, &LiveSession::nodeStatusChanged, m_canvas, &LiveCanvas::setNodeStatus);
    connect(m_session, &LiveSession::eventsArrived, m_canvas, &LiveCanvas::addEvents);
    connect(m_session, &LiveSession::refused, this,
            [this](const QString &why) { emit statusMessage(tr("Refused: %1").arg(why)); });
    // After a failed start the canvas keeps showing why until the design is edited.
    connect(document->undoStack(), &QUndoStack::indexChanged, this, [this] {
        if (!m_session->isActive() && m_canvas->isLive())
            m_canvas->end();
    });
}

RunController::~RunController() {
    // The window's other parts may be gone already: only the processes are stopped here.
    m_session->shutdown();
}

bool RunController::isRunning() const {
    return m_session->state() == RuntimeState::Running;
}

void RunController::run() {
    runDesign(m_document->data());
}

void RunController::runDesign(const TopologyData &design) {
    if (m_session->isActive() || m_replaying)
        return;
    m_canvas->begin(design);
    // What cannot run is said next to the node concerned, and nothing starts.
    QStringList problems;
    for (const ValidationIssue &issue : validateTopology(design)) {
        if (!issue.structural)
            continue;
        problems << issue.toString();
        if (!issue.nodeId.isEmpty())
            m_canvas->flagNode(issue.nodeId, issue.message);
    }
    if (!problems.isEmpty()) {
        emit stateText(tr("Cannot run"));
        emit statusMessage(tr("Cannot run: %1").arg(problems.first()));
        return;
    }
    m_session->start(design);
}

void RunController::onState(RuntimeState state, const QString &detail) {
    const bool active = m_session->isActive();
    m_run->setEnabled(!active);
    m_stop->setEnabled(state == RuntimeState::Starting || state == RuntimeState::Running);
    m_editor->setLocked(active ? tr("The design is running: stop it to change it (moving boxes "
                                    "still works).")
                               : QString());
    switch (state) {
    case RuntimeState::Starting:
        emit stateText(tr("Starting: %1").arg(detail));
        break;
    case RuntimeState::Running:
        emit stateText(tr("Running: %1").arg(detail));
        break;
    case RuntimeState::Stopping:
        emit stateText(tr("Stopping…"));
        break;
    case RuntimeState::Stopped:
        emit stateText(tr("Stopped"));
        m_canvas->end();
        break;
    case RuntimeState::Failed:
        emit stateText(tr("Failed"));
        emit statusMessage(tr("The design did not start: %1").arg(detail));
        break;
    }
}

void RunController::fillContextMenu(QMenu *menu, const QString &nodeId, const QString &linkId) {
    if (!isRunning())
        return;
    using runtime::Fault;
    using runtime::FaultKind;
    auto addTo = [this](QMenu *to, const QString &text, const QList<Fault> &faults) {
        QAction *a = to->addAction(text);
        connect(a, &QAction::triggered, this, [this, faults] {
            for (const Fault &f : faults)
                m_session->inject(f);
        });
        return a;
    };
    auto add = [&](const QString &text, const QList<Fault> &faults) {
        return addTo(menu, text, faults);
    };
    auto fault = [](FaultKind kind, const QString &node, int ms = 0, const QString &peer = {}) {
        Fault f;
        f.kind = kind;
        f.node = node;
        f.ms = ms;
        f.peer = peer;
        return f;
    };
    const TopologyData &design = m_document->data();
    if (!linkId.isEmpty()) {
        const Link *l = design.link(linkId);
        // A link between two processes, or a network link between the internet and the
        // design (its ends run nothing: the entry points behind it are told).
        const bool betweenProcesses =
            l && m_canvas->runsProcess(l->from) && m_canvas->runsProcess(l->to);
        if (!l || (!betweenProcesses && !runtime::InternetLinks::find(design, l->id, {})))
            return;
        // An internet link by its id: two ISP links may join the same two nodes.
        const QString peer = betweenProcesses ? l->to : QString();
        const QString node = betweenProcesses ? l->from : l->id;
        add(tr("Cut this link"), {fault(FaultKind::Cut, node, 0, peer)});
        add(tr("Restore this link"), {fault(FaultKind::Heal, node, 0, peer)});
        if (!betweenProcesses)
            return; // latency and loss: between processes that take requests
        auto http = [&](const QString &id) {
            const Node *n = design.node(id);
            return n && runtime::roleTakesDelayAndLoss(runtime::AddressPlan::roleOf(*n));
        };
        if (!http(l->from) || !http(l->to))
            return;
        QMenu *delay = menu->addMenu(tr("Add Latency"));
        for (int ms : {50, 200, 1000})
            addTo(delay, tr("%1 ms per Request").arg(ms),
                  {fault(FaultKind::Delay, l->from, ms, l->to)});
        delay->addSeparator();
        addTo(delay, tr("No Added Latency"), {fault(FaultKind::Delay, l->from, 0, l->to)});
        QMenu *loss = menu->addMenu(tr("Add Loss"));
        for (int percent : {10, 30, 100}) {
            Fault f = fault(FaultKind::Loss, l->from, 0, l->to);
            f.percent = percent;
            addTo(loss, tr("%1 % of Requests Lost").arg(percent), {f});
        }
        loss->addSeparator();
        addTo(loss, tr("No Loss"), {fault(FaultKind::Loss, l->from, 0, l->to)});
        return;
    }
    const Node *n = design.node(nodeId);
    if (!n)
        return;
    // A server box stands for all its processes: killing Server 1 kills them all.
    QStringList processes;
    if (m_canvas->runsProcess(nodeId))
        processes << nodeId;
    for (const Node *c : design.children(nodeId))
        if (m_canvas->runsProcess(c->id))
            processes << c->id;
    if (processes.isEmpty())
        return;
    auto all = [&](FaultKind kind, int ms = 0) {
        QList<Fault> faults;
        for (const QString &p : std::as_const(processes))
            faults << fault(kind, p, ms);
        return faults;
    };
    using runtime::NodeStatus;
    const NodeStatus status = m_canvas->nodeStatus(processes.first());
    const bool frozen = status == NodeStatus::Frozen;
    const bool alive = frozen || status == NodeStatus::Up || status == NodeStatus::Slowed ||
                       status == NodeStatus::Fenced || status == NodeStatus::FailedOver;
    menu->addSection(n->name);
    add(tr("Kill"), all(FaultKind::Kill))->setEnabled(alive);
    if (frozen)
        add(tr("Resume"), all(FaultKind::Resume));
    else
        add(tr("Freeze"), all(FaultKind::Freeze))->setEnabled(alive);
    QMenu *slow = menu->addMenu(tr("Slow Down"));
    slow->setEnabled(alive);
    for (int ms : {50, 200, 1000, 5000})
        addTo(slow, tr("%1 ms per Request").arg(ms), all(FaultKind::Slow, ms));
    slow->addSeparator();
    addTo(slow, tr("Normal Speed"), all(FaultKind::Slow, 0));
    add(tr("Restart"), all(FaultKind::Restart));
    if (n->kind == NodeKind::Database &&
        n->text(QStringLiteral("role")) != QLatin1String("primary"))
        add(tr("Promote to Primary"), {fault(FaultKind::Promote, nodeId)})->setEnabled(alive);
}

void RunController::setReplay(const QString &title) {
    m_replaying = !title.isEmpty();
    m_run->setEnabled(!m_replaying && !m_session->isActive());
    m_editor->setLocked(m_replaying ? tr("A recording is being replayed: close the replay to "
                                         "change the design (moving boxes still works).")
                                    : QString());
    emit stateText(m_replaying ? tr("Replay: %1").arg(title) : tr("Stopped"));
}

void RunController::shutdown() {
    m_session->shutdown();
    m_editor->setLocked(QString());
    m_canvas->end();
}

} // namespace infrastage::gui
