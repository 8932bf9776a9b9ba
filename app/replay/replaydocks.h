#pragma once

#include <QObject>

class QAction;
class QLabel;
class QMainWindow;
class QToolBar;

namespace infrastage::gui {

class DiagramView;
class Document;
class LiveDocks;
class RecordingsPanel;
class ReplayBar;
class ReplayController;
class RunController;
class RunRecorder;

// Record and replay in the window: Record Runs, the Recordings dock, the replay's controls
// under the canvas, the REPLAY banner on the canvas and File > Export Recording. It wires; the
// recorder, the controller and the panels do the work.
class ReplayDocks final : public QObject {
    Q_OBJECT

public:
    ReplayDocks(QMainWindow *window, Document *document, DiagramView *view, RunController *runner,
                LiveDocks *liveDocks);

    ReplayController *controller() const { return m_controller; }
    RunRecorder *recorder() const { return m_recorder; }
    RecordingsPanel *panel() const { return m_panel; }
    ReplayBar *bar() const { return m_bar; }
    QAction *recordAction() const;
    QAction *exportAction() const { return m_export; }
    QAction *replayAction() const { return m_replayAction; }
    QString bannerText() const; // what the canvas's REPLAY banner says ("" when hidden)

    // Replays the document's recording `index`.
    void replay(int index);
    // Writes the recording `index`, with the design it was made from, to a project file of its
    // own; false with the reason.
    bool exportRecording(int index, const QString &path, QString *error);

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    void exportChosen();

    QMainWindow *m_window;
    Document *m_document;
    RunRecorder *m_recorder;
    ReplayController *m_controller;
    RecordingsPanel *m_panel;
    ReplayBar *m_bar;
    QToolBar *m_barHolder;
    QLabel *m_banner;
    QAction *m_export;
    QAction *m_replayAction;
    int m_replaying = -1;
};

} // namespace infrastage::gui
