#include "mainwindow.h"

#include "dock.h"

#include "canvas/connecttool.h"
#include "canvas/diagramscene.h"
#include "canvas/diagramview.h"
#include "canvas/iconcache.h"
#include "canvas/selecttool.h"
#include "commands/designeditor.h"
#include "document/autosaver.h"
#include "document/document.h"
#include "document/filecontroller.h"
#include "exchange/exportcontroller.h"
#include "findings/analysisrunner.h"
#include "findings/findingspanel.h"
#include "grading/gradecontroller.h"
#include "inspector/inspectorpanel.h"
#include "live/chaospanel.h"
#include "live/lessonplayer.h"
#include "live/livedocks.h"
#include "live/presentermode.h"
#include "live/runcontroller.h"
#include "palette/palettewidget.h"
#include "replay/replaydocks.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>

namespace infrastage::gui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_document(new Document(this)) {
    initResources();
    setObjectName(QStringLiteral("MainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/infrastage.svg")));
    setAcceptDrops(true);

    m_scene = new DiagramScene(m_document->topology(), this);
    m_scene->setTheme(DiagramTheme::fromPalette(palette()));
    m_view = new DiagramView(m_scene, this);
    setCentralWidget(m_view);
    m_editor = new DesignEditor(m_document->topology(), m_document->undoStack(), this);
    m_connectTool = new ConnectTool(m_scene, m_editor);
    m_selectTool = new SelectTool(m_scene, m_editor, m_connectTool);
    m_scene->setTool(m_selectTool);
    m_files = new FileController(m_document, this);
    m_exports = new ExportController(m_document, this);
    m_grades = new GradeController(m_document, this);
    m_analysis = new AnalysisRunner(m_document->topology(), this);
    m_runner = new RunController(m_document, m_editor, m_scene, this);

    createDocks();
    createActions();
    createMenus();

    m_zoomLabel = new QLabel(this);
    m_findingsLabel = new QLabel(this);
    m_runLabel = new QLabel(tr("Stopped"), this);
    m_runLabel->setObjectName(QStringLiteral("runState"));
    statusBar()->addPermanentWidget(m_runLabel);
    statusBar()->addPermanentWidget(m_findingsLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);

    connect(m_view, &DiagramView::nodeDropped, this, [this](NodeKind kind, const QPointF &pos) {
        QString error;
        const QString id = m_editor->addNode(kind, pos, &error);
        if (id.isEmpty())
            statusBar()->showMessage(error, 6000);
        else
            m_scene->selectIds({id});
    });
    connect(m_palette, &PaletteWidget::activatedKind, this, [this](NodeKind kind) {
        QString error;
        const QString id = m_editor->addNode(
            kind, m_view->mapToScene(m_view->viewport()->rect().center()), &error);
        if (id.isEmpty())
            statusBar()->showMessage(error, 6000);
    });
    connect(m_view, &DiagramView::zoomChanged, this,
            [this](qreal z) { m_zoomLabel->setText(tr("Zoom %1%").arg(qRound(z * 100))); });
    connect(m_runner, &RunController::stateText, m_runLabel, &QLabel::setText);
    connect(m_view, &DiagramView::contextMenuRequested, this,
            [this](const QString &node, const QString &link, const QPoint &globalPos) {
                if (!node.isEmpty() && !m_scene->selectedNodeIds().contains(node))
                    m_scene->selectIds({node});
                QMenu menu(this);
                m_runner->fillContextMenu(&menu, node, link);
                if (menu.isEmpty() && !node.isEmpty())
                    menu.addActions({action(QStringLiteral("copy")),
                                     action(QStringLiteral("duplicate")),
                                     action(QStringLiteral("delete"))});
                if (!menu.isEmpty())
                    menu.exec(globalPos);
            });
    connect(m_runner, &RunController::statusMessage, this,
            [this](const QString &m) { statusBar()->showMessage(m, 8000); });
    connect(m_editor, &DesignEditor::statusMessage, this,
            [this](const QString &m) { statusBar()->showMessage(m, 6000); });
    connect(m_analysis, &AnalysisRunner::findingsChanged, this, [this](const Findings &f) {
        m_scene->setFindings(f);
        m_findings->setFindings(f);
        m_liveDocks->chaos()->setFindings(f);
        int errors = 0, warnings = 0;
        for (const Finding &x : f) {
            errors += x.severity == Severity::Error;
            warnings += x.severity == Severity::Warning;
        }
        m_findingsLabel->setText(tr("%1 errors, %2 warnings").arg(errors).arg(warnings));
    });
    connect(m_findings, &FindingsPanel::findingActivated, this, [this](const Finding &f) {
        m_scene->selectIds(f.nodes);
        m_view->reveal(m_scene->boundsOf(f.nodes));
    });
    connect(m_findings, &FindingsPanel::fixRequested, this, [this](const Finding &f) {
        QString error;
        if (m_editor->applyFix(f, &error))
            statusBar()->showMessage(tr("Applied: %1").arg(f.title), 6000);
        else
            statusBar()->showMessage(tr("Cannot fix: %1").arg(error), 8000);
    });
    connect(m_document, &Document::pathChanged, this, &MainWindow::updateTitle);
    connect(m_document, &Document::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &Document::contentReset, this, [this] {
        m_view->fitContent();
        m_analysis->runNow(true);
    });
    connect(m_scene, &QGraphicsScene::selectionChanged, this, &MainWindow::updateActions);
    connect(m_exports, &ExportController::exported, this, [this](const QString &path) {
        statusBar()->showMessage(tr("Exported to %1").arg(QDir::toNativeSeparators(path)), 8000);
    });
    connect(m_files, &FileController::recentFilesChanged, this,
            [this] { m_files->fillRecentMenu(m_recentMenu); });

    restoreLayout();
    updateTitle();
    updateActions();
    m_analysis->runNow(true);
}

MainWindow::~MainWindow() {
    m_scene->setTool(nullptr);
    delete m_selectTool;
    delete m_connectTool;
}

QAction *MainWindow::action(const QString &name) const {
    return m_actions.value(name);
}

void MainWindow::showFinding(const QString &rule) {
    m_analysis->runNow();
    const Findings &all = m_findings->findings();
    for (int i = 0; i < all.size(); ++i) {
        if (all.at(i).rule == rule) {
            m_findings->selectFinding(i);
            return;
        }
    }
}

void MainWindow::createDocks() {
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    auto dock = [this](const QString &name, const QString &title, QWidget *content,
                       Qt::DockWidgetArea area) {
        return addDock(this, name, title, content, area);
    };
    m_palette = new PaletteWidget(this);
    dock(QStringLiteral("PaletteDock"), tr("Palette"), m_palette, Qt::LeftDockWidgetArea);
    m_inspector = new InspectorPanel(m_scene, m_editor, this);
    dock(QStringLiteral("InspectorDock"), tr("Inspector"), m_inspector, Qt::RightDockWidgetArea);
    m_findings = new FindingsPanel(this);
    dock(QStringLiteral("FindingsDock"), tr("Findings"), m_findings, Qt::BottomDockWidgetArea);
    m_liveDocks = new LiveDocks(this, m_document, m_scene, m_runner->session(), m_runner->canvas());
    m_presenter = new PresenterMode(this, m_view, m_liveDocks->player());
    m_lessons = new LessonPlayer(this, m_document, m_files, m_runner, m_liveDocks);
    m_presenter->setLesson(m_lessons);
    auto showStatus = [this](const QString &m) { statusBar()->showMessage(m, 8000); };
    connect(m_liveDocks, &LiveDocks::statusMessage, this, showStatus);
    connect(m_lessons, &LessonPlayer::statusMessage, this, showStatus);
    m_replay = new ReplayDocks(this, m_document, m_view, m_runner, m_liveDocks);
    connect(m_replay, &ReplayDocks::statusMessage, this, showStatus);
    // The live docks share places with the design's: the player with the inspector, the event
    // log and the metrics with the findings.
    auto byName = [this](const char *name) {
        return findChild<QDockWidget *>(QString::fromLatin1(name));
    };
    tabifyDockWidget(byName("InspectorDock"), byName("PlayerDock"));
    tabifyDockWidget(byName("PlayerDock"), byName("LessonDock"));
    tabifyDockWidget(byName("PlayerDock"), byName("RecordingsDock"));
    tabifyDockWidget(byName("FindingsDock"), byName("EventLogDock"));
    tabifyDockWidget(byName("EventLogDock"), byName("MetricsDock"));
    tabifyDockWidget(byName("MetricsDock"), byName("ChaosDock"));
    tabifyDockWidget(byName("ChaosDock"), byName("FaultsDock"));
    byName("InspectorDock")->raise();
    byName("FindingsDock")->raise();
    resizeDocks(findChildren<QDockWidget *>(QStringLiteral("PaletteDock")), {230}, Qt::Horizontal);
    resizeDocks({byName("InspectorDock")}, {380}, Qt::Horizontal);
    resizeDocks({byName("FindingsDock")}, {210}, Qt::Vertical);
}

void MainWindow::restoreLayout() {
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1440, 900);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::updateTitle() {
    setWindowFilePath(m_document->path());
    setWindowTitle(QStringLiteral("%1[*] — Infrastage").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
}

void MainWindow::setConnectMode(bool on) {
    m_scene->setTool(on ? static_cast<CanvasTool *>(m_connectTool) : m_selectTool);
    m_view->setDragMode(on ? QGraphicsView::NoDrag : QGraphicsView::RubberBandDrag);
    statusBar()->showMessage(on ? tr("Connect: drag from one node to another.") : QString(), 4000);
}

void MainWindow::closeEvent(QCloseEvent *event) {
    if (!m_files->maybeSave()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    m_files->autosaver()->discard();
    m_runner->shutdown(); // nothing outlives the window
    event->accept();
}

void MainWindow::changeEvent(QEvent *event) {
    // Follow the system when it switches between light and dark.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        m_scene->setTheme(DiagramTheme::fromPalette(palette()));
    QMainWindow::changeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    event->acceptProposedAction();
    if (m_files->maybeSave())
        m_files->openPath(urls.first().toLocalFile());
}

} // namespace infrastage::gui
