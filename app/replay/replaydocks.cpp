#include "replaydocks.h"

#include "recordingspanel.h"
#include "replaybar.h"
#include "replaycontroller.h"
#include "runrecorder.h"

#include "canvas/diagramview.h"
#include "dock.h"
#include "document/document.h"
#include "io/jsonformat.h"
#include "io/projectfile.h"
#include "live/runcontroller.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMainWindow>
#include <QRegularExpression>
#include <QToolBar>

namespace infrastage::gui {

ReplayDocks::ReplayDocks(QMainWindow *window, Document *document, DiagramView *view,
                         RunController *runner, LiveDocks *liveDocks)
    : QObject(window)
    , m_window(window)
    , m_document(document)
    , m_recorder(new RunRecorder(document, runner->session(), this))
    , m_controller(new ReplayController(document, runner, liveDocks, this))
    , m_panel(new RecordingsPanel(document, m_recorder->recordAction(), window))
    , m_bar(new ReplayBar(m_controller, window))
    , m_barHolder(new QToolBar(tr("Replay"), window))
    , m_banner(new QLabel(view))
    , m_export(new QAction(tr("Export &Recording…"), this))
    , m_replayAction(new QAction(tr("Re&play Recording"), this)) {
    addDock(window, QStringLiteral("RecordingsDock"), tr("Recordings"), m_panel,
            Qt::RightDockWidgetArea);
    m_barHolder->setObjectName(QStringLiteral("ReplayToolbar"));
    m_barHolder->setMovable(false);
    m_barHolder->addWidget(m_bar);
    window->addToolBar(Qt::BottomToolBarArea, m_barHolder);
    m_barHolder->hide();
    m_banner->setObjectName(QStringLiteral("replayBanner"));
    m_banner->setStyleSheet(QStringLiteral(
        "QLabel { background: rgba(217, 48, 37, 225); color: white; font-weight: bold; "
        "border-radius: 6px; padding: 6px 10px; }"));
    m_banner->move(12, 12);
    m_banner->hide();
    m_export->setObjectName(QStringLiteral("exportRecording"));
    m_export->setToolTip(tr("Write a recording, with the design it was made from, to a project "
                            "file of its own that opens on any machine"));
    m_export->setEnabled(false);
    m_replayAction->setObjectName(QStringLiteral("replay"));
    m_replayAction->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
    m_replayAction->setToolTip(tr("Replay the recording selected in the Recordings dock (the "
                                  "latest by default) with nothing running (Ctrl+Shift+R)"));
    m_replayAction->setEnabled(false);
    connect(m_replayAction, &QAction::triggered, this, [this] {
        const int index = m_panel->currentIndex();
        replay(index >= 0 ? index : int(m_document->recordings().size()) - 1);
    });

    connect(m_recorder, &RunRecorder::statusMessage, this, &ReplayDocks::statusMessage);
    connect(m_panel, &RecordingsPanel::replayRequested, this, &ReplayDocks::replay);
    connect(m_panel, &RecordingsPanel::exportRequested, this, [this](int index) {
        m_panel->setCurrentIndex(index);
        exportChosen();
    });
    connect(m_export, &QAction::triggered, this, &ReplayDocks::exportChosen);
    connect(document, &Document::recordingsChanged, this, [this] {
        m_export->setEnabled(!m_document->recordings().isEmpty());
        m_replayAction->setEnabled(!m_document->recordings().isEmpty());
    });
    connect(document, &Document::saveWarning, this, &ReplayDocks::statusMessage);
    connect(m_controller, &ReplayController::failed, this, &ReplayDocks::statusMessage);
    connect(m_controller, &ReplayController::opened, this, [this] {
        const RecordingInfo &info = m_controller->timeline()->info();
        QString text = tr("● REPLAY — %1 · nothing is running").arg(info.name);
        if (!m_controller->staleWarning().isEmpty())
            text += QStringLiteral("\n⚠ ") + m_controller->staleWarning();
        m_banner->setText(text);
        m_banner->adjustSize();
        m_banner->show();
        m_banner->raise();
        m_barHolder->show();
        m_panel->setReplaying(m_replaying);
        m_controller->play();
        emit statusMessage(tr("Replaying %1: %2 events, %3 s")
                               .arg(info.name)
                               .arg(info.events)
                               .arg(info.seconds(), 0, 'f', 1));
    });
    connect(m_controller, &ReplayController::closed, this, [this] {
        m_banner->hide();
        m_barHolder->hide();
        m_replaying = -1;
        m_panel->setReplaying(-1);
    });
}

QAction *ReplayDocks::recordAction() const {
    return m_recorder->recordAction();
}

QString ReplayDocks::bannerText() const {
    return m_banner->isVisibleTo(m_banner->parentWidget()) ? m_banner->text() : QString();
}

void ReplayDocks::replay(int index) {
    if (index < 0 || index >= m_document->recordings().size())
        return;
    m_replaying = index;
    emit statusMessage(tr("Loading %1…").arg(m_document->recordings().at(index).name));
    m_controller->open(m_document->recordings().at(index));
}

bool ReplayDocks::exportRecording(int index, const QString &path, QString *error) {
    if (index < 0 || index >= m_document->recordings().size()) {
        *error = tr("No such recording.");
        return false;
    }
    const RecordingInfo &r = m_document->recordings().at(index);
    TopologyData recorded;
    QString why;
    if (!JsonFormat::read(r.topology, &recorded, &why)) {
        *error = tr("The design of %1 cannot be read: %2").arg(r.name, why);
        return false;
    }
    ProjectFile::SavedRecordings one;
    one.keep = {r};
    if (!ProjectFile::save(path, recorded, error, &one))
        return false;
    if (one.saved.isEmpty()) {
        *error = one.warnings.value(0, tr("the recording could not be written"));
        return false;
    }
    return true;
}

void ReplayDocks::exportChosen() {
    int index = m_panel->currentIndex();
    if (index < 0)
        index = int(m_document->recordings().size()) - 1;
    if (index < 0)
        return;
    const QString name = m_document->recordings().at(index).name;
    QString base = name;
    base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]+")), QStringLiteral("-"));
    const QString path =
        QFileDialog::getSaveFileName(m_window, tr("Export Recording"),
                                     QDir::home().filePath(base + QStringLiteral(".infrastage")),
                                     tr("Infrastage project (*.infrastage)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportRecording(index, path, &error))
        emit statusMessage(tr("Exported %1 to %2: open it with File > Open on any machine")
                               .arg(name, QDir::toNativeSeparators(path)));
    else
        emit statusMessage(tr("Cannot export %1: %2").arg(name, error));
}

} // namespace infrastage::gui
