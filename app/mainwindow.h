#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QMenu;

namespace infrastage::gui {

class AnalysisRunner;
class ConnectTool;
class DesignEditor;
class DiagramScene;
class DiagramView;
class Document;
class ExportController;
class FileController;
class FindingsPanel;
class GradeController;
class InspectorPanel;
class LessonPlayer;
class LiveDocks;
class PresenterMode;
class PaletteWidget;
class ReplayDocks;
class RunController;
class SelectTool;

// The designer's window: palette (left), canvas (centre), inspector (right), findings
// (bottom), menus and toolbar. It wires the pieces together; the thinking happens in them.
class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Document *document() const { return m_document; }
    DiagramScene *scene() const { return m_scene; }
    DiagramView *view() const { return m_view; }
    DesignEditor *editor() const { return m_editor; }
    FileController *files() const { return m_files; }
    ExportController *exports() const { return m_exports; }
    GradeController *grades() const { return m_grades; }
    AnalysisRunner *analysis() const { return m_analysis; }
    FindingsPanel *findingsPanel() const { return m_findings; }
    InspectorPanel *inspector() const { return m_inspector; }
    PaletteWidget *paletteWidget() const { return m_palette; }
    RunController *runner() const { return m_runner; }
    LiveDocks *liveDocks() const { return m_liveDocks; }
    LessonPlayer *lessons() const { return m_lessons; }
    ReplayDocks *replayDocks() const { return m_replay; }
    PresenterMode *presenter() const { return m_presenter; }
    QAction *action(const QString &name) const;
    // Selects the first finding of `rule` in the findings dock (and so its nodes).
    void showFinding(const QString &rule);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createDocks();
    void createActions();
    void createMenus();
    void updateTitle();
    void updateActions();
    void restoreLayout();
    void setConnectMode(bool on);
    QAction *addAction(const QString &name, const QString &text, const QKeySequence &shortcut,
                       const std::function<void()> &slot);

    Document *m_document;
    DiagramScene *m_scene;
    DiagramView *m_view;
    DesignEditor *m_editor;
    FileController *m_files;
    ExportController *m_exports;
    GradeController *m_grades;
    AnalysisRunner *m_analysis;
    RunController *m_runner;
    LiveDocks *m_liveDocks = nullptr;
    LessonPlayer *m_lessons = nullptr;
    ReplayDocks *m_replay = nullptr;
    PresenterMode *m_presenter = nullptr;
    SelectTool *m_selectTool;
    ConnectTool *m_connectTool;
    PaletteWidget *m_palette = nullptr;
    InspectorPanel *m_inspector = nullptr;
    FindingsPanel *m_findings = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_exportMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QLabel *m_zoomLabel = nullptr;
    QLabel *m_findingsLabel = nullptr;
    QLabel *m_runLabel = nullptr;
    QHash<QString, QAction *> m_actions;
};

} // namespace infrastage::gui
