// MainWindow: actions, menus and the toolbar.
#include "canvas/diagramscene.h"
#include "canvas/diagramview.h"
#include "canvas/iconcache.h"
#include "canvas/selecttool.h"
#include "commands/designeditor.h"
#include "document/document.h"
#include "document/filecontroller.h"
#include "exchange/exportcontroller.h"
#include "grading/gradecontroller.h"
#include "live/lessonplayer.h"
#include "live/linklabelmenu.h"
#include "live/livedocks.h"
#include "live/presentermode.h"
#include "live/runcontroller.h"
#include "mainwindow.h"
#include "replay/replaydocks.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QGraphicsItem>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QUndoStack>

namespace infrastage::gui {

QAction *MainWindow::addAction(const QString &name, const QString &text,
                               const QKeySequence &shortcut, const std::function<void()> &slot) {
    auto *a = new QAction(text, this);
    a->setObjectName(name);
    if (!shortcut.isEmpty())
        a->setShortcut(shortcut);
    if (slot)
        connect(a, &QAction::triggered, this, slot);
    m_actions.insert(name, a);
    // Shortcuts work even when the menu bar is hidden.
    QWidget::addAction(a);
    return a;
}

void MainWindow::createActions() {
    QStyle *s = style();
    addAction(QStringLiteral("new"), tr("&New…"), QKeySequence::New, [this] {
        m_files->newFromTemplateGallery();
    })->setIcon(s->standardIcon(QStyle::SP_FileIcon));
    addAction(QStringLiteral("open"), tr("&Open…"), QKeySequence::Open, [this] {
        m_files->open();
    })->setIcon(s->standardIcon(QStyle::SP_DialogOpenButton));
    addAction(QStringLiteral("import"), tr("&Import Diagram…"), QKeySequence(tr("Ctrl+I")),
              [this] { m_files->importDiagram(); })
        ->setToolTip(tr("Open a Mermaid flowchart (.mmd, or Markdown with a mermaid block) as a "
                        "new design"));
    addAction(QStringLiteral("save"), tr("&Save"), QKeySequence::Save, [this] {
        m_files->save();
    })->setIcon(s->standardIcon(QStyle::SP_DialogSaveButton));
    addAction(QStringLiteral("saveAs"), tr("Save &As…"), QKeySequence::SaveAs,
              [this] { m_files->saveAs(); });
    addAction(QStringLiteral("quit"), tr("&Quit"), QKeySequence::Quit, [this] { close(); });

    QUndoStack *undo = m_document->undoStack();
    QAction *undoAction = undo->createUndoAction(this, tr("&Undo"));
    undoAction->setShortcuts(QKeySequence::Undo);
    undoAction->setIcon(s->standardIcon(QStyle::SP_ArrowBack));
    undoAction->setObjectName(QStringLiteral("undo"));
    m_actions.insert(QStringLiteral("undo"), undoAction);
    QWidget::addAction(undoAction);
    QAction *redoAction = undo->createRedoAction(this, tr("&Redo"));
    redoAction->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))});
    redoAction->setIcon(s->standardIcon(QStyle::SP_ArrowForward));
    redoAction->setObjectName(QStringLiteral("redo"));
    m_actions.insert(QStringLiteral("redo"), redoAction);
    QWidget::addAction(redoAction);

    addAction(QStringLiteral("copy"), tr("&Copy"), QKeySequence::Copy,
              [this] { m_editor->copy(m_scene->selectedNodeIds()); });
    addAction(QStringLiteral("paste"), tr("&Paste"), QKeySequence::Paste, [this] {
        // A copied component goes into the selected server (or the server of the
        // selected component).
        QString server;
        const TopologyData &data = m_document->data();
        for (const QString &id : m_scene->selectedNodeIds()) {
            const Node *n = data.node(id);
            const Node *host = n ? data.host(*n) : nullptr;
            if (host && host->kind == NodeKind::Server) {
                server = host->id;
                break;
            }
        }
        m_scene->selectIds(m_editor->paste(server));
    });
    addAction(QStringLiteral("duplicate"), tr("&Duplicate"), QKeySequence(tr("Ctrl+D")),
              [this] { m_scene->selectIds(m_editor->duplicate(m_scene->selectedNodeIds())); });
    addAction(QStringLiteral("delete"), tr("De&lete"), QKeySequence::Delete, [this] {
        m_editor->remove(m_scene->selectedNodeIds() + m_scene->selectedLinkIds());
    });
    addAction(QStringLiteral("selectAll"), tr("Select &All"), QKeySequence::SelectAll, [this] {
        for (QGraphicsItem *item : m_scene->items())
            item->setSelected(item->flags() & QGraphicsItem::ItemIsSelectable);
    });

    addAction(QStringLiteral("zoomIn"), tr("Zoom &In"), QKeySequence::ZoomIn,
              [this] { m_view->zoomBy(1.25); });
    addAction(QStringLiteral("zoomOut"), tr("Zoom &Out"), QKeySequence::ZoomOut,
              [this] { m_view->zoomBy(0.8); });
    addAction(QStringLiteral("fit"), tr("&Fit to Window"), QKeySequence(tr("Ctrl+0")),
              [this] { m_view->fitContent(); });
    addAction(QStringLiteral("actualSize"), tr("&Actual Size"), QKeySequence(tr("Ctrl+1")),
              [this] { m_view->setZoom(1); });
    QAction *grid = addAction(QStringLiteral("grid"), tr("Show &Grid"), QKeySequence(), nullptr);
    grid->setCheckable(true);
    grid->setChecked(true);
    connect(grid, &QAction::toggled, m_view, &DiagramView::setShowGrid);

    auto *tools = new QActionGroup(this);
    QAction *select = addAction(QStringLiteral("selectTool"), tr("&Select"), QKeySequence(tr("V")),
                                [this] { setConnectMode(false); });
    QAction *connectAction = addAction(QStringLiteral("connectTool"), tr("&Connect"),
                                       QKeySequence(tr("C")), [this] { setConnectMode(true); });
    for (QAction *a : {select, connectAction}) {
        a->setCheckable(true);
        tools->addAction(a);
    }
    select->setChecked(true);
    select->setToolTip(tr("Select and move (V); drag from a node's handle to link it"));
    connectAction->setToolTip(tr("Link nodes by dragging from one to another (C)"));
    QAction *snap = addAction(QStringLiteral("snap"), tr("S&nap to Grid"), QKeySequence(), nullptr);
    snap->setCheckable(true);
    snap->setChecked(true);
    connect(snap, &QAction::toggled, this, [this](bool on) { m_selectTool->setSnapToGrid(on); });

    using Edge = DesignEditor::Edge;
    const struct {
        const char *name;
        const char *text;
        Edge edge;
    } aligns[] = {{"alignLeft", QT_TR_NOOP("Align &Left"), Edge::Left},
                  {"alignHCenter", QT_TR_NOOP("Align &Centre"), Edge::HCenter},
                  {"alignRight", QT_TR_NOOP("Align &Right"), Edge::Right},
                  {"alignTop", QT_TR_NOOP("Align &Top"), Edge::Top},
                  {"alignVCenter", QT_TR_NOOP("Align &Middle"), Edge::VCenter},
                  {"alignBottom", QT_TR_NOOP("Align &Bottom"), Edge::Bottom}};
    for (const auto &a : aligns) {
        const Edge edge = a.edge;
        addAction(QString::fromLatin1(a.name), tr(a.text), QKeySequence(),
                  [this, edge] { m_editor->align(m_scene->selectedNodeIds(), edge); });
    }
    addAction(QStringLiteral("distributeH"), tr("Distribute &Horizontally"), QKeySequence(),
              [this] { m_editor->distribute(m_scene->selectedNodeIds(), Qt::Horizontal); });
    addAction(QStringLiteral("distributeV"), tr("Distribute &Vertically"), QKeySequence(),
              [this] { m_editor->distribute(m_scene->selectedNodeIds(), Qt::Vertical); });
    addAction(QStringLiteral("layout"), tr("&Tidy Layout"), QKeySequence(tr("Ctrl+L")), [this] {
        QString error;
        if (!m_editor->autoLayout(&error))
            statusBar()->showMessage(error, 6000);
        m_view->fitContent();
    });
    for (QAction *a :
         {m_runner->runAction(), m_runner->stopAction(), m_liveDocks->sendRequestAction(),
          m_replay->recordAction(), m_replay->replayAction(), m_replay->exportAction()}) {
        m_actions.insert(a->objectName(), a);
        QWidget::addAction(a);
    }
    m_actions.insert(m_lessons->openAction()->objectName(), m_lessons->openAction());
    QAction *presenter = addAction(QStringLiteral("presenter"), tr("&Presenter Mode"),
                                   QKeySequence(tr("F11")), nullptr);
    presenter->setCheckable(true);
    presenter->setToolTip(tr("Full screen for a class: Space and the arrow keys step the "
                             "walkthrough (or the lesson), Escape ends it (F11)"));
    connect(presenter, &QAction::toggled, m_presenter, &PresenterMode::setOn);
    connect(m_presenter, &PresenterMode::toggled, presenter, &QAction::setChecked);
    // Undo would change what runs: off while the design runs.
    for (QAction *a : {undoAction, redoAction}) {
        auto relock = [this, a] {
            if (m_editor->isLocked())
                a->setEnabled(false);
        };
        connect(undo, &QUndoStack::canUndoChanged, this, relock);
        connect(undo, &QUndoStack::canRedoChanged, this, relock);
        connect(m_runner, &RunController::stateText, this, [this, a, undo] {
            a->setEnabled(
                !m_editor->isLocked() &&
                (a->objectName() == QLatin1String("undo") ? undo->canUndo() : undo->canRedo()));
        });
    }
    addAction(QStringLiteral("about"), tr("&About Infrastage"), QKeySequence(), [this] {
        QMessageBox::about(this, tr("About Infrastage"),
                           tr("<b>Infrastage %1</b><p>Design web infrastructure, see its single "
                              "points of failure and security holes, and run it for real on "
                              "one machine.</p>")
                               .arg(QStringLiteral(INFRASTAGE_VERSION)));
    });
    for (QAction *a : std::as_const(m_actions)) {
        if (a->toolTip().isEmpty() || a->toolTip() == a->text().remove(QLatin1Char('&')))
            a->setToolTip(a->shortcut().isEmpty()
                              ? a->text().remove(QLatin1Char('&')).remove(QStringLiteral("…"))
                              : QStringLiteral("%1 (%2)").arg(
                                    a->text().remove(QLatin1Char('&')).remove(QStringLiteral("…")),
                                    a->shortcut().toString(QKeySequence::NativeText)));
    }
}

void MainWindow::createMenus() {
    auto act = [this](const char *name) { return m_actions.value(QString::fromLatin1(name)); };
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addActions({act("new"), act("open")});
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_files->fillRecentMenu(m_recentMenu);
    file->addSeparator();
    file->addActions({act("save"), act("saveAs")});
    file->addSeparator();
    file->addAction(act("import"));
    m_exportMenu = file->addMenu(tr("&Export"));
    m_exportMenu->setObjectName(QStringLiteral("exportMenu"));
    m_exports->fillMenu(m_exportMenu);
    QMenu *grade = file->addMenu(tr("&Grade Against"));
    grade->setObjectName(QStringLiteral("gradeMenu"));
    m_grades->fillMenu(grade);
    file->addAction(act("exportRecording"));
    file->addSeparator();
    file->addAction(act("quit"));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addActions({act("undo"), act("redo")});
    edit->addSeparator();
    edit->addActions({act("copy"), act("paste"), act("duplicate"), act("delete")});
    edit->addSeparator();
    edit->addAction(act("selectAll"));

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addActions({act("zoomIn"), act("zoomOut"), act("fit"), act("actualSize")});
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(act("grid"));
    m_viewMenu->addAction(act("presenter"));
    m_viewMenu->addMenu(new LinkLabelMenu(m_runner->canvas(), this));
    m_viewMenu->addSeparator();
    for (QDockWidget *d : findChildren<QDockWidget *>())
        m_viewMenu->addAction(d->toggleViewAction());

    QMenu *arrange = menuBar()->addMenu(tr("&Arrange"));
    arrange->addActions({act("selectTool"), act("connectTool"), act("snap")});
    arrange->addSeparator();
    QMenu *align = arrange->addMenu(tr("&Align"));
    align->addActions({act("alignLeft"), act("alignHCenter"), act("alignRight")});
    align->addSeparator();
    align->addActions({act("alignTop"), act("alignVCenter"), act("alignBottom")});
    arrange->addActions({act("distributeH"), act("distributeV")});
    arrange->addSeparator();
    arrange->addAction(act("layout"));

    QMenu *runMenu = menuBar()->addMenu(tr("&Run"));
    runMenu->addActions({act("run"), act("stop")});
    runMenu->addSeparator();
    runMenu->addAction(act("sendRequest"));
    runMenu->addSeparator();
    runMenu->addActions({act("record"), act("replay")});
    menuBar()->addMenu(m_lessons->menu());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(act("about"));

    QToolBar *bar = addToolBar(tr("Main toolbar"));
    bar->setObjectName(QStringLiteral("MainToolbar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setAccessibleName(tr("Main toolbar"));
    bar->addActions({act("new"), act("open"), act("save")});
    bar->addSeparator();
    bar->addActions({act("undo"), act("redo")});
    bar->addSeparator();
    bar->addActions({act("selectTool"), act("connectTool")});
    bar->addSeparator();
    bar->addActions({act("fit"), act("layout")});
    bar->addSeparator();
    bar->addActions({act("run"), act("stop"), act("sendRequest"), act("record")});
    m_viewMenu->addAction(bar->toggleViewAction());
}

void MainWindow::updateActions() {
    const int nodes = int(m_scene->selectedNodeIds().size());
    const int links = int(m_scene->selectedLinkIds().size());
    m_actions.value(QStringLiteral("copy"))->setEnabled(nodes > 0);
    m_actions.value(QStringLiteral("duplicate"))->setEnabled(nodes > 0);
    m_actions.value(QStringLiteral("delete"))->setEnabled(nodes + links > 0);
    for (const char *a :
         {"alignLeft", "alignHCenter", "alignRight", "alignTop", "alignVCenter", "alignBottom"})
        m_actions.value(QString::fromLatin1(a))->setEnabled(nodes > 1);
    m_actions.value(QStringLiteral("distributeH"))->setEnabled(nodes > 2);
    m_actions.value(QStringLiteral("distributeV"))->setEnabled(nodes > 2);
}

} // namespace infrastage::gui
