#pragma once

#include "runtimestate.h"

#include <QObject>

class QAction;
class QMenu;

namespace infrastage {
class TopologyData;
}

namespace infrastage::gui {

class DesignEditor;
class DiagramScene;
class Document;
class LiveCanvas;
class LiveSession;

// Run and Stop: starts the open design as it is (unsaved edits included) through the live
// session, shows its state and time to ready, locks the edits that would change what runs,
// offers faults from the canvas and stops everything when the window closes.
class RunController final : public QObject {
    Q_OBJECT

public:
    RunController(Document *document, DesignEditor *editor, DiagramScene *scene,
                  QObject *parent = nullptr);
    ~RunController() override;

    QAction *runAction() const { return m_run; }
    QAction *stopAction() const { return m_stop; }
    LiveSession *session() const { return m_session; }
    LiveCanvas *canvas() const { return m_canvas; }
    bool isRunning() const;

    // The faults that apply to a node or a link of the running design; none when not running.
    void fillContextMenu(QMenu *menu, const QString &nodeId, const QString &linkId);

    // Runs `design` (a lesson's, with its overrides) instead of the open document as it is.
    void runDesign(const TopologyData &design);
    // A replay holds the canvas (`title` says which recording): nothing runs and the design is
    // locked, as during a run, until it ends (an empty title ends it).
    void setReplay(const QString &title);
    bool isReplaying() const { return m_replaying; }

    // For closing the window: stops every process and waits for them.
    void shutdown();

Q_SIGNALS:
    // "Running: 8 nodes up in 338 ms", "Stopped", "Failed: ..." for the status bar.
    void stateText(const QString &text);
    void statusMessage(const QString &message);

private:
    void onState(runtime::RuntimeState state, const QString &detail);
    void run();

    Document *m_document;
    DesignEditor *m_editor;
    DiagramScene *m_scene;
    LiveSession *m_session;
    LiveCanvas *m_canvas;
    QAction *m_run;
    QAction *m_stop;
    bool m_replaying = false;
};

} // namespace infrastage::gui
