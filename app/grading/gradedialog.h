#pragma once

#include "grader.h"

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace infrastage::gui {

// File > Grade Against: the grade of the open design, a score and one line per criterion with
// its pass or fail mark, and a button copying the Markdown report a teacher pastes into
// feedback. While the design runs for the "runs" criterion, a busy bar says so.
class GradeDialog final : public QDialog {
    Q_OBJECT

public:
    explicit GradeDialog(QWidget *parent = nullptr);

    // Grading against `rubric` has started; `running`: the design is being started.
    void showProgress(const Rubric &rubric, bool running);
    void showGrade(const Grade &grade);
    bool isDone() const { return m_done; }
    const Grade &grade() const { return m_grade; }

    QTreeWidget *criteria() const { return m_criteria; }
    QLabel *scoreLabel() const { return m_score; }
    QPushButton *copyButton() const { return m_copy; }

private:
    void copyMarkdown();

    QLabel *m_title;
    QLabel *m_score;
    QProgressBar *m_progress;
    QTreeWidget *m_criteria;
    QPushButton *m_copy;
    Grade m_grade;
    bool m_done = false;
};

} // namespace infrastage::gui
