#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QMenu;
class QThread;
class QWidget;

namespace infrastage::gui {

class Document;
class GradeDialog;

// File > Grade Against: grades the open design (unsaved edits included) against a shipped
// rubric or a rubric file with the same Grader as `infrastage-cli grade`. Grading runs off the
// GUI thread, since the "runs" criterion starts the design's real processes and sends a
// request through them; the dialog shows a busy bar meanwhile, then the result.
class GradeController final : public QObject {
    Q_OBJECT

public:
    GradeController(Document *document, QWidget *window);
    ~GradeController() override; // waits for a grading still running

    // One action per shipped rubric (examples/rubrics), then "Rubric File…".
    void fillMenu(QMenu *menu);
    // Grades against the rubric at `rubricPath` and shows the dialog. False when the rubric
    // cannot be read (said in a message box, or in lastError()) or a grading is running.
    bool gradeAgainst(const QString &rubricPath);
    // Asks for a rubric file, starting in the shipped folder.
    void gradeAgainstFile();

    // The infrastage-cli the "runs" criterion starts; default: next to this program. Empty:
    // that criterion is not checked.
    void setCli(const QString &cli) { m_cli = cli; }
    void setInteractive(bool interactive) { m_interactive = interactive; }
    QString lastError() const { return m_lastError; }
    GradeDialog *dialog() const;
    bool isGrading() const { return m_thread != nullptr; }

Q_SIGNALS:
    void graded();

private:
    Document *m_document;
    QWidget *m_window;
    QString m_cli;
    QString m_lastError;
    bool m_interactive = true;
    QPointer<GradeDialog> m_dialog;
    QThread *m_thread = nullptr;
};

} // namespace infrastage::gui
