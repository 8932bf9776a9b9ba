#include "lessonpanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace infrastage::gui {

namespace {
const QString Held = QStringLiteral("✓");
const QString NotHeld = QStringLiteral("✗");
} // namespace

LessonPanel::LessonPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(tr("No lesson open. Lessons ▸ Open Lesson… plays one on the design.")))
    , m_progress(new QLabel)
    , m_caption(new QLabel)
    , m_results(new QListWidget)
    , m_summary(new QLabel)
    , m_next(new QPushButton(tr("&Next Step")))
    , m_runToEnd(new QPushButton(tr("Run to &End")))
    , m_stop(new QPushButton(tr("Stop Lesson"))) {
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_caption->setObjectName(QStringLiteral("lessonCaption"));
    m_caption->setWordWrap(true);
    QFont big = m_caption->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    m_caption->setFont(big);
    m_results->setObjectName(QStringLiteral("lessonResults"));
    m_results->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("lessonSummary"));
    m_summary->setWordWrap(true);
    m_next->setObjectName(QStringLiteral("lessonNext"));
    m_next->setToolTip(tr("Play the next step of the lesson (Space in presenter mode)"));
    m_runToEnd->setObjectName(QStringLiteral("lessonRunToEnd"));
    m_runToEnd->setToolTip(tr("Play every remaining step without stopping"));
    m_stop->setObjectName(QStringLiteral("lessonStop"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_next);
    buttons->addWidget(m_runToEnd);
    buttons->addStretch();
    buttons->addWidget(m_stop);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_progress);
    layout->addWidget(m_caption);
    layout->addLayout(buttons);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_summary);
    connect(m_next, &QPushButton::clicked, this, &LessonPanel::nextRequested);
    connect(m_runToEnd, &QPushButton::clicked, this, &LessonPanel::runToEndRequested);
    connect(m_stop, &QPushButton::clicked, this, &LessonPanel::stopRequested);
    setPlaying(false, false);
}

void LessonPanel::setPlaying(bool playing, bool canGoOn) {
    m_next->setEnabled(playing && canGoOn);
    m_runToEnd->setEnabled(playing && canGoOn);
    m_stop->setEnabled(playing);
}

void LessonPanel::begin(const QString &title, int steps) {
    m_steps = steps;
    m_title->setText(tr("Lesson: %1").arg(title));
    m_progress->setText(tr("Starting the design…"));
    m_caption->clear();
    m_results->clear();
    m_summary->clear();
    setPlaying(true, false);
}

void LessonPanel::showStep(int index, const QString &caption) {
    m_progress->setText(tr("Step %1 of %2").arg(index + 1).arg(m_steps));
    m_caption->setText(caption);
    auto *header = new QListWidgetItem(tr("Step %1: %2").arg(index + 1).arg(caption), m_results);
    QFont bold = header->font();
    bold.setBold(true);
    header->setFont(bold);
    m_results->scrollToItem(header);
    setPlaying(true, false);
}

void LessonPanel::stepDone(const runtime::LessonStepResult &result, bool waitingForNext) {
    if (!result.action.isEmpty())
        new QListWidgetItem(
            result.actionError.isEmpty()
                ? tr("   did: %1").arg(result.action)
                : tr("   %1 could not be done: %2").arg(result.action, result.actionError),
            m_results);
    for (const runtime::ExpectationResult &e : result.expectations) {
        auto *item = new QListWidgetItem(
            QStringLiteral("%1 %2 (%3)").arg(e.held ? Held : NotHeld, e.text, e.measured),
            m_results);
        item->setForeground(e.held ? QColor(0x1b, 0x7f, 0x3a) : QColor(0xc6, 0x28, 0x28));
    }
    if (m_results->count() > 0)
        m_results->scrollToItem(m_results->item(m_results->count() - 1));
    if (waitingForNext)
        m_progress->setText(tr("Step %1 of %2 done: Next plays step %3")
                                .arg(result.index + 1)
                                .arg(m_steps)
                                .arg(result.index + 2));
    setPlaying(true, waitingForNext);
}

void LessonPanel::finish(const runtime::LessonSummary &summary) {
    m_progress->setText(tr("Lesson over"));
    QString text = summary.passed()
                       ? tr("%1 All %2 expectations held.").arg(Held).arg(summary.expectations())
                       : tr("%1 %2 of %3 expectations held.")
                             .arg(NotHeld)
                             .arg(summary.held())
                             .arg(summary.expectations());
    if (!summary.error.isEmpty())
        text += QLatin1Char(' ') + tr("Stopped early: %1.").arg(summary.error);
    m_summary->setText(text);
    setPlaying(false, false);
}

void LessonPanel::fail(const QString &reason) {
    m_progress->setText(tr("The lesson cannot be played"));
    m_summary->setText(reason);
    setPlaying(false, false);
}

QString LessonPanel::caption() const {
    return m_caption->text();
}

QStringList LessonPanel::results() const {
    QStringList lines;
    for (int i = 0; i < m_results->count(); ++i)
        lines << m_results->item(i)->text();
    return lines;
}

} // namespace infrastage::gui
