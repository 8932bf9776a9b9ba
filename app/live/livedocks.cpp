#include "livedocks.h"

#include "chaospanel.h"
#include "dock.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "faultspanel.h"
#include "livecanvas.h"
#include "livesession.h"
#include "metricspanel.h"
#include "walkthroughplayer.h"

#include "replay/recordedrequest.h"

#include "addressplan.h"
#include "canvas/diagramscene.h"
#include "document/document.h"
#include "gateway/walkthroughsteps.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QSet>

namespace infrastage::gui {

using runtime::RuntimeState;

LiveDocks::LiveDocks(QMainWindow *window, Document *document, DiagramScene *scene,
                     LiveSession *session, LiveCanvas *canvas)
    : QObject(window)
    , m_window(window)
    , m_document(document)
    , m_scene(scene)
    , m_session(session)
    , m_canvas(canvas)
    , m_player(new WalkthroughPlayer(window))
    , m_eventLog(new EventLogPanel(window))
    , m_metrics(new MetricsPanel(window))
    , m_chaos(new ChaosPanel(window))
    , m_faults(new FaultsPanel(window))
    , m_send(new QAction(tr("Send &Request"), this))
    , m_sendMenu(new QMenu(window)) {
    auto dock = [window](const QString &name, const QString &title, QWidget *content,
                         Qt::DockWidgetArea area) {
        return addDock(window, name, title, content, area);
    };
    dock(QStringLiteral("PlayerDock"), tr("Walkthrough"), m_player, Qt::RightDockWidgetArea);
    dock(QStringLiteral("EventLogDock"), tr("Event Log"), m_eventLog, Qt::BottomDockWidgetArea);
    dock(QStringLiteral("MetricsDock"), tr("Metrics"), m_metrics, Qt::BottomDockWidgetArea);
    dock(QStringLiteral("ChaosDock"), tr("Measured vs Predicted"), m_chaos,
         Qt::BottomDockWidgetArea);
    dock(QStringLiteral("FaultsDock"), tr("Faults"), m_faults, Qt::BottomDockWidgetArea);

    m_send->setObjectName(QStringLiteral("sendRequest"));
    m_send->setShortcut(QKeySequence(tr("Ctrl+R")));
    m_send->setToolTip(tr("Send one real request through the running design and follow it hop "
                          "by hop (Ctrl+R)"));
    m_send->setEnabled(false);
    m_send->setMenu(m_sendMenu);
    for (const runtime::RequestSpec &spec : presets()) {
        QAction *a = m_sendMenu->addAction(
            QStringLiteral("%1 %2").arg(QString::fromLatin1(spec.method), spec.url));
        connect(a, &QAction::triggered, this, [this, spec] { sendRequest(spec); });
    }
    connect(m_send, &QAction::triggered, this, [this] { sendRequest(presets().first()); });

    connect(session, &LiveSession::stateChanged, this, [this](RuntimeState state) {
        const bool running = state == RuntimeState::Running;
        m_send->setEnabled(running);
        m_metrics->setCanStart(running);
        if (state == RuntimeState::Starting || state == RuntimeState::Stopped)
            m_faults->clear();
        if (state == RuntimeState::Starting) {
            m_eventLog->clear();
            m_metrics->clear();
        }
        if (!running)
            m_metrics->setLoadRunning(false);
        const bool idle = state == RuntimeState::Stopped || state == RuntimeState::Failed;
        m_chaos->setCanMeasure(idle, idle ? QString() : tr("Stop the design to measure."));
    });
    connect(m_chaos, &ChaosPanel::measureRequested, this, [this] {
        runtime::ChaosSpec spec;
        spec.seconds = 2;
        m_chaos->begin();
        showDock(m_chaos);
        m_session->startChaos(m_document->data(), spec);
    });
    connect(session, &LiveSession::chaosProgress, m_chaos, &ChaosPanel::setProgress);
    connect(session, &LiveSession::chaosMeasured, m_chaos, &ChaosPanel::addRow);
    connect(session, &LiveSession::chaosFinished, m_chaos, &ChaosPanel::finish);
    connect(session, &LiveSession::eventsArrived, m_eventLog, &EventLogPanel::addEvents);
    connect(session, &LiveSession::eventsArrived, m_faults, &FaultsPanel::addEvents);
    connect(m_faults, &FaultsPanel::undoRequested, session, &LiveSession::inject);
    connect(session, &LiveSession::requestStep, m_player, &WalkthroughPlayer::addStep);
    connect(session, &LiveSession::requestFinished, this, [this](const runtime::Walkthrough &w) {
        const auto &c = w.client();
        const QString outcome = requestOutcomeText(c.status, c.servedBy,
                                                   double(c.receivedNs - c.sentNs) / 1e6, c.error);
        m_player->setOutcome(outcome);
        emit statusMessage(tr("Request answered: %1").arg(outcome));
    });
    connect(session, &LiveSession::requestFailed, this, [this](const QString &error) {
        m_player->setOutcome(tr("failed: %1").arg(error));
        emit statusMessage(tr("Request failed: %1").arg(error));
    });
    connect(m_player, &WalkthroughPlayer::stepShown, m_canvas, &LiveCanvas::showStep);
    connect(m_eventLog, &EventLogPanel::eventChosen, this, &LiveDocks::openTrace);
    connect(m_metrics, &MetricsPanel::startLoadRequested, this,
            [this](double rate, int concurrency) {
                runtime::LoadSpec spec;
                spec.url = siteUrl(QStringLiteral("/"));
                spec.requests = 0; // until stopped
                spec.rate = rate;
                spec.concurrency = concurrency;
                spec.snapshotMs = 1000;
                m_metrics->clear();
                m_session->startLoad(spec);
            });
    connect(m_metrics, &MetricsPanel::stopLoadRequested, session, &LiveSession::stopLoad);
    connect(session, &LiveSession::loadRunningChanged, m_metrics, &MetricsPanel::setLoadRunning);
    connect(session, &LiveSession::loadSnapshot, m_metrics, &MetricsPanel::addSnapshot);
}

QString LiveDocks::siteUrl(const QString &path) const {
    // The name the design's DNS answers for, as a user would type it.
    for (const Link &l : m_document->data().links()) {
        const QString name = l.text(QStringLiteral("name"));
        if (l.kind == LinkKind::DnsRecord && !name.isEmpty())
            return QStringLiteral("http://%1%2").arg(name, path);
    }
    return QStringLiteral("http://www.foobar.com") + path;
}

QList<runtime::RequestSpec> LiveDocks::presets() const {
    runtime::RequestSpec home;
    home.url = siteUrl(QStringLiteral("/"));
    home.userAgent = "Infrastage designer";
    runtime::RequestSpec read = home;
    read.url = siteUrl(QStringLiteral("/api/guestbook"));
    runtime::RequestSpec write = read;
    write.method = "POST";
    write.body = R"({"name":"student","message":"hello from the designer"})";
    return {home, read, write};
}

void LiveDocks::sendRequest(const runtime::RequestSpec &spec) {
    expectRequest(QStringLiteral("%1 %2").arg(QString::fromLatin1(spec.method), spec.url));
    m_session->sendRequest(spec);
}

void LiveDocks::expectRequest(const QString &title) {
    m_canvas->hideToken();
    m_player->begin(title);
    showDock(m_player);
}

void LiveDocks::openTrace(const runtime::RuntimeEvent &event) {
    const QList<runtime::RuntimeEvent> events = m_eventLog->model()->traceEvents(event.trace);
    if (events.isEmpty())
        return;
    // The nodes the request went through are selected on the canvas.
    QSet<QString> nodes;
    for (const runtime::RuntimeEvent &e : events)
        nodes.insert(e.node);
    m_scene->selectIds(nodes.values());
    QHash<QString, QString> roles;
    for (const Node &n : m_document->data().nodes())
        roles.insert(n.id, runtime::AddressPlan::roleOf(n));
    runtime::WalkthroughSteps steps(roles, events.first().t);
    for (const runtime::RuntimeEvent &e : events)
        steps.add(e);
    m_canvas->hideToken();
    m_player->setSteps(tr("Request %1 (from the event log)").arg(event.trace.left(8)),
                       steps.steps());
    showDock(m_player);
}

} // namespace infrastage::gui
