#include "gradedialog.h"

#include "gradereport.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace infrastage::gui {

namespace {
enum Column { Mark, Points, Criterion, Found, ColumnCount };
}

GradeDialog::GradeDialog(QWidget *parent)
    : QDialog(parent)
    , m_title(new QLabel(this))
    , m_score(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_criteria(new QTreeWidget(this))
    , m_copy(new QPushButton(tr("Copy as &Markdown"), this)) {
    setObjectName(QStringLiteral("gradeDialog"));
    setWindowTitle(tr("Grade"));
    resize(980, 460);
    QFont big = m_score->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_score->setFont(big);
    m_title->setWordWrap(true);
    m_progress->setRange(0, 0); // busy: how long a run takes is not known
    m_criteria->setColumnCount(ColumnCount);
    m_criteria->setHeaderLabels({QString(), tr("Points"), tr("Criterion"), tr("Found")});
    m_criteria->setRootIsDecorated(false);
    m_criteria->setWordWrap(true);
    m_criteria->header()->setSectionResizeMode(Mark, QHeaderView::ResizeToContents);
    m_criteria->header()->setSectionResizeMode(Points, QHeaderView::ResizeToContents);
    m_criteria->header()->setSectionResizeMode(Criterion, QHeaderView::Stretch);
    m_criteria->header()->setSectionResizeMode(Found, QHeaderView::Stretch);
    m_copy->setEnabled(false);
    m_copy->setObjectName(QStringLiteral("copyMarkdown"));
    connect(m_copy, &QPushButton::clicked, this, &GradeDialog::copyMarkdown);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_copy, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_score);
    layout->addWidget(m_progress);
    layout->addWidget(m_criteria, 1);
    layout->addWidget(buttons);
}

void GradeDialog::showProgress(const Rubric &rubric, bool running) {
    m_done = false;
    m_copy->setEnabled(false);
    m_criteria->clear();
    m_title->setText(tr("Against the rubric <b>%1</b> (%2)")
                         .arg(rubric.title.toHtmlEscaped(), rubric.exercise.toHtmlEscaped()));
    m_score->setText(running ? tr("Grading: starting the design and sending one request…")
                             : tr("Grading…"));
    m_progress->show();
}

void GradeDialog::showGrade(const Grade &grade) {
    m_grade = grade;
    m_done = true;
    m_progress->hide();
    m_criteria->clear();
    if (!grade.read) {
        m_score->setText(tr("Not graded: %1").arg(grade.error));
        return;
    }
    const int percent = grade.maxPoints ? qRound(100.0 * grade.points / grade.maxPoints) : 0;
    m_score->setText(
        tr("Score: %1 / %2 (%3 %)").arg(grade.points).arg(grade.maxPoints).arg(percent));
    const QColor pass(0x2e, 0x7d, 0x32);
    const QColor fail(0xc6, 0x28, 0x28);
    for (const CriterionResult &r : grade.results) {
        auto *item = new QTreeWidgetItem(m_criteria);
        item->setText(Mark, !r.checked ? QStringLiteral("–")
                                       : (r.passed ? QStringLiteral("✔") : QStringLiteral("✘")));
        item->setForeground(Mark, r.passed ? pass : fail);
        item->setToolTip(Mark,
                         !r.checked ? tr("not checked") : (r.passed ? tr("passed") : tr("failed")));
        item->setText(Points, QStringLiteral("%1/%2")
                                  .arg(r.checked && r.passed ? r.criterion.points : 0)
                                  .arg(r.criterion.points));
        item->setText(Criterion, r.criterion.text);
        item->setToolTip(Criterion, r.criterion.text);
        item->setText(Found, r.detail);
        item->setToolTip(Found, r.detail);
    }
    m_copy->setEnabled(true);
}

void GradeDialog::copyMarkdown() {
    QApplication::clipboard()->setText(QString::fromUtf8(GradeReport::markdown(m_grade)));
}

} // namespace infrastage::gui
