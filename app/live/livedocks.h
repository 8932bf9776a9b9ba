#pragma once

#include "gateway/requestspec.h"
#include "runtimeevent.h"

#include <QObject>

class QAction;
class QMainWindow;
class QMenu;

namespace infrastage::gui {

class DiagramScene;
class Document;
class ChaosPanel;
class EventLogPanel;
class FaultsPanel;
class LiveCanvas;
class LiveSession;
class MetricsPanel;
class WalkthroughPlayer;

// The live view's docks and what feeds them: the walkthrough player (Send Request, or a
// request picked from the event log), the event log, the metrics of a load, and measured
// versus predicted single points of failure (chaos). It only wires
// the session's signals to the panels and the canvas; the panels do the rest.
class LiveDocks final : public QObject {
    Q_OBJECT

public:
    LiveDocks(QMainWindow *window, Document *document, DiagramScene *scene, LiveSession *session,
              LiveCanvas *canvas);

    WalkthroughPlayer *player() const { return m_player; }
    EventLogPanel *eventLog() const { return m_eventLog; }
    MetricsPanel *metrics() const { return m_metrics; }
    ChaosPanel *chaos() const { return m_chaos; }
    FaultsPanel *faults() const { return m_faults; }
    QAction *sendRequestAction() const { return m_send; }

    // One real request through the running design; the player opens on it.
    void sendRequest(const runtime::RequestSpec &spec);
    // A request sent by someone else (a lesson) is about to run: the player opens on it.
    void expectRequest(const QString &title);
    // The preset requests of the Send Request menu: GET /, GET /api/guestbook, POST to it.
    QList<runtime::RequestSpec> presets() const;

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    void openTrace(const runtime::RuntimeEvent &event);
    QString siteUrl(const QString &path) const;

    QMainWindow *m_window;
    Document *m_document;
    DiagramScene *m_scene;
    LiveSession *m_session;
    LiveCanvas *m_canvas;
    WalkthroughPlayer *m_player;
    EventLogPanel *m_eventLog;
    MetricsPanel *m_metrics;
    ChaosPanel *m_chaos;
    FaultsPanel *m_faults;
    QAction *m_send;
    QMenu *m_sendMenu;
};

} // namespace infrastage::gui
